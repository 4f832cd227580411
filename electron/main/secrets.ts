import type { SafeStorage } from 'electron';
import { createKeyFileBox, loadSecretKey } from '../core/secrets/key-file-box';
import { createSafeStorageBox } from '../core/secrets/safe-storage-box';
import type { SecretBox } from '../core/secrets/secret-box';

// The OS keychain when it really encrypts. On Linux without a keyring, Electron falls back to a
// hard-coded password ("basic_text"), which protects nothing: use the 0600 key file instead.
export function chooseSecretBox(safeStorage: SafeStorage, dataDir: string, warn: (msg: string) => void): SecretBox {
  const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (safeStorage.isEncryptionAvailable() && !weak) return createSafeStorageBox(safeStorage);
  warn('No system keychain is available: secrets are sealed with the key file in the data directory.');
  return createKeyFileBox(loadSecretKey(dataDir));
}
