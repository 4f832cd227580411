import { parentPort } from 'node:worker_threads';
import { renderCard, type RenderJob } from './render-card';

// A render worker: cards in, encoded pixels out (transferred, not copied).

export interface WorkerRequest { id: number; job: RenderJob }
export type WorkerResponse =
  | { id: number; ok: true; width: number; height: number; idat: ArrayBuffer }
  | { id: number; ok: false; message: string };

parentPort?.on('message', (request: WorkerRequest) => {
  try {
    const image = renderCard(request.job);
    const idat = image.idat.buffer.slice(image.idat.byteOffset, image.idat.byteOffset + image.idat.byteLength) as ArrayBuffer;
    const response: WorkerResponse = { id: request.id, ok: true, width: image.width, height: image.height, idat };
    parentPort!.postMessage(response, [idat]);
  } catch (err) {
    parentPort!.postMessage({ id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies WorkerResponse);
  }
});
