import type { Event } from '../shared/event.js';

/**
 * What a refused request asked, as the authorizer saw it: the verb and the resource (API group, resource,
 * subresource, namespace, name), or the path for a request that names no resource. Never a request body.
 */
export type AskedFor = Readonly<{
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** The path, for a request that names no resource ('' otherwise). */
  path: string;
}>;

/**
 * One or more identical requests refused (same actor, what was asked and reason) between `firstAt` and `lastAt`:
 * `count` says how many. `code` is the HTTP status, `reason` Kubernetes' Status reason (Forbidden, Invalid, …) and
 * `message` why, never carrying a Secret's value.
 */
export type RefusalRecord = Readonly<{
  actor: string;
  source: string;
  asked: AskedFor;
  code: number;
  reason: string;
  message: string;
  count: number;
  firstAt: string;
  lastAt: string;
}>;

export type RequestRefused = Event<'RequestRefused', RefusalRecord>;
/** Refusals over the audit rate cap, counted rather than recorded one by one. */
export type RefusalsDropped = Event<'RefusalsDropped', { count: number; firstAt: string; lastAt: string }>;

export type AuditEvent = RequestRefused | RefusalsDropped;

/** The audit log keeps no state to decide on: each record stands alone. `recorded` only counts them. */
export type AuditState = Readonly<{ recorded: number }>;

/** Audit records live in one stream a day (`audit-2025-01-31`), so no stream grows with the cluster's age. */
export const AUDIT_CATEGORY = 'audit';
export const auditStream = (at: string) => `${AUDIT_CATEGORY}-${at.slice(0, 10)}`;

export const initialAuditState = (): AuditState => ({ recorded: 0 });
export const evolveAudit = (state: AuditState, _event: AuditEvent): AuditState => ({ recorded: state.recorded + 1 });

export const REDACTED = '<redacted>';
const NOTHING_ASKED: AskedFor = { verb: REDACTED, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: '' };

/**
 * An audit event as one who may not read the audit sees it (a node on the event feed, everyone on NATS): its
 * shape kept, so it still validates against its schema, but not who was refused what, from where, or why.
 */
export function withRecordRedacted<E extends { type: string; data: unknown }>(event: E): E {
  if (event.type !== 'RequestRefused') return event;
  const record = event.data as RefusalRecord;
  return { ...event, data: { ...record, actor: REDACTED, source: REDACTED, asked: NOTHING_ASKED, message: REDACTED } };
}
