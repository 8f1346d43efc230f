/**
 * The most one object may take: etcd's default request limit (--max-request-bytes, 1.5 MiB), which bounds every
 * object Kubernetes stores. kes keeps objects as events, so it bounds what one command appends and what an object
 * will hold.
 */
export const MAX_OBJECT_BYTES = 1_572_864;

/** Bytes of a string in UTF-8, as Go counts `len(value)`; a lone surrogate counts as the 3 bytes of U+FFFD. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Bytes of `value` written as JSON. */
export const jsonBytes = (value: unknown): number => utf8Bytes(JSON.stringify(value) ?? '');

/** `1572864 bytes (1.5 MiB)`: how messages state the limit. */
export const MAX_OBJECT_SIZE_TEXT = `${MAX_OBJECT_BYTES} bytes (${MAX_OBJECT_BYTES / 2 ** 20} MiB)`;
