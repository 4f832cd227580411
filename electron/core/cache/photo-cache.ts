import type { Database } from 'better-sqlite3';

// Photos downloaded from DHIS2, keyed by file resource UID: the value an IMAGE attribute holds. A new photo
// upstream is a new UID, so a changed value is simply a photo not cached yet; the old one is pruned.

export interface CachedPhoto {
  bytes: Buffer;
  contentType: string;
}

/** A photo a programme's cached enrollments need and the cache does not hold. */
export interface WantedPhoto {
  fileResourceUid: string;
  trackedEntityUid: string;
}

export interface PhotoCache {
  get(fileResourceUid: string): CachedPhoto | undefined;
  /** Whether the cache holds the photo, without reading it. */
  has(fileResourceUid: string): boolean;
  /** The bytes only: what the card model's photoOf hook takes. */
  bytesOf(fileResourceUid: string): Uint8Array | null;
  put(photo: { fileResourceUid: string; trackedEntityUid: string; attributeUid: string; contentType: string; bytes: Buffer; fetchedAt: string }): void;
  /** Photos the programme's cached enrollments point to through `attributeUid` (their programme's view) and not cached yet. */
  missing(programmeUid: string, attributeUid: string): WantedPhoto[];
  /** How many distinct photos the programme's cached enrollments point to through `attributeUid`. */
  wanted(programmeUid: string, attributeUid: string): number;
  /** Drops photos of `attributeUid` that no cached enrollment (of any programme) points to any more. */
  prune(attributeUid: string): number;
  count(): number;
}

/** A JSON path for one attribute UID (quoted: legacy IDs are not always plain UIDs). */
const jsonPath = (attributeUid: string): string => `$."${attributeUid.replace(/["\\]/g, '')}"`;

export function createPhotoCache(db: Database): PhotoCache {
  const get = db.prepare('SELECT bytes, content_type FROM photos WHERE file_resource_uid = ?');
  const has = db.prepare('SELECT 1 FROM photos WHERE file_resource_uid = ?').pluck();
  const put = db.prepare(
    `INSERT INTO photos (file_resource_uid, tracked_entity_uid, attribute_uid, content_type, bytes, fetched_at)
     VALUES (@fileResourceUid, @trackedEntityUid, @attributeUid, @contentType, @bytes, @fetchedAt)
     ON CONFLICT(file_resource_uid) DO UPDATE SET tracked_entity_uid = excluded.tracked_entity_uid, attribute_uid = excluded.attribute_uid,
       content_type = excluded.content_type, bytes = excluded.bytes, fetched_at = excluded.fetched_at`,
  );
  // The value each enrollment shows: its own programme's view, or the person's when an older sync left none.
  const referenced = `SELECT DISTINCT json_extract(coalesce(e.attributes, t.attributes), ?) AS file_resource_uid, e.tracked_entity_uid
      FROM enrollments e LEFT JOIN tracked_entities t ON t.uid = e.tracked_entity_uid WHERE e.programme_uid = ?`;
  const missing = db.prepare(
    `SELECT r.file_resource_uid, min(r.tracked_entity_uid) AS tracked_entity_uid FROM (${referenced}) r
      WHERE r.file_resource_uid IS NOT NULL AND r.file_resource_uid <> ''
        AND NOT EXISTS (SELECT 1 FROM photos p WHERE p.file_resource_uid = r.file_resource_uid)
      GROUP BY r.file_resource_uid ORDER BY r.file_resource_uid`,
  );
  const wanted = db.prepare(
    `SELECT count(DISTINCT r.file_resource_uid) AS n FROM (${referenced}) r WHERE r.file_resource_uid IS NOT NULL AND r.file_resource_uid <> ''`,
  );
  const prune = db.prepare(
    `DELETE FROM photos WHERE attribute_uid = @attribute AND file_resource_uid NOT IN (
       SELECT json_extract(coalesce(e.attributes, t.attributes), @path) FROM enrollments e
         LEFT JOIN tracked_entities t ON t.uid = e.tracked_entity_uid
        WHERE json_extract(coalesce(e.attributes, t.attributes), @path) IS NOT NULL)`,
  );
  return {
    get(uid) {
      const row = get.get(uid) as { bytes: Buffer; content_type: string } | undefined;
      return row ? { bytes: row.bytes, contentType: row.content_type } : undefined;
    },
    has(uid) {
      return has.get(uid) !== undefined;
    },
    bytesOf(uid) {
      const row = get.get(uid) as { bytes: Buffer } | undefined;
      return row ? row.bytes : null;
    },
    put(photo) {
      put.run(photo);
    },
    missing(programmeUid, attributeUid) {
      return (missing.all(jsonPath(attributeUid), programmeUid) as { file_resource_uid: unknown; tracked_entity_uid: string }[])
        .filter((r) => typeof r.file_resource_uid === 'string')
        .map((r) => ({ fileResourceUid: r.file_resource_uid as string, trackedEntityUid: r.tracked_entity_uid }));
    },
    wanted(programmeUid, attributeUid) {
      return (wanted.get(jsonPath(attributeUid), programmeUid) as { n: number }).n;
    },
    prune(attributeUid) {
      return prune.run({ attribute: attributeUid, path: jsonPath(attributeUid) }).changes;
    },
    count() {
      return (db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n;
    },
  };
}
