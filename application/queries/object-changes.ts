import type { RecordedEvent } from '../../domain/shared/event.js';

/** One object as the API showed it at a point of the log (a rendered Kubernetes object, plain JSON). */
export type ObjectAtPoint = Readonly<{ namespace?: string; name: string; object: unknown }>;

export type ChangeType = 'added' | 'removed' | 'changed';

/** An object that differs between two points: the paths of its fields that changed (none when added or removed). */
export type ObjectDifference = Readonly<{ namespace?: string; name: string; change: ChangeType; fields: readonly string[] }>;

/**
 * Fields that differ on every write without saying anything of it: the resourceVersion (the position of the last
 * event) and the managedFields bookkeeping. Heartbeats are not events, so an object rendered from the read models
 * at a position carries no heartbeat time of its own (a node's lastHeartbeatTime is then when its readiness last
 * changed, a real change).
 */
export const IGNORED_FIELDS: readonly string[] = ['metadata.resourceVersion', 'metadata.managedFields'];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`, `spec.containers[0].image`. */
const member = (path: string, key: string) => (IDENTIFIER.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The field lists of Kubernetes objects are keyed (containers and ports by name, conditions by type), not ordered. */
const LIST_KEYS = ['name', 'type'] as const;

/** The key both lists' items are told apart by, if every item has a distinct one. */
function listKey(a: readonly unknown[], b: readonly unknown[]): string | undefined {
  const items = [...a, ...b];
  if (items.length === 0 || !items.every(isRecord)) return undefined;
  const distinct = (list: readonly unknown[], key: string) => new Set(list.map((item) => (item as Record<string, unknown>)[key])).size === list.length;
  return LIST_KEYS.find((key) => items.every((item) => typeof (item as Record<string, unknown>)[key] === 'string') && distinct(a, key) && distinct(b, key));
}

/** Items paired by their key, named as kubectl's JSONPath filters them: `status.conditions[?(@.type=="Ready")]`. */
function pairedItems(a: readonly unknown[], b: readonly unknown[], path: string): [unknown, unknown, string][] {
  const key = listKey(a, b);
  if (!key) return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i], b[i], `${path}[${i}]`]);
  const keyOf = (item: unknown) => (item as Record<string, string>)[key];
  const before = new Map(a.map((item) => [keyOf(item), item]));
  const after = new Map(b.map((item) => [keyOf(item), item]));
  return [...new Set([...before.keys(), ...after.keys()])].map((k) => [before.get(k), after.get(k), `${path}[?(@.${key}==${JSON.stringify(k)})]`]);
}

/** The paths where `after` differs from `before`: leaves that changed, or the whole of a field that appeared, went or changed type. */
export function changedFields(before: unknown, after: unknown, ignored: readonly string[] = IGNORED_FIELDS): string[] {
  const paths: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (ignored.includes(path)) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (const [x, y, at] of pairedItems(a, b, path)) walk(x, y, at);
    } else if (isRecord(a) && isRecord(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], member(path, key));
    } else if (JSON.stringify(a) !== JSON.stringify(b)) paths.push(path);
  };
  walk(before, after, '');
  return paths;
}

const keyOf = (o: { namespace?: string; name: string }) => `${o.namespace ?? ''}/${o.name}`;

/** The objects of one kind added, removed and changed from `before` to `after`, sorted by namespace and name. */
export function differences(before: readonly ObjectAtPoint[], after: readonly ObjectAtPoint[], ignored: readonly string[] = IGNORED_FIELDS): ObjectDifference[] {
  const then = new Map(before.map((o) => [keyOf(o), o]));
  const now = new Map(after.map((o) => [keyOf(o), o]));
  const found: ObjectDifference[] = [];
  const at = (o: ObjectAtPoint) => ({ ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), name: o.name });
  for (const [key, o] of now) {
    const old = then.get(key);
    if (!old) found.push({ ...at(o), change: 'added', fields: [] });
    else {
      const fields = changedFields(old.object, o.object, ignored);
      if (fields.length > 0) found.push({ ...at(o), change: 'changed', fields });
    }
  }
  for (const [key, o] of then) if (!now.has(key)) found.push({ ...at(o), change: 'removed', fields: [] });
  return found.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

/** Who changed a stream between two positions: the distinct actors of its events in (from, to], in the order they first acted. */
export function actorsBetween(events: readonly RecordedEvent[], from: number, to: number): string[] {
  return [...new Set(events.filter((e) => e.position > from && e.position <= to).map((e) => e.metadata.actor))];
}
