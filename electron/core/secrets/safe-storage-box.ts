import { boxOf, checkPurpose, otherBoxError, SecretError, type SecretBox } from './secret-box';

/** The part of Electron's safeStorage this box uses; the shell passes the real one, tests a stand-in. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

// Format: s1.<base64url of safeStorage.encryptString(purpose + NUL + plaintext)>.
export function createSafeStorageBox(safeStorage: SafeStorageLike): SecretBox {
  const available = (): void => {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new SecretError('unavailable', "The system keychain is not available, so secrets cannot be sealed or opened.");
    }
  };
  return {
    kind: 'safe-storage',
    seal(purpose, plaintext) {
      checkPurpose(purpose);
      available();
      return `s1.${safeStorage.encryptString(`${purpose}\0${plaintext}`).toString('base64url')}`;
    },
    open(purpose, sealed) {
      checkPurpose(purpose);
      const box = boxOf(sealed);
      if (box === 'key-file') throw otherBoxError(box);
      if (box !== 'safe-storage' || sealed.length < 4) throw new SecretError('malformed', 'The stored value is not a sealed secret.');
      available();
      let text: string;
      try {
        text = safeStorage.decryptString(Buffer.from(sealed.slice(3), 'base64url'));
      } catch {
        throw new SecretError(
          'tampered',
          "The system keychain could not open this secret (altered value, or sealed under another user's keychain); enter it again.",
        );
      }
      const cut = text.indexOf('\0');
      if (cut < 0) throw new SecretError('malformed', 'The stored value is not a sealed secret.');
      if (text.slice(0, cut) !== purpose) {
        throw new SecretError('wrong_purpose', `This secret was sealed for "${text.slice(0, cut)}", not "${purpose}".`);
      }
      return text.slice(cut + 1);
    },
  };
}
