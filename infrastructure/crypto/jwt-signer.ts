import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TokenClaims, TokenSigner } from '../../application/ports/token-signer.js';
import { ensureOwnerOnlyDirectory, OWNER_ONLY_FILE } from '../system/owner-only.js';

const HEADER = { alg: 'ES256', typ: 'JWT' } as const;
const base64url = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');
const json = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
/** ES256 signatures are r‖s (64 bytes), as JWS has them, not DER. */
const P1363 = { dsaEncoding: 'ieee-p1363' } as const;

/** The P-256 key in `file` (PKCS#8 PEM, mode 0600), made there the first time. */
function loadOrCreateKey(file: string): KeyObject {
  if (existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
  ensureOwnerOnlyDirectory(dirname(file));
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: OWNER_ONLY_FILE, flag: 'wx' });
  return privateKey;
}

/** ES256 JWTs signed with a P-256 key kept in one file of the data directory, beside — never inside — the log. */
export class FileJwtSigner implements TokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** The key's id, in every token's header: the SHA-256 of its public key (as kube-apiserver's kid). */
  private readonly keyId: string;

  constructor(file: string) {
    this.privateKey = loadOrCreateKey(file);
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = createHash('sha256').update(this.publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
  }

  sign(claims: TokenClaims): string {
    const signed = `${base64url(JSON.stringify({ ...HEADER, kid: this.keyId }))}.${base64url(JSON.stringify(claims))}`;
    return `${signed}.${base64url(sign('sha256', Buffer.from(signed), { key: this.privateKey, ...P1363 }))}`;
  }

  verify(token: string): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    try {
      if ((json(header) as { alg?: unknown }).alg !== HEADER.alg) return undefined;
      if (!verify('sha256', Buffer.from(`${header}.${payload}`), { key: this.publicKey, ...P1363 }, Buffer.from(signature, 'base64url'))) return undefined;
      const claims = json(payload);
      return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as TokenClaims) : undefined;
    } catch {
      return undefined;
    }
  }
}
