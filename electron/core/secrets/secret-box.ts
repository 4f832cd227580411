// Every secret (DHIS2 password or token, gateway keys, service-account key) is sealed through this one
// interface before it reaches SQLite. The purpose label is bound to the sealed value, so a value sealed
// for one field cannot be swapped into another.

export interface SecretBox {
  readonly kind: 'safe-storage' | 'key-file';
  seal(purpose: string, plaintext: string): string;
  open(purpose: string, sealed: string): string;
}

export type SecretProblem = 'malformed' | 'wrong_key' | 'tampered' | 'wrong_purpose' | 'unavailable' | 'other_box';

export class SecretError extends Error {
  override name = 'SecretError';
  constructor(
    readonly problem: SecretProblem,
    message: string,
  ) {
    super(message);
  }
}

export function checkPurpose(purpose: string): void {
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(purpose)) {
    throw new SecretError('wrong_purpose', `Invalid secret purpose label "${purpose}".`);
  }
}

/** Sealed values start with the box's tag, so a value written by the other box is recognised, not garbled. */
export function boxOf(sealed: string): 'safe-storage' | 'key-file' | undefined {
  if (sealed.startsWith('k1.')) return 'key-file';
  if (sealed.startsWith('s1.')) return 'safe-storage';
  return undefined;
}

export function otherBoxError(found: 'safe-storage' | 'key-file'): SecretError {
  const where = found === 'safe-storage' ? "the desktop app's system keychain" : "the headless mode's key file";
  return new SecretError(
    'other_box',
    `This secret was sealed with ${where} and cannot be opened here; enter it again in this mode.`,
  );
}
