import type { AuditEntry } from '../../../application/queries/audit-log.js';
import { formatColumns } from './table-printer.js';

/** `namespaces/shop/deployments.apps/web`, `nodes/x`, `pods/web-1/log`: what was asked about, as its API path names it. */
export function objectOf({ object }: AuditEntry): string {
  if (object.path) return object.path;
  if (!object.resource) return '<none>';
  const resource = object.apiGroup ? `${object.resource}.${object.apiGroup}` : object.resource;
  const named = [resource, object.name, object.subresource].filter(Boolean).join('/');
  return object.namespace ? `namespaces/${object.namespace}/${named}` : named;
}

const resultOf = (entry: AuditEntry) => (entry.result === 'refused' ? `refused: ${entry.reason ?? ''}` : 'accepted');

/** TIME ACTOR VERB OBJECT RESULT COUNT, one line per command carried out or run of identical refusals. */
export function printAudit(items: readonly AuditEntry[]): string {
  return formatColumns([
    ['TIME', 'ACTOR', 'VERB', 'OBJECT', 'RESULT', 'COUNT'],
    ...items.map((e) => [e.at, e.actor, e.verb || '<none>', objectOf(e), resultOf(e), String(e.count)]),
  ]);
}
