import type { App } from '../core/app';
import type { Busy } from './shell-policy';

/** What the engine is doing that quitting would cut off: syncs and generations not finished (they resume
 * at the next start, but the office may be waiting for them), and messages being handed to a provider. */
export function busyWork(core: App): Busy {
  return {
    syncs: core.tasks.interrupted('sync').length,
    generations: core.tasks.interrupted('generation').length,
    sending: core.messaging.outbox.counts().sending,
  };
}
