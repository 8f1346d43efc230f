import { AUDIT_CATEGORY, auditStream, type RefusalRecord } from '../../domain/audit/audit.js';
import { streamCategory, type RecordedEvent } from '../../domain/shared/event.js';
import type { EventStore } from '../ports/event-store.js';
import { kindNamed, kindOfResource, objectOfStream } from './streamed-kinds.js';
import { positionAt } from './position-at-time.js';

/** What an audit line is about: a resource (`nodes`, in API group '') and object, or a path. */
export type AuditObject = Readonly<{ apiGroup: string; resource: string; subresource: string; namespace: string; name: string; path: string }>;

/**
 * One line of the audit: a request refused (one or `count` identical ones), or a command carried out (the first
 * event it appended: `verb` is that event's type), with who, when and on what.
 */
export type AuditEntry = Readonly<{
  position: number;
  at: string;
  actor: string;
  result: 'refused' | 'accepted';
  verb: string;
  object: AuditObject;
  count: number;
  /** Refused: the HTTP code, Kubernetes' Status reason and why; the source address. */
  code?: number;
  reason?: string;
  message?: string;
  source?: string;
  commandId?: string;
}>;

export type AuditQuery = Readonly<{
  actor?: string;
  /** A kind or resource as kubectl takes it (`node`, `nodes`, `no`, `Node`), or any other resource name (`tokens`). */
  kind?: string;
  /** The object's name. */
  name?: string;
  /** From this time (RFC 3339) on. */
  sinceTime?: string;
  /** From this position on. */
  sincePosition?: number;
  refusedOnly?: boolean;
  /** At most this many entries; `next` then says the position to go on from. */
  limit: number;
}>;

export type AuditPage = Readonly<{ items: AuditEntry[]; next?: number; position: number }>;

const PAGE = 5_000;
const NO_OBJECT: AuditObject = { apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: '' };

function refusedEntry(event: RecordedEvent): AuditEntry {
  if (event.type !== 'RequestRefused') {
    const { count, lastAt } = event.data as { count: number; lastAt: string };
    return { position: event.position, at: lastAt, actor: '*', result: 'refused', verb: '', object: NO_OBJECT, count, reason: 'Dropped', message: `${count} refusals over the audit rate cap, not recorded one by one` };
  }
  const r = event.data as RefusalRecord;
  const { path, ...resource } = r.asked;
  return {
    position: event.position, at: r.lastAt, actor: r.actor, result: 'refused', verb: r.asked.verb, object: { ...resource, path }, count: r.count,
    code: r.code, reason: r.reason, message: r.message, source: r.source,
  };
}

function acceptedEntry(event: RecordedEvent): AuditEntry {
  const object = objectOfStream(event.stream);
  const target = object
    ? { ...NO_OBJECT, apiGroup: object.kind.apiGroup, resource: object.kind.resource, namespace: object.namespace ?? '', name: object.name }
    : { ...NO_OBJECT, resource: streamCategory(event.stream), name: event.stream.slice(streamCategory(event.stream).length + 1) };
  const m = event.metadata;
  return { position: event.position, at: m.at, actor: m.actor, result: 'accepted', verb: event.type, object: target, count: 1, commandId: m.commandId };
}

/** The resource a `--kind` names: a streamed kind's, else the name as given. */
function resourceNamed(kind: string): string {
  return (kindOfResource(kind.toLowerCase()) ?? kindNamed(kind))?.resource ?? kind;
}

function matches(entry: AuditEntry, query: AuditQuery, resource: string | undefined): boolean {
  if (query.actor !== undefined && entry.actor !== query.actor) return false;
  if (resource !== undefined && entry.object.resource !== resource) return false;
  if (query.name !== undefined && entry.object.name !== query.name) return false;
  return query.sinceTime === undefined || Date.parse(entry.at) >= Date.parse(query.sinceTime);
}

/**
 * The audit, read from the log page by page: refused requests (the `audit-<day>` streams) and, unless only
 * refusals are asked for, each command carried out — the first event of each command id (a command's events
 * are appended together, so one id is one run of positions).
 */
export async function readAudit(store: EventStore, query: AuditQuery): Promise<AuditPage> {
  const resource = query.kind === undefined ? undefined : resourceNamed(query.kind);
  if (query.refusedOnly) return readRefusals(store, query, resource);
  const items: AuditEntry[] = [];
  let after = await startOf(store, query);
  let previousCommand: string | undefined;
  for (;;) {
    const page = await store.readAll(after, PAGE);
    for (const event of page) {
      const first = event.metadata.commandId !== previousCommand;
      previousCommand = event.metadata.commandId;
      const audit = streamCategory(event.stream) === AUDIT_CATEGORY;
      if (!audit && (query.refusedOnly || !first)) continue;
      const entry = audit ? refusedEntry(event) : acceptedEntry(event);
      if (!matches(entry, query, resource)) continue;
      if (items.length === query.limit) return { items, next: event.position, position: event.position };
      items.push(entry);
    }
    if (page.length < PAGE) return { items, position: page.at(-1)?.position ?? after };
    after = page.at(-1)!.position;
  }
}

/** How far before `since` an event recorded after it may lie in the log: the clocks of those who send commands differ. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** Where in the log entries from `since` on can start: a position given, else the position of that time (less a skew). */
async function startOf(store: EventStore, query: AuditQuery): Promise<number> {
  if (query.sincePosition !== undefined) return Math.max(0, query.sincePosition - 1);
  if (query.sinceTime === undefined) return 0;
  return positionAt(store, new Date(Date.parse(query.sinceTime) - CLOCK_SKEW_MS));
}

/**
 * Refused requests alone, read from the streams they are kept in (one a day, `audit-<day>`), from the day of `since`
 * (or of the first event) to the day after the last event: the cost is the refusals (and a read a day), not the
 * length of the log.
 */
async function readRefusals(store: EventStore, query: AuditQuery, resource: string | undefined): Promise<AuditPage> {
  const head = await store.headPosition();
  if (head === 0) return { items: [], position: 0 };
  const after = await startOf(store, query);
  const [first] = await store.readAll(after, 1);
  const [last] = await store.readAll(head - 1, 1);
  const items: AuditEntry[] = [];
  // A day either side: the records' days are the API server's, the events' times their senders'.
  const from = Math.min(Date.parse(last!.metadata.at), Date.parse(first?.metadata.at ?? last!.metadata.at)) - DAY_MS;
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day <= Date.parse(last!.metadata.at) + DAY_MS; day += DAY_MS) {
    for (const event of await store.readStream(auditStream(new Date(day).toISOString()))) {
      if (event.position <= after) continue;
      const entry = refusedEntry(event);
      if (!matches(entry, query, resource)) continue;
      if (items.length === query.limit) return { items, next: event.position, position: event.position };
      items.push(entry);
    }
  }
  return { items, position: head };
}
