import { CLOSE_ARRAY, CLOSE_OBJECT, endOfString, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-text.js';

/**
 * How deeply a JSON body may nest objects and arrays. Kubernetes' decoder allows 10,000 levels; kes validates
 * manifests with recursive code (class-validator, merge patches) that runs out of stack near 1,000, so its limit
 * is lower, and still far above what any Kubernetes object needs (a Deployment nests about 12 levels).
 */
export const MAX_JSON_DEPTH = 500;

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
