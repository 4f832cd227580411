// A cached photo as a small PNG for lists and the person view: a phone photo of 1–3 MB becomes a few KB,
// so a page of 50 rows does not move megabytes over the LAN. Kept per (photo, size) for the session. Skia is
// loaded with the first thumbnail, not with the app: about 27 MB the main process does not need until then.

export interface PhotoThumbnails {
  /** PNG at most `size` pixels on its longer side; null when the photo is not cached or cannot be decoded. */
  png(fileResourceUid: string, size: number): Promise<Buffer | null>;
}

export function createPhotoThumbnails(bytesOf: (uid: string) => Uint8Array | null, keep = 500): PhotoThumbnails {
  const made = new Map<string, Buffer | null>();
  return {
    async png(uid, size) {
      const key = `${uid}@${size}`;
      const hit = made.get(key);
      if (hit !== undefined) return hit;
      const bytes = bytesOf(uid);
      if (!bytes) return null;
      const { createCanvas, loadImage } = await import('@napi-rs/canvas');
      let out: Buffer | null = null;
      try {
        const image = await loadImage(Buffer.from(bytes));
        const scale = Math.min(1, size / Math.max(image.width, image.height));
        const w = Math.max(1, Math.round(image.width * scale));
        const h = Math.max(1, Math.round(image.height * scale));
        const canvas = createCanvas(w, h);
        canvas.getContext('2d').drawImage(image, 0, 0, w, h);
        out = await canvas.encode('png');
      } catch {
        out = null; // not an image Skia reads: the UI shows no thumbnail, the card its placeholder
      }
      if (made.size >= keep) made.delete(made.keys().next().value as string);
      made.set(key, out);
      return out;
    },
  };
}
