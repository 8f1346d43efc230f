import type { Event } from '../shared/event.js';
import { evolveReconcileFailure, type ReconcileFailed, type ReportedFailures } from '../shared/reconcile-failure.js';
import { evolveMetadata, type MetadataEvent } from '../shared/metadata-change.js';
import { namespacedKey, type ObjectMeta } from '../shared/object-meta.js';
import type { Selector } from '../shared/selectors.js';
import type { PodTemplate } from '../pod/pod-spec.js';
import type { DeploymentStrategy } from './strategy.js';

export type DeploymentSpec = Readonly<{
  replicas: number;
  selector: Selector;
  template: PodTemplate;
  strategy: DeploymentStrategy;
  revisionHistoryLimit: number;
  /** A paused Deployment is scaled but not rolled out: a new template waits until it is resumed. */
  paused: boolean;
  /** Given to its ReplicaSets: how long a new pod must have been ready to count as available. */
  minReadySeconds?: number;
  /** Kept and returned (Kubernetes' default 600); kes reports no ProgressDeadlineExceeded yet. */
  progressDeadlineSeconds?: number;
}>;

export type DeploymentCondition = Readonly<{
  type: 'Available' | 'Progressing' | 'ReplicaFailure';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}>;
export type StampedCondition = DeploymentCondition & Readonly<{ lastUpdateTime: string; lastTransitionTime: string }>;

export type DeploymentStatus = Readonly<{
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  conditions: readonly DeploymentCondition[];
}>;
export type DeploymentKey = Readonly<{ namespace: string; name: string }>;

/** The annotation that numbers a Deployment's revision, on it and on the ReplicaSet of each revision. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** `paused` is absent in events recorded before kes could pause a Deployment. */
export type DeploymentCreated = Event<'DeploymentCreated', Omit<DeploymentSpec, 'paused'> & { paused?: boolean; meta: ObjectMeta }>;
export type DeploymentScaled = Event<'DeploymentScaled', DeploymentKey & { replicas: number }>;
/** A new pod template: `revision` numbers the ReplicaSet that will carry it (deployment.kubernetes.io/revision). */
export type DeploymentTemplateChanged = Event<'DeploymentTemplateChanged', DeploymentKey & { template: PodTemplate; revision: number }>;
export type DeploymentStrategyChanged = Event<'DeploymentStrategyChanged', DeploymentKey & { strategy: DeploymentStrategy }>;
/** How long a new pod must have been ready to count as available. */
export type DeploymentMinReadySecondsChanged = Event<'DeploymentMinReadySecondsChanged', DeploymentKey & { minReadySeconds: number }>;
export type DeploymentPaused = Event<'DeploymentPaused', DeploymentKey>;
export type DeploymentResumed = Event<'DeploymentResumed', DeploymentKey>;
export type DeploymentStatusReported = Event<'DeploymentStatusReported', DeploymentKey & DeploymentStatus>;
export type DeploymentDeleted = Event<'DeploymentDeleted', DeploymentKey>;

export type DeploymentEvent =
  | DeploymentCreated
  | DeploymentScaled
  | DeploymentTemplateChanged
  | DeploymentStrategyChanged
  | DeploymentMinReadySecondsChanged
  | DeploymentPaused
  | DeploymentResumed
  | DeploymentStatusReported
  | DeploymentDeleted
  | MetadataEvent
  | ReconcileFailed;

export type Deployment = Readonly<{
  meta: ObjectMeta;
  spec: DeploymentSpec;
  /** Bumped by every spec change, as metadata.generation. */
  generation: number;
  /** The revision of the current template: 1 at creation, +1 per template change. */
  revision: number;
  status: Omit<DeploymentStatus, 'conditions'> & Readonly<{ conditions: readonly StampedCondition[] }>;
}> & ReportedFailures;

export type DeploymentState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; deployment: Deployment }>
  | Readonly<{ status: 'deleted' }>;

export const deploymentStream = (namespace: string, name: string) => `deployment-${namespacedKey(namespace, name)}`;
export const initialDeploymentState = (): DeploymentState => ({ status: 'absent' });

const NOTHING_OBSERVED: Deployment['status'] = {
  observedGeneration: 0, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, conditions: [],
};

export function evolveDeployment(state: DeploymentState, event: DeploymentEvent): DeploymentState {
  switch (event.type) {
    case 'DeploymentCreated': {
      const { meta, paused = false, ...spec } = event.data;
      return { status: 'active', deployment: { meta, spec: { ...spec, paused }, generation: 1, revision: 1, status: NOTHING_OBSERVED } };
    }
    case 'DeploymentDeleted':
      return { status: 'deleted' };
    default:
      return state.status === 'active' ? { status: 'active', deployment: changed(state.deployment, event) } : state;
  }
}

type Change = Exclude<DeploymentEvent, DeploymentCreated | DeploymentDeleted>;

function changed(d: Deployment, event: Change): Deployment {
  const respec = (spec: Partial<DeploymentSpec>) => ({ ...d, spec: { ...d.spec, ...spec }, generation: d.generation + 1 });
  switch (event.type) {
    case 'DeploymentScaled':
      return respec({ replicas: event.data.replicas });
    case 'DeploymentTemplateChanged':
      return { ...respec({ template: event.data.template }), revision: event.data.revision };
    case 'DeploymentStrategyChanged':
      return respec({ strategy: event.data.strategy });
    case 'LabelsChanged':
    case 'AnnotationsChanged':
    case 'ManagedFieldsChanged':
      return { ...d, meta: evolveMetadata(d.meta, event) };
    case 'DeploymentMinReadySecondsChanged':
      return respec({ minReadySeconds: event.data.minReadySeconds });
    case 'DeploymentPaused':
      return respec({ paused: true });
    case 'DeploymentResumed':
      return respec({ paused: false });
    case 'ReconcileFailed':
      return evolveReconcileFailure(d, event);
    case 'DeploymentStatusReported': {
      const { namespace: _ns, name: _name, conditions, ...counts } = event.data;
      return { ...d, status: { ...counts, conditions: stamped(d.status.conditions, conditions, event.metadata.at) } };
    }
  }
}

/** Kubernetes' rule: lastTransitionTime moves when the status flips, lastUpdateTime when anything about it changes. */
function stamped(before: readonly StampedCondition[], now: readonly DeploymentCondition[], at: string): StampedCondition[] {
  return now.map((c) => {
    const prior = before.find((p) => p.type === c.type);
    const sameStatus = prior?.status === c.status;
    const sameText = sameStatus && prior.reason === c.reason && prior.message === c.message;
    return {
      ...c,
      lastTransitionTime: sameStatus ? prior.lastTransitionTime : at,
      lastUpdateTime: sameText ? prior.lastUpdateTime : at,
    };
  });
}
