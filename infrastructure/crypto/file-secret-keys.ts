import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureOwnerOnlyDirectory } from '../system/owner-only.js';
import { SecretKeyDestroyed, type SecretKeyStore } from '../../application/ports/secret-keys.js';

const NONCE = 12;
const TAG = 16;

/** AES-256-GCM keys, one file each (mode 0600) in a directory beside — never inside — the event store. */
export class FileSecretKeyStore implements SecretKeyStore {
  constructor(private readonly dir: string) {
    ensureOwnerOnlyDirectory(dir);
  }

  async createKey(): Promise<string> {
    const keyId = randomUUID();
    await writeFile(this.file(keyId), randomBytes(32), { mode: 0o600, flag: 'wx' });
    return keyId;
  }

  async encrypt(keyId: string, plaintext: Uint8Array): Promise<string> {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', await this.key(keyId), nonce);
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64');
  }

  async decrypt(keyId: string, sealed: string): Promise<Uint8Array> {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', await this.key(keyId), bytes.subarray(0, NONCE));
    decipher.setAuthTag(bytes.subarray(NONCE, NONCE + TAG));
    return Buffer.concat([decipher.update(bytes.subarray(NONCE + TAG)), decipher.final()]);
  }

  /** Overwrites the key with zeros before removing it, so no copy of it lingers in the file's blocks. */
  async destroy(keyId: string): Promise<void> {
    const handle = await open(this.file(keyId), 'r+').catch(() => undefined);
    if (!handle) return;
    try {
      await handle.write(Buffer.alloc(32), 0, 32, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rm(this.file(keyId), { force: true });
  }

  private async key(keyId: string): Promise<Buffer> {
    if (!/^[0-9a-f-]{36}$/.test(keyId)) throw new Error(`"${keyId}" is not a secret key id`);
    try {
      return await readFile(this.file(keyId));
    } catch {
      throw new SecretKeyDestroyed(keyId);
    }
  }

  private file(keyId: string): string {
    return join(this.dir, `${keyId}.key`);
  }
}
