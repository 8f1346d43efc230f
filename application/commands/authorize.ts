import { CommandRefused } from '../../domain/shared/errors.js';
import type { Command } from '../../domain/shared/event.js';

export const ADMIN = 'kubernetes-admin';
export const nodeActor = (name: string) => `system:node:${name}`;
export const bootstrapActor = (tokenId: string) => `system:bootstrap:${tokenId}`;
export const CONTROLLER_MANAGER = 'system:kes-controller-manager';
export const SCHEDULER = 'system:kes-scheduler';
/** The API server itself: the only sender of the audit log's commands. */
export const API_SERVER = 'system:kes-apiserver';
const SYSTEM_COMPONENTS = new Set([CONTROLLER_MANAGER, SCHEDULER, API_SERVER]);
/** Commands only the API server sends: what it records of requests it refused. */
const API_SERVER_COMMANDS = new Set(['RecordRefusal', 'RecordDroppedRefusals']);

type Data = { kind?: unknown; name?: unknown; nodeName?: unknown; registration?: { name?: unknown } };

/**
 * Commands a node may send, and the node each is about (Kubernetes' NodeRestriction): its own Node, and the
 * status of pods bound to it and why they keep failing (the pod decider checks the binding).
 */
const NODE_COMMANDS: Record<string, (data: Data) => unknown> = {
  RegisterNode: (d) => d.name,
  ReportNodeReadiness: (d) => d.name,
  ResetNode: (d) => d.name,
  ReportPodStatus: (d) => d.nodeName,
  ConfirmPodDeleted: (d) => d.nodeName,
  ReportReconcileFailure: (d) => (d.kind === 'Pod' ? d.nodeName : undefined),
  /** Who owns which fields of its Node, recorded with its own writes to it. */
  ChangeManagedFields: (d) => (d.kind === 'Node' ? d.name : undefined),
};

function target(command: Command): string | undefined {
  const data = command.data as Data;
  const name = data.registration?.name ?? data.name;
  return typeof name === 'string' ? name : undefined;
}

/** Who may send what. Throws Forbidden, naming the actor and what it may do instead. */
export function authorize(command: Command): void {
  const actor = command.metadata.actor;
  if (API_SERVER_COMMANDS.has(command.type)) {
    if (actor === API_SERVER) return;
    throw forbidden(actor, command, 'only the API server records refused requests');
  }
  if (actor === ADMIN || SYSTEM_COMPONENTS.has(actor)) return;
  if (actor.startsWith('system:bootstrap:')) {
    if (command.type === 'JoinNode') return;
    throw forbidden(actor, command, 'a bootstrap token may only join a node');
  }
  if (actor.startsWith('system:node:')) {
    const self = actor.slice('system:node:'.length);
    if (NODE_COMMANDS[command.type]?.(command.data as Data) === self) return;
    throw forbidden(actor, command, `a node may only change its own Node object (${self}) and the status of pods bound to it`);
  }
  throw forbidden(actor, command, 'unknown user');
}

function forbidden(actor: string, command: Command, why: string): CommandRefused {
  const object = target(command);
  return new CommandRefused('Forbidden', `${actor} may not ${command.type}${object ? ` on "${object}"` : ''}: ${why}`);
}
