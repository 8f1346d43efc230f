/**
 * Values with object keys sorted at every level, so equal values compare and print the same whatever the order
 * their keys were given in. canonicalJson feeds the pod-template-hash: its output must never change.
 */

const byCodeUnits = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** JSON with object keys sorted at every level (undefined members left out, as JSON.stringify does). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(byCodeUnits)) : v,
  );
}

/** The value with its object keys sorted at every level, for printers that keep the order they are given. */
export function withSortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withSortedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(byCodeUnits).map(([k, v]) => [k, withSortedKeys(v)])) as T;
}

/** Whether two values are equal as JSON, whatever the order of their keys. */
export const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
