import type { K8sEvent } from '../../http/k8s/k8s-types.js';
import { formatLabelSelector } from '../../http/k8s/objects/workload-tables.js';
import type { K8sDeployment, K8sNamespace, K8sPod, K8sReplicaSet } from '../../http/k8s/objects/workload-types.js';
import { podTemplateLines } from './describe-containers.js';
import { annotationLines, controllerOf, describeText, eventLines, labelLines } from './describe-text.js';
import { rfc1123z } from './time.js';

/** A Deployment's ReplicaSets as kubectl describe sorts them: the one running the current template, and the older ones still holding pods. */
export type DeploymentReplicaSets = { newReplicaSet?: K8sReplicaSet; oldReplicaSets: K8sReplicaSet[] } | undefined;

/** `kubectl describe deployment`. */
export function describeDeployment(d: K8sDeployment, replicaSets: DeploymentReplicaSets, events: readonly K8sEvent[] | undefined, now: Date): string {
  const { metadata, spec, status } = d;
  const lines = [
    `Name:\t${metadata.name}`,
    `Namespace:\t${metadata.namespace ?? ''}`,
    `CreationTimestamp:\t${rfc1123z(metadata.creationTimestamp)}`,
    ...labelLines('Labels', metadata.labels),
    ...annotationLines('Annotations', metadata.annotations),
    `Selector:\t${formatLabelSelector(spec.selector)}`,
    `Replicas:\t${spec.replicas} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable`,
    `StrategyType:\t${spec.strategy.type}`,
    'MinReadySeconds:\t0',
    ...(spec.strategy.type === 'RollingUpdate'
      ? [`RollingUpdateStrategy:\t${spec.strategy.rollingUpdate.maxUnavailable} max unavailable, ${spec.strategy.rollingUpdate.maxSurge} max surge`]
      : []),
    ...podTemplateLines(spec.template),
    ...(status.conditions && status.conditions.length > 0
      ? ['Conditions:', '  Type\tStatus\tReason', '  ----\t------\t------', ...status.conditions.map((c) => `  ${c.type} \t${c.status}\t${c.reason}`)]
      : []),
    ...(replicaSets
      ? [
          `OldReplicaSets:\t${replicaSetSummary(replicaSets.oldReplicaSets)}`,
          `NewReplicaSet:\t${replicaSetSummary(replicaSets.newReplicaSet ? [replicaSets.newReplicaSet] : [])}`,
        ]
      : []),
    ...eventLines(events, now),
  ];
  return describeText(lines);
}

function replicaSetSummary(replicaSets: readonly K8sReplicaSet[]): string {
  return replicaSets.map((rs) => `${rs.metadata.name} (${rs.status.replicas ?? 0}/${rs.spec.replicas} replicas created)`).join(', ') || '<none>';
}

type ControlledWorkload = Readonly<{ metadata: K8sReplicaSet['metadata']; spec: Readonly<{ selector: K8sReplicaSet['spec']['selector'] }> }>;

/** How kubectl describe opens a ReplicaSet or a Job: name, namespace, selector, labels, annotations, controller. */
export function controlledWorkloadLines({ metadata, spec }: ControlledWorkload): string[] {
  const controller = controllerOf(metadata);
  return [
    `Name:\t${metadata.name}`,
    `Namespace:\t${metadata.namespace ?? ''}`,
    `Selector:\t${formatLabelSelector(spec.selector)}`,
    ...labelLines('Labels', metadata.labels),
    ...annotationLines('Annotations', metadata.annotations),
    ...(controller ? [`Controlled By:\t${controller}`] : []),
  ];
}

/** `kubectl describe replicaset`; `pods` are the pods it controls (undefined when they could not be listed). */
export function describeReplicaSet(rs: K8sReplicaSet, pods: readonly K8sPod[] | undefined, events: readonly K8sEvent[] | undefined, now: Date): string {
  const { spec, status } = rs;
  const count = (phase: string) => (pods ?? []).filter((p) => p.status.phase === phase).length;
  const lines = [
    ...controlledWorkloadLines(rs),
    `Replicas:\t${status.replicas ?? 0} current / ${spec.replicas} desired`,
    pods
      ? `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`
      : 'Pods Status:\terror in fetching pods',
    ...podTemplateLines(spec.template),
    ...eventLines(events, now),
  ];
  return describeText(lines);
}

/** `kubectl describe namespace`: kes has neither resource quotas nor limit ranges, so it says there are none. */
export function describeNamespace(ns: K8sNamespace): string {
  const lines = [
    `Name:\t${ns.metadata.name}`,
    ...labelLines('Labels', ns.metadata.labels),
    ...annotationLines('Annotations', ns.metadata.annotations),
    `Status:\t${ns.status.phase}`,
    '',
    'No resource quota.',
    '',
    'No LimitRange resource.',
  ];
  return describeText(lines);
}
