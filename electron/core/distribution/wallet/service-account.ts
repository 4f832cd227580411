import { createPrivateKey, type KeyObject } from 'node:crypto';
import { invalid } from '../../errors';

// The Google Cloud service-account key that signs "save to Google Wallet" JWTs, as found in the JSON key
// file Google lets you download: an RSA private key in PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") and the
// account's e-mail, which becomes the JWT's `iss`. Checked here once, when it is configured, so signing
// later cannot fail on a bad key.

export interface ServiceAccount {
  client_email: string;
  private_key: string;
  private_key_id: string | null;
}

/** Smallest RSA modulus accepted; Google issues 2048-bit keys. */
export const minRsaBits = 2048;

const field = (name: string): string => `service_account.${name}`;

export function parseServiceAccount(input: unknown): ServiceAccount {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid('service_account', "must be the JSON object of the service account's key file (not its text)");
  }
  const raw = input as Record<string, unknown>;
  if (raw.type !== undefined && raw.type !== 'service_account') {
    throw invalid(field('type'), `must be "service_account" (this key file is of type ${JSON.stringify(raw.type)})`);
  }
  return {
    client_email: parseClientEmail(raw.client_email),
    private_key: parsePrivateKey(raw.private_key).pem,
    private_key_id: typeof raw.private_key_id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(raw.private_key_id) ? raw.private_key_id : null,
  };
}

function parseClientEmail(value: unknown): string {
  if (value === undefined || value === null || value === '') throw invalid(field('client_email'), 'is required (the service account e-mail, e.g. name@project.iam.gserviceaccount.com)');
  if (typeof value !== 'string') throw invalid(field('client_email'), 'must be a string');
  const email = value.trim();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid(field('client_email'), 'must be an e-mail address (name@project.iam.gserviceaccount.com)');
  return email;
}

const pkcs8 = /^-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/=\n]+)\n-----END PRIVATE KEY-----$/;

/** The key as a normalised PKCS#8 PEM and as a Node key object; 400 naming service_account.private_key otherwise. */
export function parsePrivateKey(value: unknown): { pem: string; key: KeyObject } {
  const name = field('private_key');
  if (value === undefined || value === null || value === '') throw invalid(name, 'is required (the "private_key" of the JSON key file)');
  if (typeof value !== 'string') throw invalid(name, 'must be a string');
  // A key pasted from an escaped JSON string keeps literal "\n"; a Windows file may bring "\r\n".
  const pem = value.replace(/\\n/g, '\n').replace(/\r\n?/g, '\n').trim();
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  if (begin === 'RSA PRIVATE KEY') throw invalid(name, 'is a PKCS#1 key ("BEGIN RSA PRIVATE KEY"): give it in PKCS#8 ("BEGIN PRIVATE KEY"), as in the JSON key file Google gives');
  if (begin === 'ENCRYPTED PRIVATE KEY') throw invalid(name, 'is encrypted with a passphrase: give the unencrypted PKCS#8 key of the JSON key file');
  if (begin === 'EC PRIVATE KEY') throw invalid(name, 'is an EC key: Google Wallet JWTs are signed RS256 with the RSA key of a service account');
  if (begin === undefined) throw invalid(name, 'is not a PEM private key (it must start with "-----BEGIN PRIVATE KEY-----")');
  const body = pkcs8.exec(pem);
  if (!body) throw invalid(name, `must be a PKCS#8 PEM private key ("BEGIN PRIVATE KEY"), not "BEGIN ${begin}"`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw invalid(name, 'cannot be read as a PKCS#8 private key (damaged or truncated PEM)');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw invalid(name, `must be an RSA key (Google service-account keys are RSA, for RS256); this one is ${(key.asymmetricKeyType ?? 'unknown').toUpperCase()}`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < minRsaBits) throw invalid(name, `is a ${bits}-bit RSA key: at least ${minRsaBits} bits are required`);
  return { pem: `${pem}\n`, key };
}
