import QRCode from 'qrcode';
import type { QrNode } from './scene';

// The QR code as modules; the painter snaps modules to whole device pixels so every edge stays sharp.
// Error correction M survives a scratched laminate; 4 modules of quiet zone are part of `size`.

export const quietModules = 4;

export function qrNode(payload: string, x: number, y: number, size: number, dark = '#000000', light = '#ffffff'): QrNode {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  return { kind: 'qr', x, y, size, modules: Uint8Array.from(qr.modules.data), count: qr.modules.size, dark, light };
}
