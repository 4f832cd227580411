import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { createApp, type App } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logger';
import { createSandbox, type Sandbox } from '../sandbox/server';
import { referenceMapping } from './reference-mapping';
import { waitForTask } from './dhis2';
import { tempDir } from './temp';

export const programmeUid = 'P3jJH5Tu5VC';

export { referenceMapping };

/** An app whose cache holds a synced sandbox programme; `mapped: false` leaves the mapping empty. */
export async function syncedApp(options: { enrollments?: number; mapped?: boolean } = {}): Promise<{ app: App; sandbox: Sandbox; close: () => Promise<void> }> {
  const sandbox = await createSandbox({ enrollments: options.enrollments ?? 60 });
  const app = await createApp({ dataDir: tempDir(), logger: silentLogger, background: false, renderWorkers: 1, dhis2: { pageSize: 50 } });
  const close = async (): Promise<void> => { await app.close(); await sandbox.close(); };
  try {
    assert.equal((await app.dispatch('POST', '/dhis2/config', { url: sandbox.url, username: 'admin', password: 'district' })).status, 200);
    const started = await app.dispatch('POST', '/dhis2/sync', { programme_uid: programmeUid });
    assert.equal(started.status, 202);
    assert.equal((await waitForTask(app, (started.body as any).task_id)).status, 'completed');
    if (options.mapped !== false) {
      const mapped = await app.dispatch('POST', '/dhis2/assign-codes', { programme_uid: programmeUid, mappings: referenceMapping });
      assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { app, sandbox, close };
}

/** Pixels per metre from a PNG's pHYs chunk, or undefined when it has none. */
export function pngPhys(png: Uint8Array): { x: number; y: number; unit: number } | undefined {
  const buf = Buffer.from(png);
  let at = 8;
  while (at < buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('ascii', at + 4, at + 8);
    if (type === 'pHYs') return { x: buf.readUInt32BE(at + 8), y: buf.readUInt32BE(at + 12), unit: buf[at + 16]! };
    at += 12 + length;
  }
  return undefined;
}

export function decodePng(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}
