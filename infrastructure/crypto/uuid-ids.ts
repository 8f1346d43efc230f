import { hash, randomFillSync } from 'node:crypto';
import type { IdGenerator } from '../../application/ports/ids.js';

/** kes' namespace for name-based UUIDs. */
const KES_NAMESPACE = Buffer.from('6b657300a1b24c3d8e9f0a1b2c3d4e5f', 'hex');
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** The first 16 bytes at `at` as a UUID string. */
function format(bytes: Uint8Array, at = 0): string {
  const b = (i: number) => HEX[bytes[at + i]!]!;
  return (
    `${b(0)}${b(1)}${b(2)}${b(3)}-${b(4)}${b(5)}-${b(6)}${b(7)}-${b(8)}${b(9)}-` +
    `${b(10)}${b(11)}${b(12)}${b(13)}${b(14)}${b(15)}`
  );
}

/** Sets the version nibble and the RFC 9562 variant bits of the UUID at `at`. */
function stamp(bytes: Uint8Array, version: number, at = 0): void {
  bytes[at + 6] = (bytes[at + 6]! & 0x0f) | (version << 4);
  bytes[at + 8] = (bytes[at + 8]! & 0x3f) | 0x80;
}

/** SHA-1 of `namespace` then `name`, as one call (a Hash object per id costs more than the digest). */
function sha1(namespace: Buffer, name: string): Buffer {
  return hash('sha1', Buffer.concat([namespace, Buffer.from(name)]), 'buffer');
}

/** RFC 9562 v5: SHA-1 of a namespace and a name. */
export function uuidV5(name: string, namespace: Buffer = KES_NAMESPACE): string {
  const digest = sha1(namespace, name);
  stamp(digest, 5);
  return format(digest);
}

/** Random bytes are drawn this many ids' worth at a time: one call to the system per 4,096 ids. */
const POOLED_IDS = 4096;
const pool = Buffer.alloc(16 * POOLED_IDS);
let pooled = pool.length;

/** RFC 9562 v7: 48 bits of Unix milliseconds, then random bits; ids sort by creation time. */
export function uuidV7(nowMs: number = Date.now()): string {
  if (pooled === pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  const at = pooled;
  pooled += 16;
  pool.writeUIntBE(nowMs, at, 6);
  stamp(pool, 7, at);
  return format(pool, at);
}

/**
 * A deterministic v8 UUID for an id derived from a v7 id: the parent's 48-bit time prefix, then SHA-1 bits
 * of the parts. Event ids derived from a command id so sort with it, which keeps the store's id index
 * appending at its end instead of writing all over it.
 */
function derivedFromV7(parent: string, name: string): string {
  const digest = sha1(KES_NAMESPACE, name);
  stamp(digest, 8);
  return parent.slice(0, 13).toLowerCase() + format(digest).slice(13); // `xxxxxxxx-xxxx` is the time prefix
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
