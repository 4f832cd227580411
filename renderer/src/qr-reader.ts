import jsQR from 'jsqr';

// Reading a QR code from pixels in the renderer: a frame of the camera or a photo of a card. jsQR is
// the decoder the tests already hold every card template to (it reads them at 300, 450 and 600 DPI).

/** The QR's text in an image, or null when none is readable. Large photos are scaled down first. */
export function readQr(source: CanvasImageSource, width: number, height: number, canvas: HTMLCanvasElement, maxSide = 1600): string | null {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(source, 0, 0, w, h);
  const pixels = ctx.getImageData(0, 0, w, h);
  return jsQR(pixels.data, w, h, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

/** The QR's text in an image file (PNG, JPEG…), or null. */
export async function readQrFromFile(file: Blob, canvas: HTMLCanvasElement): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  try {
    return readQr(bitmap, bitmap.width, bitmap.height, canvas);
  } finally {
    bitmap.close();
  }
}
