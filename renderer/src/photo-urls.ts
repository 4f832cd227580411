import { useApi } from './api';

// Object URLs of photo thumbnails (GET /dhis2/photos/{id}.png), kept for the session so paging back and
// forth through a list does not fetch them again; the oldest are revoked past a bound.

const kept = new Map<string, Promise<string | null>>();
const bound = 400;

export function photoUrl(fileResourceId: string, size: number): Promise<string | null> {
  const key = `${fileResourceId}@${size}`;
  const hit = kept.get(key);
  if (hit) return hit;
  const made = useApi()
    .call('GET /dhis2/photos/:file_resource_id.png', { params: { file_resource_id: fileResourceId }, query: { size } })
    .then((png) => URL.createObjectURL(new Blob([new Uint8Array(png)], { type: 'image/png' })))
    .catch(() => null); // not cached (yet): the list shows the initials
  kept.set(key, made);
  if (kept.size > bound) {
    const [oldest, url] = kept.entries().next().value as [string, Promise<string | null>];
    kept.delete(oldest);
    void url.then((u) => u && URL.revokeObjectURL(u));
  }
  return made;
}
