// Photos: an IMAGE attribute's value is the UID of a file resource; its bytes are a head-and-shoulders
// silhouette drawn from that UID (same UID, same bytes). Served the way each version serves them:
//   2.41+   GET /api/tracker/trackedEntities/{te}/attributes/{attribute}/image[?program&dimension] (and /file)
//   ≤ 2.41  GET /api/trackedEntityInstances/{tei}/{attribute}/image (legacy; removed in 2.42)
//   all     GET /api/fileResources/{id} (metadata JSON), GET /api/fileResources/{id}/data (the bytes)
import { createHash } from 'node:crypto';
import { createCanvas } from '@napi-rs/canvas';
import { parseFields, project, type Doc } from './fields';
import type { FileResource, Population, TrackedEntity } from './population';
import { stream } from './random';
import type { RouteContext } from './tracker-routes';
import { ApiError, jsonReply, type Params, type Reply } from './web';

/** Share of vaccinated persons with a photo. */
export const photoShare = 0.3;

const laterAttributes = new WeakMap<Population, Set<string>>();

/** Uploads a new photo for the person and points the photo attribute at it (a previous one stays stored). */
export function assignPhoto(pop: Population, te: TrackedEntity, at: string): FileResource {
  const attribute = pop.metadata.attribute.photo.id;
  const png = pop.photoRng() < 0.25; // most phones send JPEG
  const resource: FileResource = {
    uid: pop.newFileResourceUid(), trackedEntity: te.uid, attribute, contentType: png ? 'image/png' : 'image/jpeg', createdAt: at, storedBy: te.storedBy,
  };
  pop.fileResources.set(resource.uid, resource);
  const current = te.attributes.find((a) => a.attribute === attribute);
  if (current) {
    current.value = resource.uid;
    current.updatedAt = at;
    return resource;
  }
  // Kept in attribute order, as the other values are: before the first attribute that comes after the photo.
  let later = laterAttributes.get(pop);
  if (!later) {
    const ids = pop.attributes.map((a) => a.id);
    laterAttributes.set(pop, (later = new Set(ids.slice(ids.indexOf(attribute) + 1))));
  }
  const after = later;
  const index = te.attributes.findIndex((a) => after.has(a.attribute));
  const value = { attribute, value: resource.uid, createdAt: at, updatedAt: at, storedBy: te.storedBy };
  if (index < 0) te.attributes.push(value);
  else te.attributes.splice(index, 0, value);
  return resource;
}

/** The file name DHIS2 keeps from the upload. */
export const fileName = (r: FileResource): string => `photo_${r.uid}.${r.contentType === 'image/png' ? 'png' : 'jpg'}`;

// ---- The bytes -----------------------------------------------------------------------------------

const backdrops = ['#dfe7ec', '#e8e2d6', '#d9e6dc', '#e6dde8', '#f0e6d2', '#d6e2ef'];
const skins = ['#5b3a29', '#6d4c41', '#7b5136', '#8d5b3c', '#4a2f22', '#a0694a'];
const clothes = ['#1e5a8c', '#8c2f39', '#2e7d5b', '#d68a1c', '#4b3f72', '#37474f', '#b0413e'];
const hairs = ['#1b1410', '#2b1d16', '#3a2a20'];

const caches = new WeakMap<Population, Map<string, Buffer>>();
const maxCached = 2000;

/** A ~200 × 250 ID photo drawn from the UID: backdrop, shoulders, neck, head, hair (or a head wrap). */
function draw(uid: string, type: FileResource['contentType']): Buffer {
  const rng = stream(0, uid);
  const pick = <T>(list: T[]): T => list[Math.floor(rng() * list.length)] as T;
  const canvas = createCanvas(200, 250);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = pick(backdrops);
  ctx.fillRect(0, 0, 200, 250);
  const skin = pick(skins);
  const cx = 100 + Math.round((rng() - 0.5) * 16);
  ctx.fillStyle = pick(clothes);
  ctx.beginPath();
  ctx.ellipse(cx, 262, 92 + rng() * 10, 78, 0, Math.PI, 0);
  ctx.fill();
  ctx.fillStyle = skin;
  ctx.fillRect(cx - 17, 140, 34, 46);
  ctx.beginPath();
  ctx.ellipse(cx, 112, 44 + rng() * 6, 56 + rng() * 6, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = rng() < 0.3 ? pick(clothes) : pick(hairs);
  ctx.beginPath();
  ctx.ellipse(cx, 78, 48, 30, 0, Math.PI, 0);
  ctx.fill();
  return type === 'image/png' ? canvas.encodeSync('png') : canvas.encodeSync('jpeg', 85);
}

/** The stored bytes of a file resource (drawn once, then cached per UID). */
export function photoBytes(pop: Population, uid: string): Buffer | undefined {
  const resource = pop.fileResource(uid);
  if (!resource) return undefined;
  let cache = caches.get(pop);
  if (!cache) caches.set(pop, (cache = new Map()));
  let bytes = cache.get(uid);
  if (!bytes) {
    bytes = draw(uid, resource.contentType);
    if (cache.size >= maxCached) cache.delete(cache.keys().next().value ?? '');
    cache.set(uid, bytes);
  }
  return bytes;
}

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

function fileReply(resource: FileResource, bytes: Buffer): Reply {
  return {
    status: 200,
    headers: {
      'content-type': resource.contentType, 'content-disposition': `filename=${fileName(resource)}`,
      etag: `"${md5(bytes)}"`, 'cache-control': 'no-cache, private',
    },
    body: bytes,
  };
}

// ---- Routes --------------------------------------------------------------------------------------

const dimensions = ['SMALL', 'MEDIUM', 'LARGE', 'ORIGINAL'];

/**
 * An IMAGE attribute value of a tracked entity. New API: the attributes the TE shows through `program`
 * (without it, only its type's: a programme attribute is then "not found"). Legacy: every value it has.
 */
export function attributeImage(c: RouteContext, params: Params, teUid: string, attributeUid: string, api: 'tracker' | 'legacy', kind: 'image' | 'file'): Reply {
  const notFound = (message: string): ApiError => new ApiError(404, message, c.traits.notFoundErrorCode ? 'E1005' : undefined);
  const dimension = params.get('dimension');
  if (dimension !== undefined) {
    if (kind === 'file') throw new ApiError(400, "Request parameter 'dimension' is only supported for images by API /tracker/trackedEntities/attributes/{attribute}/image");
    if (!dimensions.includes(dimension)) throw new ApiError(400, `Value '${dimension}' is not valid for parameter dimension. Valid values are: [${dimensions.join(', ')}]`);
  }
  const te = c.pop.trackedEntity(teUid);
  const attribute = c.attributeMeta.get(attributeUid);
  let value: string | undefined;
  if (api === 'legacy') {
    if (!te || te.deleted) throw notFound(`TrackedEntityInstance not found for ID ${teUid}`);
    value = te.attributes.find((a) => a.attribute === attributeUid)?.value;
    if (value === undefined) throw notFound(`Attribute not found for ID ${attributeUid}`);
    if (attribute?.valueType !== 'IMAGE') throw new ApiError(409, 'Attribute must be of type image');
  } else {
    const program = params.get('program') || undefined;
    if (program !== undefined && !c.pop.programme(program)) throw notFound(`Program with id ${program} could not be found.`);
    if (!te || te.deleted) throw notFound(`TrackedEntity with id ${teUid} could not be found.`);
    const visible = c.pop.visibleAttributes(program);
    value = visible.has(attributeUid) ? te.attributes.find((a) => a.attribute === attributeUid)?.value : undefined;
    if (value === undefined) throw notFound(`TrackedEntityAttribute with id ${attributeUid} could not be found.`);
    if (attribute?.valueType !== 'IMAGE' && attribute?.valueType !== 'FILE_RESOURCE') {
      throw notFound(`Tracked entity attribute ${attributeUid} is not a file (or image).`);
    }
  }
  const resource = c.pop.fileResource(value);
  const bytes = photoBytes(c.pop, value);
  if (!resource || !bytes) throw notFound(`A data value file resource with id ${value} does not exist.`);
  // Every dimension of these small originals is the original itself.
  return fileReply(resource, bytes);
}

/** GET /api/fileResources/{id}: the metadata; /data: the bytes. */
export function fileResource(c: RouteContext, params: Params, uid: string, data: boolean): Reply {
  const resource = c.pop.fileResource(uid);
  const bytes = photoBytes(c.pop, uid);
  if (!resource || !bytes) throw new ApiError(404, `FileResource with id ${uid} could not be found.`, c.traits.notFoundErrorCode ? 'E1005' : undefined);
  if (data) return fileReply(resource, bytes);
  const doc: Doc = {
    lastUpdated: resource.createdAt, id: resource.uid, href: `${c.baseUrl}/api/fileResources/${resource.uid}`, created: resource.createdAt,
    name: fileName(resource), displayName: fileName(resource), externalAccess: false, favorite: false, translations: [], favorites: [],
    contentType: resource.contentType, contentLength: bytes.length, contentMd5: md5(bytes), storageStatus: 'STORED',
    domain: 'DATA_VALUE', hasMultipleStorageFiles: true, createdBy: { username: resource.storedBy }, lastUpdatedBy: { username: resource.storedBy },
  };
  const fields = params.get('fields');
  return jsonReply(200, fields ? project(doc, parseFields(fields)) : doc);
}
