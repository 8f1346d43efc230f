import { createHash, randomBytes } from 'node:crypto';
import type { IdGenerator } from '../../application/ports/ids.js';

/** kes' namespace for name-based UUIDs. */
const KES_NAMESPACE = Buffer.from('6b657300a1b24c3d8e9f0a1b2c3d4e5f', 'hex');
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const format = (bytes: Buffer) => {
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** RFC 9562 v5: SHA-1 of a namespace and a name. */
export function uuidV5(name: string, namespace: Buffer = KES_NAMESPACE): string {
  const hash = createHash('sha1').update(namespace).update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  return format(hash);
}

/** RFC 9562 v7: 48 bits of Unix milliseconds, then random bits; ids sort by creation time. */
export function uuidV7(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return format(bytes);
}

/**
 * A deterministic v8 UUID for an id derived from a v7 id: the parent's 48-bit time prefix, then SHA-1 bits
 * of the parts. Event ids derived from a command id so sort with it, which keeps the store's id index
 * appending at its end instead of writing all over it.
 */
function derivedFromV7(parent: string, name: string): string {
  const hash = createHash('sha1').update(KES_NAMESPACE).update(name).digest();
  Buffer.from(parent.replace(/-/g, '').slice(0, 12), 'hex').copy(hash, 0);
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  return format(hash);
}

export class UuidIds implements IdGenerator {
  newId(): string {
    return uuidV7();
  }

  derivedId(...parts: readonly (string | number)[]): string {
    const name = parts.join('/');
    const first = String(parts[0] ?? '');
    return V7.test(first) ? derivedFromV7(first, name) : uuidV5(name);
  }
}
