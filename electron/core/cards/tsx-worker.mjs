// Development only: lets a worker thread load TypeScript sources through tsx (the bundled app uses
// dist/electron/card-worker.mjs instead).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
