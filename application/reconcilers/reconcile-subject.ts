import { splitNamespacedKey } from '../../domain/shared/object-meta.js';
import type { ReportedKind } from '../../domain/shared/reconcile-failure.js';

/**
 * The object a reconciler's key stands for: where a reconcile that keeps failing is reported. `actor` and
 * `nodeName` when a kubelet reports on a pod bound to its node, as that node.
 */
export type ReconcileSubject = Readonly<{ kind: ReportedKind; namespace: string; name: string; actor?: string; nodeName?: string }>;

type Views = ReadonlyMap<string, unknown>;

/** Keys `<namespace>.<name>` of the objects of `kind` in `views`; none once the object is gone. */
export const namespacedSubject = (kind: ReportedKind, views: Views) => (key: string): ReconcileSubject | undefined =>
  views.has(key) ? { kind, ...splitNamespacedKey(key) } : undefined;

/** Keys that are the names of the cluster-scoped objects of `kind` in `views`; none once the object is gone. */
export const clusterSubject = (kind: ReportedKind, views: Views) => (name: string): ReconcileSubject | undefined =>
  views.has(name) ? { kind, namespace: '', name } : undefined;
