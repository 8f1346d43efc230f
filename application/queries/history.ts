import type { RecordedEvent } from '../../domain/shared/event.js';
import { formatTaint, type Taint } from '../../domain/shared/taints.js';

export type HistoryItem = Readonly<{
  position: number;
  revision: number;
  type: string;
  at: string;
  actor: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  summary: string;
  data: unknown;
}>;

const SECRET_FIELDS = new Set(['credentialHash', 'secretHash', 'adminTokenHash']);

/** One line a person can read, for `kesctl history` and `describe … Events`. */
export function summarize(event: RecordedEvent): string {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'NodeRegistered':
      return `registered as ${d.role} (${(d.nodeInfo as { kubeletVersion?: string })?.kubeletVersion ?? ''})`;
    case 'NodeCredentialIssued':
      return `node credential issued (bootstrap token ${d.bootstrapTokenId})`;
    case 'NodeLabelsChanged': {
      const set = Object.entries(d.set as Record<string, string>).map(([k, v]) => `${k}=${v}`);
      const removed = (d.removed as string[]).map((k) => `${k}-`);
      return `labels ${[...set, ...removed].join(' ')}`;
    }
    case 'NodeTaintsChanged': {
      const taints = d.taints as Taint[];
      return taints.length ? `taints ${taints.map(formatTaint).join(', ')}` : 'taints cleared';
    }
    case 'NodeCordoned':
      return 'cordoned (unschedulable)';
    case 'NodeUncordoned':
      return 'uncordoned (schedulable)';
    case 'NodeReadinessChanged':
      return `Ready=${d.status} (${d.reason}: ${d.message})`;
    case 'NodeDeleted':
      return 'deleted';
    case 'NodeReset':
      return 'reset by kesadm reset';
    case 'ClusterInitialized':
      return `cluster ${d.clusterName} initialized at ${d.apiEndpoint}`;
    case 'BootstrapTokenCreated':
      return `bootstrap token ${d.tokenId} created, expires ${d.expiresAt}`;
    case 'BootstrapTokenDeleted':
      return `bootstrap token ${d.tokenId} deleted`;
    default:
      return event.type;
  }
}

function redact(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '<redacted>' : v]));
}

export function historyItem(event: RecordedEvent): HistoryItem {
  const { metadata: m } = event;
  return {
    position: event.position,
    revision: event.revision,
    type: event.type,
    at: m.at,
    actor: m.actor,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    summary: summarize(event),
    data: redact(event.data),
  };
}
