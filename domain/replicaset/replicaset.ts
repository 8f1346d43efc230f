import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import type { Event } from '../shared/event.js';
import { evolveReconcileFailure, type ReconcileFailed, type ReportedFailures } from '../shared/reconcile-failure.js';
import { REVISION_ANNOTATION } from '../deployment/deployment.js';
import { withController } from '../shared/adoption.js';
import { namespacedKey, withoutOwner, type ObjectMeta, type OwnerReference } from '../shared/object-meta.js';
import type { Selector } from '../shared/selectors.js';
import type { PodTemplate } from '../pod/pod-spec.js';

/** `minReadySeconds`: how long a new pod must have been ready to count as available (Kubernetes' default 0). */
export type ReplicaSetSpec = Readonly<{ replicas: number; selector: Selector; template: PodTemplate; minReadySeconds?: number }>;
export type ReplicaSetStatus = Readonly<{
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
}>;
export type ReplicaSetKey = Readonly<{ namespace: string; name: string }>;

export type ReplicaSetCreated = Event<'ReplicaSetCreated', ReplicaSetSpec & { meta: ObjectMeta }>;
export type ReplicaSetScaled = Event<'ReplicaSetScaled', ReplicaSetKey & { replicas: number }>;
export type ReplicaSetStatusReported = Event<'ReplicaSetStatusReported', ReplicaSetKey & ReplicaSetStatus>;
export type ReplicaSetDeleted = Event<'ReplicaSetDeleted', ReplicaSetKey>;
/** Its Deployment's template came back to this ReplicaSet's: it carries the Deployment's new revision. */
export type ReplicaSetRevised = Event<'ReplicaSetRevised', ReplicaSetKey & { revision: number }>;
/** How long a new pod must have been ready to count as available. */
export type ReplicaSetMinReadySecondsChanged = Event<'ReplicaSetMinReadySecondsChanged', ReplicaSetKey & { minReadySeconds: number }>;
/** Its owner was deleted with propagationPolicy Orphan: the ReplicaSet stays, without the reference. */
export type ReplicaSetOrphaned = Event<'ReplicaSetOrphaned', ReplicaSetKey & { ownerUid: string }>;
export type ReplicaSetAdopted = Event<'ReplicaSetAdopted', ReplicaSetKey & { owner: OwnerReference }>;

export type ReplicaSetEvent =
  | ReplicaSetCreated | ReplicaSetScaled | ReplicaSetStatusReported | ReplicaSetDeleted | ReplicaSetOrphaned | ReplicaSetAdopted | ReplicaSetRevised | ReplicaSetMinReadySecondsChanged | MetadataEvent | ReconcileFailed;

export type ReplicaSet = Readonly<{
  meta: ObjectMeta;
  spec: ReplicaSetSpec;
  /** Bumped by every spec change, as metadata.generation; status.observedGeneration trails it. */
  generation: number;
  status: ReplicaSetStatus;
}> & ReportedFailures;

export type ReplicaSetState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; replicaSet: ReplicaSet }>
  | Readonly<{ status: 'deleted' }>;

export const replicaSetStream = (namespace: string, name: string) => `replicaset-${namespacedKey(namespace, name)}`;
export const initialReplicaSetState = (): ReplicaSetState => ({ status: 'absent' });

const NO_PODS_YET: ReplicaSetStatus = { replicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0 };

export function evolveReplicaSet(state: ReplicaSetState, event: ReplicaSetEvent): ReplicaSetState {
  switch (event.type) {
    case 'ReplicaSetCreated': {
      const { meta, ...spec } = event.data;
      return { status: 'active', replicaSet: { meta, spec, generation: 1, status: NO_PODS_YET } };
    }
    case 'ReplicaSetDeleted':
      return { status: 'deleted' };
    default:
      return state.status === 'active' ? { status: 'active', replicaSet: changed(state.replicaSet, event) } : state;
  }
}

function changed(rs: ReplicaSet, event: Exclude<ReplicaSetEvent, ReplicaSetCreated | ReplicaSetDeleted>): ReplicaSet {
  switch (event.type) {
    case 'ReplicaSetRevised':
      return { ...rs, meta: { ...rs.meta, annotations: { ...rs.meta.annotations, [REVISION_ANNOTATION]: String(event.data.revision) } } };
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return { ...rs, meta: evolveMetadata(rs.meta, event) };
    case 'ReplicaSetAdopted':
      return { ...rs, meta: withController(rs.meta, event.data.owner) };
    case 'ReplicaSetOrphaned':
      return { ...rs, meta: withoutOwner(rs.meta, event.data.ownerUid) };
    case 'ReconcileFailed':
      return evolveReconcileFailure(rs, event);
    case 'ReplicaSetMinReadySecondsChanged':
      return { ...rs, spec: { ...rs.spec, minReadySeconds: event.data.minReadySeconds }, generation: rs.generation + 1 };
    case 'ReplicaSetScaled':
      return { ...rs, spec: { ...rs.spec, replicas: event.data.replicas }, generation: rs.generation + 1 };
    case 'ReplicaSetStatusReported': {
      const { namespace: _ns, name: _name, ...status } = event.data;
      return { ...rs, status };
    }
  }
}
