import { Type, type Static } from 'typebox';
import { networkPortRange } from '../network';
import { Answer, Nullable } from './common';

export const NetworkInterface = Answer({
  /** As the system names it: "Wi-Fi", "Ethernet", "wlp2s0". */
  name: Type.String(),
  address: Type.String(),
  loopback: Type.Boolean(),
});
export type NetworkInterface = Static<typeof NetworkInterface>;

export const NetworkStatus = Answer({
  enabled: Type.Boolean(),
  running: Type.Boolean(),
  interface: Nullable(Type.String()),
  address: Nullable(Type.String()),
  port: Type.Integer(),
  /** What other laptops open: https://<address>:<port>/ */
  url: Nullable(Type.String()),
  /** SHA-256 of the listener's certificate, as a browser shows it, for the other laptops to check. */
  fingerprint: Nullable(Type.String()),
  /** A QR code (SVG) of the address and the fingerprint. */
  qr_svg: Nullable(Type.String()),
  interfaces: Type.Array(NetworkInterface),
  /** Why sharing is on but not running (the interface lost its address, the port is taken…). */
  problem: Nullable(Type.String()),
});
export type NetworkStatus = Static<typeof NetworkStatus>;

export const NetworkBody = Type.Object(
  {
    enabled: Type.Boolean(),
    interface: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    port: Type.Optional(Type.Integer({ minimum: networkPortRange.min, maximum: networkPortRange.max })),
  },
  { additionalProperties: false },
);
export type NetworkBody = Static<typeof NetworkBody>;
