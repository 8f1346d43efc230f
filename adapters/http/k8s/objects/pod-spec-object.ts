import type { Affinity, Container, NodeAffinity, NodeSelectorTerm, PodAffinity, PodSpec, PodTemplate, Probe, ResourceAmounts } from '../../../../domain/pod/pod-spec.js';
import { toLabelSelector } from '../../../../domain/replicaset/workload-spec.js';
import type { ObjectMeta } from '../../../../domain/shared/object-meta.js';
import { formatBytes, formatCpu } from '../../../../domain/shared/quantity.js';
import type { Requirement, Selector } from '../../../../domain/shared/selectors.js';
import type { K8sContainer, K8sLabelSelector, K8sObjectMeta, K8sPodSpec, K8sPodTemplate } from './workload-types.js';

/** Domain shapes back to the Kubernetes wire shapes a manifest would have given (the reverse of application/manifests). */

const nonEmpty = <K extends string, T>(key: K, list: readonly T[] | undefined) => (list && list.length > 0 ? { [key]: [...list] } : {});
const nonEmptyMap = <K extends string>(key: K, map: Readonly<Record<string, string>>) =>
  Object.keys(map).length > 0 ? { [key]: { ...map } } : {};

const OWNER_API_VERSIONS: Record<string, string> = { ReplicaSet: 'apps/v1', Deployment: 'apps/v1', DaemonSet: 'apps/v1', StatefulSet: 'apps/v1', Job: 'batch/v1' };

/** Metadata as Kubernetes serves it; resourceVersion is the store position of the object's last event. */
export function objectMetadata(meta: Omit<ObjectMeta, 'namespace'> & { namespace?: string }, resourceVersion: number): K8sObjectMeta {
  return {
    name: meta.name,
    ...(meta.namespace !== undefined ? { namespace: meta.namespace } : {}),
    uid: meta.uid,
    resourceVersion: String(resourceVersion),
    creationTimestamp: meta.creationTimestamp,
    ...nonEmptyMap('labels', meta.labels),
    ...nonEmptyMap('annotations', meta.annotations),
    ...nonEmpty('managedFields', meta.managedFields),
    ...nonEmpty('ownerReferences', meta.ownerReferences.map((o) => ({
      apiVersion: OWNER_API_VERSIONS[o.kind] ?? 'v1',
      kind: o.kind,
      name: o.name,
      uid: o.uid,
      controller: o.controller,
      blockOwnerDeletion: o.controller,
    }))),
  };
}

const requirement = (r: Requirement) => ('values' in r ? { key: r.key, operator: r.operator, values: [...r.values] } : { key: r.key, operator: r.operator });

export function labelSelectorObject(selector: Selector): K8sLabelSelector {
  const { matchLabels, matchExpressions } = toLabelSelector(selector);
  return { ...nonEmptyMap('matchLabels', matchLabels), ...nonEmpty('matchExpressions', matchExpressions.map(requirement)) };
}

function amountsObject(amounts: Partial<ResourceAmounts> | undefined, keepZero: boolean): Record<string, string> {
  const list: Record<string, string> = {};
  if (amounts?.cpuMillis !== undefined && (keepZero || amounts.cpuMillis > 0)) list.cpu = formatCpu(amounts.cpuMillis);
  if (amounts?.memoryBytes !== undefined && (keepZero || amounts.memoryBytes > 0)) list.memory = formatBytes(amounts.memoryBytes);
  return list;
}

function probeObject({ handler, ...timing }: Probe): Record<string, unknown> {
  return { ...structuredClone(handler), ...timing };
}

function containerObject(c: Container): K8sContainer {
  const { requests, limits } = c.resources;
  const probes = (['readinessProbe', 'livenessProbe', 'startupProbe'] as const).flatMap((kind) => {
    const probe = c[kind];
    return probe ? [[kind, probeObject(probe)]] : [];
  });
  return {
    name: c.name,
    image: c.image,
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.args ? { args: [...c.args] } : {}),
    ...(c.workingDir ? { workingDir: c.workingDir } : {}),
    ...nonEmpty('envFrom', c.envFrom?.map((e) => structuredClone(e))),
    ...(c.securityContext ? { securityContext: { ...c.securityContext } } : {}),
    ...(c.lifecycle ? { lifecycle: structuredClone(c.lifecycle) } : {}),
    ...nonEmpty('env', c.env.map((e) => structuredClone(e))),
    ...nonEmpty('ports', c.ports.map((p) => ({ ...p }))),
    resources: { ...nonEmptyMap('requests', amountsObject(requests, false)), ...nonEmptyMap('limits', amountsObject(limits, true)) },
    ...nonEmpty('volumeMounts', c.volumeMounts.map((m) => ({ ...m }))),
    ...Object.fromEntries(probes),
  };
}

const termObject = (term: NodeSelectorTerm) => ({ matchExpressions: term.matchExpressions.map(requirement) });

function nodeAffinityObject({ required, preferred }: NodeAffinity): Record<string, unknown> {
  return {
    ...(required.length > 0 ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: required.map(termObject) } } : {}),
    ...nonEmpty('preferredDuringSchedulingIgnoredDuringExecution', preferred.map((p) => ({ weight: p.weight, preference: termObject(p.preference) }))),
  };
}

function podAffinityObject({ required, preferred }: PodAffinity): Record<string, unknown> {
  return {
    ...nonEmpty('requiredDuringSchedulingIgnoredDuringExecution', required.map((term) => structuredClone(term))),
    ...nonEmpty('preferredDuringSchedulingIgnoredDuringExecution', preferred.map((term) => structuredClone(term))),
  };
}

function affinityObject({ nodeAffinity, podAffinity, podAntiAffinity }: Affinity): Record<string, unknown> {
  return {
    ...(nodeAffinity ? { nodeAffinity: nodeAffinityObject(nodeAffinity) } : {}),
    ...(podAffinity ? { podAffinity: podAffinityObject(podAffinity) } : {}),
    ...(podAntiAffinity ? { podAntiAffinity: podAffinityObject(podAntiAffinity) } : {}),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `typed` with the unmodelled fields laid under it: lists item by item, typed values first. */
function withUnmodelled(typed: unknown, unmodelled: unknown): unknown {
  if (typed === undefined) return structuredClone(unmodelled);
  if (Array.isArray(typed) && Array.isArray(unmodelled)) return typed.map((item, i) => withUnmodelled(item, unmodelled[i]));
  if (!isObject(typed) || !isObject(unmodelled)) return typed;
  const merged: Record<string, unknown> = { ...typed };
  for (const [key, value] of Object.entries(unmodelled)) merged[key] = withUnmodelled(typed[key], value);
  return merged;
}

export function podSpecObject(spec: PodSpec): K8sPodSpec {
  const typed = typedPodSpecObject(spec);
  return spec.unmodelled ? (withUnmodelled(typed, spec.unmodelled) as K8sPodSpec) : typed;
}

function typedPodSpecObject(spec: PodSpec): K8sPodSpec {
  return {
    ...nonEmpty('initContainers', spec.initContainers?.map(containerObject)),
    containers: spec.containers.map(containerObject),
    ...nonEmpty('volumes', spec.volumes.map((v) => ('placeholderFor' in v ? { name: v.name } : structuredClone(v)))),
    ...nonEmptyMap('nodeSelector', spec.nodeSelector),
    ...(spec.affinity ? { affinity: affinityObject(spec.affinity) } : {}),
    ...nonEmpty('tolerations', spec.tolerations.map((t) => ({ ...t }))),
    ...(spec.topologySpreadConstraints ? { topologySpreadConstraints: spec.topologySpreadConstraints.map((c) => structuredClone(c)) } : {}),
    ...(spec.priorityClassName ? { priorityClassName: spec.priorityClassName } : {}),
    ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
    ...(spec.preemptionPolicy ? { preemptionPolicy: spec.preemptionPolicy } : {}),
    restartPolicy: spec.restartPolicy,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
    ...(spec.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: spec.activeDeadlineSeconds } : {}),
    ...nonEmpty('hostAliases', spec.hostAliases?.map((a) => ({ ip: a.ip, hostnames: [...a.hostnames] }))),
    ...(spec.securityContext ? { securityContext: { ...spec.securityContext } } : {}),
    ...(spec.nodeName ? { nodeName: spec.nodeName } : {}),
  };
}

export function templateObject(template: PodTemplate): K8sPodTemplate {
  return {
    metadata: { ...nonEmptyMap('labels', template.labels), ...nonEmptyMap('annotations', template.annotations) },
    spec: podSpecObject(template.spec),
  };
}
