import { hash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Credentials } from '../../application/ports/ids.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random tokens from the OS CSPRNG; SHA-256 hashes compared in constant time. */
export class NodeCredentials implements Credentials {
  randomToken(length: number): string {
    let token = '';
    for (let i = 0; i < length; i++) token += ALPHABET[randomInt(ALPHABET.length)];
    return token;
  }

  hash(secret: string): string {
    return `sha256:${hash('sha256', secret, 'hex')}`; // one call: a Hash object costs more than the digest
  }

  matches(secret: string, hash: string): boolean {
    const actual = Buffer.from(this.hash(secret));
    const expected = Buffer.from(hash);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
