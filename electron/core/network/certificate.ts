import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

// The office-network listener's own certificate: an ECDSA P-256 key and a self-signed X.509 v3 certificate
// for this machine's names and addresses, written in DER here (Node signs, but has no certificate builder).
// Other laptops check it by its SHA-256 fingerprint, which Settings shows and puts in a QR code.

const der = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const sequence = (...parts: Buffer[]): Buffer => der(0x30, ...parts);
const set = (...parts: Buffer[]): Buffer => der(0x31, ...parts);
const integer = (bytes: Buffer): Buffer => der(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const oid = (dotted: string): Buffer => {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const v of rest) {
    const bytes = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) bytes.unshift((x & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return der(0x06, Buffer.from(out));
};
const utf8 = (s: string): Buffer => der(0x0c, Buffer.from(s, 'utf8'));
const octets = (b: Buffer): Buffer => der(0x04, b);
const bits = (b: Buffer): Buffer => der(0x03, Buffer.from([0]), b);
const boolean = (v: boolean): Buffer => der(0x01, Buffer.from([v ? 0xff : 0]));
/** UTCTime before 2050, GeneralizedTime after, as RFC 5280 requires. */
const time = (d: Date): Buffer => {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
};
/** An IPv6 address as its 16 bytes ("::1" → 0…01). */
function ipv6Bytes(ip: string): number[] {
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = ip.includes('::') ? groups(tail) : [];
  return [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t].flatMap((g) => [g >> 8, g & 0xff]);
}
const ipBytes = (ip: string): Buffer => (isIP(ip) === 4 ? Buffer.from(ip.split('.').map(Number)) : Buffer.from(ipv6Bytes(ip)));

export interface OfficeCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the certificate's DER, as browsers show it: "AB:CD:…". */
  fingerprint: string;
}

export function fingerprintOf(certDer: Buffer): string {
  return createHash('sha256').update(certDer).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** A new key and a self-signed certificate for these host names and IP addresses, valid ten years. */
export function makeCertificate(names: string[], addresses: string[], now = new Date()): OfficeCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const subject = sequence(set(sequence(oid('2.5.4.3'), utf8(`Oomus CampaignID ${names[0] ?? 'office'}`))), set(sequence(oid('2.5.4.10'), utf8('Oomus CampaignID'))));
  const san = sequence(
    ...names.map((n) => der(0x82, Buffer.from(n, 'ascii'))),
    ...addresses.map((a) => der(0x87, ipBytes(a))),
  );
  const until = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const extensions = der(0xa3, sequence(
    sequence(oid('2.5.29.19'), boolean(true), octets(sequence())), // basicConstraints: not a CA
    sequence(oid('2.5.29.15'), boolean(true), octets(der(0x03, Buffer.from([0x07, 0x80])))), // keyUsage: digitalSignature
    sequence(oid('2.5.29.37'), octets(sequence(oid('1.3.6.1.5.5.7.3.1')))), // extKeyUsage: serverAuth
    sequence(oid('2.5.29.17'), octets(san)),
  ));
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ecdsaSha256,
    subject,
    sequence(time(new Date(now.getTime() - 24 * 3600 * 1000)), time(until)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey as KeyObject);
  const certDer = sequence(tbs, ecdsaSha256, bits(signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${certDer.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), fingerprint: fingerprintOf(certDer) };
}

/** The fingerprint of a stored certificate (and a check that it is one). */
export const fingerprintOfPem = (certPem: string): string => fingerprintOf(Buffer.from(new X509Certificate(certPem).raw));
