// /__sandbox/* admin routes (no auth, JSON): look at the sandbox and steer it from outside the process.
import type { IncomingMessage } from 'node:http';
import { sandboxPat, sandboxUser } from './auth';
import { parseChangeSpec } from './changes';
import { parseFaults, type FaultState } from './faults';
import type { Population } from './population';
import type { VersionTraits } from './versions';
import { jsonReply, type Reply } from './web';

export interface AdminContext {
  pop: Population;
  traits: VersionTraits;
  faults: FaultState;
  clock: () => Date;
  baseUrl: string;
  requests: { length: number };
  /** The link in front of /api: body bytes it carried. */
  link?: { bytesSent: number };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_048_576) throw new Error('body over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

export function sandboxState(c: AdminContext): Record<string, unknown> {
  return {
    version: c.traits.version, url: c.baseUrl, seed: c.pop.seed, counts: c.pop.counts(), faults: c.faults.faults,
    dataPageRequests: c.faults.dataPageRequests, dataPagesServed: c.faults.dataPagesServed, imageRequests: c.faults.imageRequests,
    photos: c.pop.fileResources.size, requestsLogged: c.requests.length, bytesSent: c.link?.bytesSent ?? 0,
    credentials: { username: sandboxUser.username, password: sandboxUser.password, personalAccessToken: c.traits.personalAccessTokens ? sandboxPat : null },
  };
}

export async function adminRoute(req: IncomingMessage, url: URL, c: AdminContext): Promise<Reply> {
  const key = `${req.method ?? 'GET'} ${url.pathname}`;
  try {
    switch (key) {
      case 'GET /__sandbox/state':
        return jsonReply(200, sandboxState(c));
      case 'POST /__sandbox/faults':
        c.faults.set(parseFaults(await readJson(req)));
        return jsonReply(200, { faults: c.faults.faults });
      case 'POST /__sandbox/reset-faults':
        c.faults.clear();
        return jsonReply(200, { faults: c.faults.faults });
      case 'GET /__sandbox/truth':
        // The hard population's labels: which tracked entities are one person (for measuring a matcher).
        return jsonReply(200, { trackedEntities: Object.fromEntries(c.pop.truth) });
      case 'POST /__sandbox/advance':
        return jsonReply(200, c.pop.advance(parseChangeSpec(await readJson(req)), c.clock()));
      default:
        return jsonReply(404, { error: `no admin route ${key}; known: GET /__sandbox/state, GET /__sandbox/truth, POST /__sandbox/faults, POST /__sandbox/advance, POST /__sandbox/reset-faults` });
    }
  } catch (err) {
    return jsonReply(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
