// The /api route table of the sandbox: which handler answers, whether it needs credentials, and whether it
// is a tracker data page (what the page-pinned faults and unauthorizedAfter count) or a file/image request
// (what the image faults count).
import type { SandboxUserInfo } from './auth';
import type { Catalog } from './catalog';
import { collections, loginConfig, me, metadataList, metadataObject, systemInfo } from './metadata-routes';
import { attributeImage, fileResource } from './photos';
import { generateValues, requiredValues } from './reserved-values';
import { legacyTeiWrite, trackerImport, trackerJob } from './tracker-import';
import { legacyList, singleObject, trackerList, type RouteContext } from './tracker-routes';
import { ApiError, type Params, type Reply } from './web';

export interface Target {
  public: boolean;
  dataPage: boolean;
  /** A photo or file resource (never a data page). */
  image?: boolean;
  handler: () => Reply;
  /** A write (POST/PUT): answered from the JSON body and the user who sent it, instead of `handler`. */
  write?: (body: unknown, user: SandboxUserInfo) => Reply;
}

const fail = (err: ApiError): Target => ({ public: false, dataPage: false, handler: () => { throw err; } });
const get = (handler: () => Reply, dataPage = false): Target => ({ public: false, dataPage, handler });
const file = (handler: () => Reply): Target => ({ public: false, dataPage: false, image: true, handler });

export function route(c: RouteContext, catalog: Catalog, method: string, url: URL, params: Params, userAgent: string): Target {
  // /api/41/me and /api/me.json are the same resource as /api/me.
  const segments = url.pathname.split('/').filter(Boolean).slice(1);
  if (/^\d{2}$/.test(segments[0] ?? '')) segments.shift();
  const last = segments.length - 1;
  if (last >= 0) segments[last] = (segments[last] ?? '').replace(/\.json$/, '');
  const path = segments.join('/');
  const notFound = new ApiError(404, c.traits.minor >= 42 ? `No endpoint ${method} ${url.pathname}.` : `No handler found for ${method} ${url.pathname}`);
  if (path === 'loginConfig' && c.traits.loginConfig) {
    return { public: true, dataPage: false, handler: () => (method === 'GET' ? loginConfig(c) : notAllowed(method)) };
  }
  const [a = '', b, d, extra] = segments;
  // Writes: the tracker importer (2.36+) and the legacy tracked entity instances (up to 2.41).
  const writeTarget = (write: NonNullable<Target['write']>): Target => ({ public: false, dataPage: false, handler: () => { throw new ApiError(500, 'a write needs its body'); }, write });
  const importContext = (user: SandboxUserInfo) => ({ pop: c.pop, traits: c.traits, now: c.now, baseUrl: c.baseUrl, user });
  if (path === 'tracker' && method === 'POST') return writeTarget((body, user) => trackerImport(importContext(user), params, body));
  if (a === 'trackedEntityInstances' && c.traits.legacyApi && d === undefined && ((method === 'PUT' && b) || (method === 'POST' && !b))) {
    return writeTarget((body, user) => legacyTeiWrite(importContext(user), params, b, body));
  }
  if (method !== 'GET' && method !== 'HEAD') return fail(new ApiError(405, `Request method '${method}' is not supported`));
  if (a === 'tracker' && b === 'jobs' && d && (extra === undefined || (extra === 'report' && segments.length === 4))) {
    return get(() => trackerJob(importContext({ username: '', canWrite: false }), d, extra === 'report'));
  }
  if (a === 'trackedEntityAttributes' && b && (d === 'generateAndReserve' || d === 'generate' || d === 'requiredValues') && extra === undefined) {
    const rc = { pop: c.pop, traits: c.traits, now: c.now };
    return get(() => (d === 'requiredValues' ? requiredValues(rc, b) : generateValues(rc, b, params, d === 'generateAndReserve')));
  }
  // Photos: /tracker/trackedEntities/{te}/attributes/{attribute}/image|file (2.41+), the legacy
  // /trackedEntityInstances/{tei}/{attribute}/image (up to 2.41), and /fileResources/{id}[/data].
  const [, , , , attribute, what, beyond] = segments;
  if (a === 'tracker' && b === 'trackedEntities' && d && extra === 'attributes' && attribute && (what === 'image' || what === 'file') &&
      beyond === undefined && c.traits.minor >= 41) {
    return file(() => attributeImage(c, params, d, attribute, 'tracker', what));
  }
  if (a === 'trackedEntityInstances' && b && d && extra === 'image' && attribute === undefined && c.traits.legacyApi) {
    return file(() => attributeImage(c, params, b, d, 'legacy', 'image'));
  }
  if (a === 'fileResources' && b && (d === undefined || (d === 'data' && extra === undefined))) {
    return file(() => fileResource(c, params, b, d === 'data'));
  }
  if (extra !== undefined) return fail(notFound);
  if (path === 'system/info') return get(() => systemInfo(c, userAgent, params));
  if (path === 'me') return get(() => me(catalog, params));
  if (a === 'tracker' && (b === 'trackedEntities' || b === 'enrollments')) {
    return d === undefined ? get(() => trackerList(c, url, params, b), true) : get(() => singleObject(c, params, b, d, false));
  }
  if ((a === 'trackedEntityInstances' || a === 'enrollments') && c.traits.legacyApi && d === undefined) {
    const resource = a === 'trackedEntityInstances' ? 'trackedEntities' : 'enrollments';
    return b === undefined ? get(() => legacyList(c, url, params, resource), true) : get(() => singleObject(c, params, resource, b, true));
  }
  const collection = collections.find((name) => name === a);
  if (collection && d === undefined) {
    return b === undefined ? get(() => metadataList(c, catalog, url, params, collection)) : get(() => metadataObject(c, catalog, params, collection, b));
  }
  return fail(notFound);
}

function notAllowed(method: string): Reply {
  throw new ApiError(405, `Request method '${method}' is not supported`);
}
