// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS, one file) into dist/electron.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main/index.ts'],
  outfile: 'dist/electron/main.mjs',
  format: 'esm',
  packages: 'external',
});
// Card render workers run in their own file next to main.mjs (see electron/core/cards/render-pool.ts).
await build({
  ...common,
  entryPoints: ['electron/core/cards/card-worker.ts'],
  outfile: 'dist/electron/card-worker.mjs',
  format: 'esm',
  packages: 'external',
});
// The sync's page writer runs in its own thread too (see electron/core/sync/page-writer.ts).
await build({
  ...common,
  entryPoints: ['electron/core/sync/page-writer-worker.ts'],
  outfile: 'dist/electron/sync-writer.mjs',
  format: 'esm',
  packages: 'external',
});
await build({
  ...common,
  entryPoints: ['electron/preload/index.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
console.log('built dist/electron/main.mjs, card-worker.mjs, sync-writer.mjs and preload.cjs');
