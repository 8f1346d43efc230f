import type { Command, Event, NewEvent } from './event.js';

/** The kinds reconcilers work on, and so the kinds a failing reconcile can be reported on. */
export const REPORTED_KINDS = ['Node', 'Namespace', 'Pod', 'ReplicaSet', 'Deployment', 'Service', 'Job'] as const;
export type ReportedKind = (typeof REPORTED_KINDS)[number];
/** The longest message a report carries: an error can quote a whole object, the log keeps every report. */
export const MAX_FAILURE_MESSAGE = 1024;

/** Why a controller could not bring an object to what it should be: a short CamelCase reason and what went wrong. */
export type ReconcileFailure = Readonly<{ reason: string; message: string }>;

/** `namespace` is '' for a Node or a Namespace, which are cluster-scoped. */
type Target = Readonly<{ namespace: string; name: string }>;
type Reported = Target & Readonly<{ controller: string }> & ReconcileFailure;

/**
 * A controller's reconcile of the object keeps failing. `nodeName`: the node of a kubelet reporting on a pod
 * bound to it, which the pod's decider checks (Kubernetes' NodeRestriction).
 */
export type ReportReconcileFailure = Command<'ReportReconcileFailure', Reported & Readonly<{ kind: ReportedKind; nodeName?: string }>>;

/**
 * A controller's reconcile of the object kept failing, for the reason and with the message given: what `kubectl
 * describe` lists as a Warning from that controller. Recorded again only when the reason or message changes.
 */
export type ReconcileFailed = Event<'ReconcileFailed', Reported>;

/** What an object keeps of the failures reported on it: the last one of each controller, by controller. */
export type ReportedFailures = Readonly<{ reconcileFailures?: Readonly<Record<string, ReconcileFailure>> }>;

/** One ReconcileFailed, or none when the controller's last report on the object said the same. */
export function decideReconcileFailure(command: ReportReconcileFailure, object: ReportedFailures): NewEvent<ReconcileFailed>[] {
  const { namespace, name, controller, reason, message } = command.data;
  const last = object.reconcileFailures?.[controller];
  if (last?.reason === reason && last.message === message) return [];
  return [{ type: 'ReconcileFailed', data: { namespace, name, controller, reason, message } }];
}

/** `object` after a ReconcileFailed. */
export function evolveReconcileFailure<O extends ReportedFailures>(object: O, { data }: ReconcileFailed): O {
  return { ...object, reconcileFailures: { ...object.reconcileFailures, [data.controller]: { reason: data.reason, message: data.message } } };
}
