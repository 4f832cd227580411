import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The renderer only: the same build is loaded by Electron (app://oomus/) and served by `npm run serve`.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  // The renderer's one way into the engine: the API contract (types, shared lists, the typed client).
  resolve: { alias: { '@contract': fileURLToPath(new URL('./electron/core/api/contract/index.ts', import.meta.url)) } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts or module-preload polyfill: the CSP allows the app's own files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
