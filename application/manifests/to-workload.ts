import type { CreateDeployment } from '../../domain/deployment/deployment.decide.js';
import type { StrategyInput } from '../../domain/deployment/strategy.js';
import type { CreateNamespace } from '../../domain/namespace/namespace.decide.js';
import type { CreatePod } from '../../domain/pod/pod.decide.js';
import type { PodTemplate } from '../../domain/pod/pod-spec.js';
import type { CreateReplicaSet } from '../../domain/replicaset/replicaset.decide.js';
import { toSelector, type NewObjectMeta } from '../../domain/replicaset/workload-spec.js';
import type { Selector } from '../../domain/shared/selectors.js';
import { stringMap, toRequirement, valuesForbiddenCauses, type Causes } from './manifest-values.js';
import type { ManifestMetaDto, PodManifestDto, PodTemplateManifestDto } from './pod.dto.js';
import { toPodSpec } from './to-pod-spec.js';
import type { DeploymentManifestDto, LabelSelectorDto, NamespaceManifestDto, ReplicaSetManifestDto } from './workload.dto.js';

/** Manifest DTOs → the data of the create commands. Each pushes what it finds wrong onto `causes`. */

export type Identity = Readonly<{ namespace: string; uid: string }>;

export const DEFAULT_REPLICAS = 1;

/** A manifest's metadata as the create commands carry it, with the uid the API server made. */
export function toMeta(dto: ManifestMetaDto | undefined, { namespace, uid }: Identity, causes: Causes): NewObjectMeta {
  return {
    name: dto?.name ?? '',
    namespace: dto?.namespace || namespace,
    uid,
    labels: { ...(dto?.labels ?? {}) } as Record<string, string>,
    annotations: stringMap(dto?.annotations, 'metadata.annotations', causes),
    ownerReferences: [],
  };
}

export function toCreatePod(dto: PodManifestDto, identity: Identity, causes: Causes): CreatePod['data'] {
  return { meta: toMeta(dto.metadata, identity, causes), spec: toPodSpec(dto.spec, 'spec', causes) };
}

export function toCreateNamespace(dto: NamespaceManifestDto, uid: string, causes: Causes): CreateNamespace['data'] {
  const { name = '', labels = {}, annotations } = dto.metadata ?? {};
  const meta = { name, uid, labels: { ...labels } as Record<string, string> };
  return { meta: annotations ? { ...meta, annotations: stringMap(annotations, 'metadata.annotations', causes) } : meta };
}

export function toLabelSelector(dto: LabelSelectorDto | undefined, causes: Causes): Selector {
  const expressions = dto?.matchExpressions ?? [];
  expressions.forEach((r, i) => causes.push(...valuesForbiddenCauses(r, `spec.selector.matchExpressions[${i}]`)));
  return toSelector({
    matchLabels: stringMap(dto?.matchLabels, 'spec.selector.matchLabels', causes),
    matchExpressions: expressions.map(toRequirement),
  });
}

export function toTemplate(dto: PodTemplateManifestDto | undefined, causes: Causes): PodTemplate {
  return {
    labels: { ...(dto?.metadata?.labels ?? {}) } as Record<string, string>,
    annotations: stringMap(dto?.metadata?.annotations, 'spec.template.metadata.annotations', causes),
    spec: toPodSpec(dto?.spec, 'spec.template.spec', causes),
  };
}

export function toCreateReplicaSet(dto: ReplicaSetManifestDto, identity: Identity, causes: Causes): CreateReplicaSet['data'] {
  return {
    meta: toMeta(dto.metadata, identity, causes),
    replicas: dto.spec?.replicas ?? DEFAULT_REPLICAS,
    selector: toLabelSelector(dto.spec?.selector, causes),
    template: toTemplate(dto.spec?.template, causes),
    ...(typeof dto.spec?.minReadySeconds === 'number' ? { minReadySeconds: dto.spec.minReadySeconds } : {}),
  };
}

function toStrategy(dto: DeploymentManifestDto, causes: Causes): StrategyInput | undefined {
  const strategy = dto.spec?.strategy;
  if (!strategy || (strategy.type === undefined && !strategy.rollingUpdate)) return undefined;
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate)
      causes.push({ field: 'spec.strategy.rollingUpdate', message: "Forbidden: may not be specified when strategy `type` is 'Recreate'" });
    return { type: 'Recreate' };
  }
  const { maxSurge, maxUnavailable } = strategy.rollingUpdate ?? {};
  return {
    type: 'RollingUpdate',
    ...(maxSurge !== undefined && maxSurge !== null ? { maxSurge } : {}),
    ...(maxUnavailable !== undefined && maxUnavailable !== null ? { maxUnavailable } : {}),
  };
}

export function toCreateDeployment(dto: DeploymentManifestDto, identity: Identity, causes: Causes): CreateDeployment['data'] {
  const workload = toCreateReplicaSet(dto, identity, causes);
  const strategy = toStrategy(dto, causes);
  const revisionHistoryLimit = dto.spec?.revisionHistoryLimit;
  return {
    ...workload,
    ...(strategy ? { strategy } : {}),
    ...(revisionHistoryLimit !== undefined && revisionHistoryLimit !== null ? { revisionHistoryLimit } : {}),
    ...(dto.spec?.paused ? { paused: true } : {}),
    ...(typeof dto.spec?.progressDeadlineSeconds === 'number' ? { progressDeadlineSeconds: dto.spec.progressDeadlineSeconds } : {}),
  };
}
