import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './card-worker';
import type { EncodedImage } from './png-encoder';
import type { RenderJob } from './render-card';

// Card rendering is CPU-bound (Skia + deflate): a pool of worker threads sized to the cores keeps it off
// the thread that answers the API. Workers start on first use; a crashed worker is replaced and only its
// own job fails. A card someone is waiting for (a preview, the card of a message) goes ahead of the batch
// work of a generation task: it takes the next free slot.

export interface RenderPool {
  readonly size: number;
  /** `urgent`: someone waits for this card; it is drawn before the queued batch work. */
  render(job: RenderJob, options?: { urgent?: boolean }): Promise<EncodedImage>;
  close(): Promise<void>;
}

interface Pending { job: RenderJob; resolve: (image: EncodedImage) => void; reject: (err: Error) => void }

// Two jobs in flight per worker hide the message round trip behind the next card's drawing.
const perWorker = 2;

let devBundle: URL | undefined;

/** The worker's code: dist/electron/card-worker.mjs next to the bundled main process, or, when running
 *  from TypeScript sources (tests, `serve`), the same bundle built once per process with esbuild (a worker
 *  that loads TypeScript through tsx instead costs ~50 MB more each). */
function workerUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./card-worker.mjs', here);
  if (!devBundle) {
    const root = fileURLToPath(new URL('../../../', here));
    const dir = `${root}node_modules/.cache/oomus`;
    mkdirSync(dir, { recursive: true });
    const outfile = `${dir}/card-worker-${process.pid}-${Date.now()}.mjs`;
    const esbuild = createRequire(here)('esbuild') as typeof import('esbuild');
    esbuild.buildSync({
      entryPoints: [fileURLToPath(new URL('./card-worker.ts', here))], outfile, bundle: true, platform: 'node',
      format: 'esm', packages: 'external', target: 'node20', logLevel: 'warning',
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    devBundle = pathToFileURL(outfile);
  }
  return devBundle;
}

function spawn(): Worker {
  return new Worker(workerUrl());
}

export function createRenderPool(size = Math.max(1, availableParallelism())): RenderPool {
  const urgent: Pending[] = [];
  const queue: Pending[] = [];
  const waiting = (): number => urgent.length + queue.length;
  const slots: { worker: Worker; inFlight: Map<number, Pending> }[] = [];
  let nextId = 1;
  let closed = false;

  const startWorker = (): void => {
    const slot = { worker: spawn(), inFlight: new Map<number, Pending>() };
    slot.worker.on('message', (m: WorkerResponse) => {
      const pending = slot.inFlight.get(m.id);
      if (!pending) return;
      slot.inFlight.delete(m.id);
      if (slot.inFlight.size === 0) slot.worker.unref(); // idle workers never keep the process alive
      if (m.ok) pending.resolve({ width: m.width, height: m.height, idat: Buffer.from(m.idat) });
      else pending.reject(new Error(`card rendering failed: ${m.message}`));
      pump();
    });
    const fail = (err: Error): void => {
      for (const pending of slot.inFlight.values()) pending.reject(err);
      slot.inFlight.clear();
      slots.splice(slots.indexOf(slot), 1);
      if (!closed && waiting()) { startWorker(); pump(); }
    };
    slot.worker.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
    slot.worker.on('exit', (code) => { if (!closed && slots.includes(slot)) fail(new Error(`render worker exited with code ${code}`)); });
    slot.worker.unref();
    slots.push(slot);
  };

  const pump = (): void => {
    while (waiting()) {
      if (slots.length < size && slots.every((s) => s.inFlight.size > 0)) startWorker();
      const slot = slots.reduce<(typeof slots)[number] | undefined>((best, s) => (!best || s.inFlight.size < best.inFlight.size ? s : best), undefined);
      if (!slot || slot.inFlight.size >= perWorker) return;
      const pending = (urgent.length ? urgent : queue).shift()!;
      const id = nextId++;
      slot.inFlight.set(id, pending);
      slot.worker.ref();
      slot.worker.postMessage({ id, job: pending.job } satisfies WorkerRequest);
    }
  };

  return {
    size,
    render(job, options = {}) {
      if (closed) return Promise.reject(new Error('render pool closed'));
      return new Promise<EncodedImage>((resolve, reject) => {
        (options.urgent ? urgent : queue).push({ job, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of [...urgent.splice(0), ...queue.splice(0)]) pending.reject(new Error('render pool closed'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}
