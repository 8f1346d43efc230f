import { createHash, randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../application/ports/ids.js';

/** kes' namespace for name-based (v5) UUIDs. */
const KES_NAMESPACE = Buffer.from('6b657300a1b24c3d8e9f0a1b2c3d4e5f', 'hex');

export function uuidV5(name: string, namespace: Buffer = KES_NAMESPACE): string {
  const hash = createHash('sha1').update(namespace).update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class UuidIds implements IdGenerator {
  newId(): string {
    return randomUUID();
  }

  derivedId(...parts: readonly (string | number)[]): string {
    return uuidV5(parts.join('/'));
  }
}
