/**
 * How deeply a JSON body may nest objects and arrays. Kubernetes' decoder allows 10,000 levels; kes validates
 * manifests with recursive code (class-validator, merge patches) that runs out of stack near 1,000, so its limit
 * is lower, and still far above what any Kubernetes object needs (a Deployment nests about 12 levels).
 */
export const MAX_JSON_DEPTH = 500;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const [OPEN_ARRAY, OPEN_OBJECT, CLOSE_ARRAY, CLOSE_OBJECT] = [0x5b, 0x7b, 0x5d, 0x7d];

/** The index of the quote that ends the string whose opening quote is at `start` (text.length if none does). */
function endOfString(text: string, start: number): number {
  for (let from = start + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/**
 * Whether JSON text nests objects and arrays more than `limit` levels deep, found by one pass over the text
 * without recursion (so before JSON.parse and the recursive code after it see the body). Brackets inside strings
 * do not count; text that is not JSON gives some answer, and JSON.parse then refuses it.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = endOfString(text, i);
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}
