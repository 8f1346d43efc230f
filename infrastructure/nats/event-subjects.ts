import { streamCategory } from '../../domain/shared/event.js';

export const EVENT_SUBJECT_PREFIX = 'kes.events';

/** Kinds whose stream names carry no namespace, so a '.' in them belongs to the name (e.g. `node-worker.lan`). */
const CLUSTER_SCOPED = new Set(['cluster', 'node', 'namespace', 'allocation']);

/** What a stream is about: its kind (the stream's category), namespace ('' for cluster-scoped kinds) and name. */
export type StreamObject = Readonly<{ kind: string; namespace: string; name: string }>;

export function objectOfStream(stream: string): StreamObject {
  const kind = streamCategory(stream);
  const rest = stream.slice(kind.length + 1);
  const dot = CLUSTER_SCOPED.has(kind) ? -1 : rest.indexOf('.');
  return { kind, namespace: dot < 0 ? '' : rest.slice(0, dot), name: dot < 0 ? rest : rest.slice(dot + 1) };
}

/**
 * `kes.events.<kind>.<namespace or _>.<name>.<EventType>` for an event of `stream`.
 * `pod-default.web-1` → `kes.events.pod.default.web-1.PodCreated`; `node-worker-1` → `kes.events.node._.worker-1.…`;
 * `cluster` → `kes.events.cluster._._.…`. A '.' inside a name is written as '_' (never valid in a Kubernetes name).
 */
export function eventSubject(stream: string, eventType: string): string {
  const { kind, namespace, name } = objectOfStream(stream);
  return [EVENT_SUBJECT_PREFIX, kind, token(namespace), token(name), eventType].join('.');
}

function token(part: string): string {
  return part === '' ? '_' : part.replaceAll('.', '_');
}
