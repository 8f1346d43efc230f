import type { ReadModelsState } from '../projections/read-models.js';

/** One place where two read-model states disagree: the kind of view, the object's key, the field, and both values. */
export type Difference = Readonly<{ kind: string; key: string; path: string; rebuilt: unknown; kept: unknown }>;

const MAX_PER_OBJECT = 20;

const isPlain = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);

/** The fields where `a` and `b` differ, as dotted paths (`status.phase`, `containers[0].image`). */
function* fieldDifferences(a: unknown, b: unknown, path: string): Generator<[string, unknown, unknown]> {
  if (Object.is(a, b)) return;
  if (a instanceof Map && b instanceof Map) {
    for (const key of new Set([...a.keys(), ...b.keys()])) yield* fieldDifferences(a.get(key), b.get(key), `${path}[${JSON.stringify(key)}]`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) yield* fieldDifferences(a[i], b[i], `${path}[${i}]`);
    return;
  }
  if (isPlain(a) && isPlain(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) yield* fieldDifferences(a[key], b[key], path ? `${path}.${key}` : key);
    return;
  }
  yield [path || '(whole)', a, b];
}

function* objectDifferences(kind: string, key: string, rebuilt: unknown, kept: unknown, prefix = ''): Generator<Difference> {
  let count = 0;
  for (const [path, a, b] of fieldDifferences(rebuilt, kept, prefix)) {
    if (++count > MAX_PER_OBJECT) {
      yield { kind, key, path: '…', rebuilt: `more differences than ${MAX_PER_OBJECT}`, kept: '' };
      return;
    }
    yield { kind, key, path, rebuilt: a, kept: b };
  }
}

function* mapDifferences(kind: string, rebuilt: ReadonlyMap<string, unknown>, kept: ReadonlyMap<string, unknown>, prefix = ''): Generator<Difference> {
  for (const key of new Set([...rebuilt.keys(), ...kept.keys()])) {
    if (!rebuilt.has(key)) yield { kind, key, path: prefix || '(object)', rebuilt: '(absent)', kept: '(present)' };
    else if (!kept.has(key)) yield { kind, key, path: prefix || '(object)', rebuilt: '(present)', kept: '(absent)' };
    else yield* objectDifferences(kind, key, rebuilt.get(key), kept.get(key), prefix);
  }
}

/**
 * Every difference between read models rebuilt from the log and ones kept (a snapshot), object by object: the
 * position and last event, the cluster, nodes and their credentials, and each table's views and the states they fold.
 */
export function* stateDifferences(rebuilt: ReadModelsState, kept: ReadModelsState): Generator<Difference> {
  yield* objectDifferences('Log', 'position', rebuilt.position, kept.position);
  yield* objectDifferences('Log', 'lastEventId', rebuilt.lastEventId, kept.lastEventId);
  yield* objectDifferences('Cluster', 'cluster', rebuilt.cluster, kept.cluster);
  yield* mapDifferences('Node', rebuilt.nodes, kept.nodes);
  yield* mapDifferences('NodeCredential', rebuilt.nodeCredentials, kept.nodeCredentials);
  for (const category of new Set([...Object.keys(rebuilt.tables), ...Object.keys(kept.tables)])) {
    const [a, b] = [rebuilt.tables[category], kept.tables[category]];
    if (!a || !b) {
      yield { kind: category, key: '', path: '(table)', rebuilt: a ? '(present)' : '(absent)', kept: b ? '(present)' : '(absent)' };
      continue;
    }
    yield* mapDifferences(category, a.views, b.views, 'view');
    yield* mapDifferences(category, a.states, b.states, 'state');
  }
}

/** A difference as one line: `pod default.web-1 view.status.phase: rebuilt "Running", snapshot "Pending"`. */
export const differenceLine = (d: Difference, keptAs: string) =>
  `${d.kind} ${d.key} ${d.path}: rebuilt ${show(d.rebuilt)}, ${keptAs} ${show(d.kept)}`;

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value instanceof Map ? Object.fromEntries(value) : value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
