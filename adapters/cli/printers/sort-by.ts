import { findValues } from './jsonpath-template.js';

/**
 * `--sort-by=.status.phase` (or `{.status.phase}`): items ordered by the first value the JSONPath finds in each,
 * as kubectl orders them: numbers by value, strings byte by byte (`pod-10` before `pod-9`), false before true;
 * an item where the path finds nothing goes first. The sort is stable.
 */
export function sortByField<T>(items: readonly T[], field: string, objectOf: (item: T) => unknown): T[] {
  const keyed = items.map((item) => ({ item, key: findValues(field, objectOf(item))[0] }));
  return keyed.sort((a, b) => compareValues(a.key, b.key)).map(({ item }) => item);
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const [x, y] = [typeof a === 'string' ? a : JSON.stringify(a), typeof b === 'string' ? b : JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
