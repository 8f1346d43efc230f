// Kubernetes' "safe" alphabet for generated names (no vowels, no look-alikes).
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;
// As Kubernetes' generateName: the base is cut so that base + 5 random characters fit in a DNS label.
const MAX_BASE_LENGTH = 58;

function fnv64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = ((hash ^ BigInt(text.charCodeAt(i))) * FNV_PRIME) & MASK_64;
  return hash;
}

function safeChars(hash: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++, hash /= 27n) out += SAFE[Number(hash % 27n)];
  return out;
}

const hex64 = (text: string) => fnv64(text).toString(16).padStart(16, '0');

/**
 * A uid in UUID form that depends only on its parts, so a controller that retries, or a second one that
 * races it, names the object it creates identically, and the store refuses the duplicate.
 */
export function derivedUid(...parts: readonly (string | number)[]): string {
  const seed = JSON.stringify(parts);
  const hex = hex64(seed) + hex64(`${seed}#`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A name for a new pod of the ReplicaSet (or Job), as Kubernetes' generateName makes it: `<rs-name>-<5 characters>`,
 * the characters drawn from `seed` (a fresh id), so every incarnation of a pod has a name and uid of its own.
 */
export function podNameFor(rs: Readonly<{ meta: Readonly<{ name: string }> }>, seed: string): string {
  const base = rs.meta.name.slice(0, MAX_BASE_LENGTH).replace(/[-.]+$/, '');
  return `${base}-${safeChars(fnv64(seed), 5)}`;
}
