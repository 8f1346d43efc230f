/**
 * Per-secret encryption keys, kept outside the event log. Destroying a key makes every ciphertext it
 * sealed unreadable for good (crypto-shredding): the log keeps that the secret existed, not its value.
 */
export interface SecretKeyStore {
  createKey(): Promise<string>;
  /** Base64 of the sealed bytes (nonce, tag and ciphertext). */
  encrypt(keyId: string, plaintext: Uint8Array): Promise<string>;
  /** Throws SecretKeyDestroyed when the key is gone. */
  decrypt(keyId: string, sealed: string): Promise<Uint8Array>;
  destroy(keyId: string): Promise<void>;
}
export const SecretKeyStore = Symbol.for('kes.SecretKeyStore');

export class SecretKeyDestroyed extends Error {
  constructor(readonly keyId: string) {
    super(`secret key ${keyId} has been destroyed: the value can no longer be read`);
    this.name = 'SecretKeyDestroyed';
  }
}
