import type { Affinity, ContainerUser, HostAlias, NodeAffinity, NodeSelectorTerm, PodSpec, Toleration, Volume } from '../../domain/pod/pod-spec.js';
import { labelKeyProblem } from '../../domain/shared/labels.js';
import { toPodAffinity, toTopologySpreadConstraints } from './to-pod-placement.js';
import type { NodeAffinityDto, PodSpecManifestDto, RequirementDto, TolerationDto, VolumeDto } from './pod.dto.js';
import { requirementCauses, stringMap, toRequirement, type Causes } from './manifest-values.js';
import { toContainer } from './to-container.js';
import { MODELLED_POD_SPEC, POD_SPEC_FIELDS } from './manifest-fields.js';
import { POD_TYPES } from './pod-schema.js';
import { unmodelledFields } from './unmodelled-fields.js';

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/** Every volume source of Kubernetes' schema: a volume has exactly one. */
const VOLUME_SOURCES = Object.keys(POD_TYPES.Volume).filter((field) => field !== 'name');

/** A manifest PodSpec (at `at`: `spec` or `spec.template.spec`) → the domain PodSpec, with Kubernetes' defaults. */
export function toPodSpec(dto: PodSpecManifestDto | undefined, at: string, causes: Causes): PodSpec {
  const volumes = (dto?.volumes ?? []).map((v, i) => toVolume(v, `${at}.volumes[${i}]`, causes));
  const containers = (dto?.containers ?? []).map((c, i) => toContainer(c, `${at}.containers[${i}]`, causes));
  const initContainers = (dto?.initContainers ?? []).map((c, i) => toContainer(c, `${at}.initContainers[${i}]`, causes));
  causes.push(...volumeNameCauses(volumes, at), ...mountCauses(containers, volumes, `${at}.containers`), ...mountCauses(initContainers, volumes, `${at}.initContainers`));
  const sidecars = new Set((dto?.initContainers ?? []).flatMap((c, i) => ((c as { restartPolicy?: string }).restartPolicy === 'Always' ? [i] : [])));
  causes.push(...initContainerCauses(initContainers, at, sidecars));
  const raw = (dto ?? {}) as RawPodSpec;
  const affinity = toAffinity(dto?.affinity, `${at}.affinity`, causes);
  const spread = dto?.topologySpreadConstraints;
  const unmodelled = unmodelledFields(dto, MODELLED_POD_SPEC, POD_SPEC_FIELDS);
  return {
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers,
    volumes,
    nodeSelector: stringMap(dto?.nodeSelector, `${at}.nodeSelector`, causes),
    ...(affinity ? { affinity } : {}),
    tolerations: (dto?.tolerations ?? []).map((t, i) => toToleration(t, `${at}.tolerations[${i}]`, causes)),
    ...(spread ? { topologySpreadConstraints: toTopologySpreadConstraints(spread, `${at}.topologySpreadConstraints`, causes) } : {}),
    ...(dto?.priorityClassName ? { priorityClassName: dto.priorityClassName } : {}),
    ...(dto?.priority !== undefined ? { priority: dto.priority } : {}),
    ...(dto?.preemptionPolicy ? { preemptionPolicy: dto.preemptionPolicy } : {}),
    restartPolicy: dto?.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: dto?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    ...(dto?.nodeName ? { nodeName: dto.nodeName } : {}),
    ...processFields(raw, at, causes),
    ...(unmodelled ? { unmodelled } : {}),
  };
}

/** Fields the DTO leaves as given (pod-schema.ts has checked their kinds). */
type RawPodSpec = {
  activeDeadlineSeconds?: number;
  hostAliases?: { ip?: string; hostnames?: string[] }[];
  securityContext?: { runAsUser?: number; runAsGroup?: number };
};

/** activeDeadlineSeconds, hostAliases and the pod's user and group: what the node enacts for the whole pod. */
function processFields({ activeDeadlineSeconds, hostAliases, securityContext }: RawPodSpec, at: string, causes: Causes): Partial<PodSpec> {
  if (typeof activeDeadlineSeconds === 'number' && activeDeadlineSeconds < 1)
    causes.push({ field: `${at}.activeDeadlineSeconds`, message: `Invalid value: ${activeDeadlineSeconds}: must be between 1 and 2147483647, inclusive` });
  const aliases: HostAlias[] = (hostAliases ?? []).map((alias, i) => {
    if (!alias.ip) causes.push({ field: `${at}.hostAliases[${i}].ip`, message: 'Required value' });
    return { ip: alias.ip ?? '', hostnames: [...(alias.hostnames ?? [])] };
  });
  const user: ContainerUser = {
    ...(typeof securityContext?.runAsUser === 'number' ? { runAsUser: securityContext.runAsUser } : {}),
    ...(typeof securityContext?.runAsGroup === 'number' ? { runAsGroup: securityContext.runAsGroup } : {}),
  };
  return {
    ...(typeof activeDeadlineSeconds === 'number' ? { activeDeadlineSeconds } : {}),
    ...(aliases.length > 0 ? { hostAliases: aliases } : {}),
    ...(Object.keys(user).length > 0 ? { securityContext: user } : {}),
  };
}

function toAffinity(dto: PodSpecManifestDto['affinity'], at: string, causes: Causes): Affinity | undefined {
  if (!dto || (!dto.nodeAffinity && !dto.podAffinity && !dto.podAntiAffinity)) return undefined;
  return {
    ...(dto.nodeAffinity ? { nodeAffinity: toNodeAffinity(dto.nodeAffinity, `${at}.nodeAffinity`, causes) } : {}),
    ...(dto.podAffinity ? { podAffinity: toPodAffinity(dto.podAffinity, `${at}.podAffinity`, causes) } : {}),
    ...(dto.podAntiAffinity ? { podAntiAffinity: toPodAffinity(dto.podAntiAffinity, `${at}.podAntiAffinity`, causes) } : {}),
  };
}

function toVolume(dto: VolumeDto, at: string, causes: Causes): Volume {
  const { name, configMap, secret, emptyDir, hostPath } = dto;
  const given = VOLUME_SOURCES.filter((source) => (dto as unknown as Record<string, unknown>)[source] != null);
  const sources = given.length;
  if (sources === 0) causes.push({ field: at, message: 'Required value: must specify a volume type' });
  if (sources > 1) causes.push({ field: at, message: 'Forbidden: may not specify more than 1 volume type' });
  const optional = (o: boolean | undefined) => (o !== undefined ? { optional: o } : {});
  if (configMap) return { name, configMap: { name: configMap.name, ...optional(configMap.optional) } };
  if (secret) return { name, secret: { secretName: secret.secretName, ...optional(secret.optional) } };
  if (hostPath) return { name, hostPath: { path: hostPath.path } };
  if (emptyDir || sources === 0) return { name, emptyDir: {} };
  return { name, placeholderFor: given[0] };
}

function volumeNameCauses(volumes: readonly Volume[], at: string): Causes {
  const names = new Set<string>();
  return volumes.flatMap((v, i) => {
    const duplicate = names.has(v.name);
    names.add(v.name);
    return duplicate ? [{ field: `${at}.volumes[${i}].name`, message: `Duplicate value: "${v.name}"` }] : [];
  });
}

/** Each volumeMount of the containers of `list` (`spec.containers`) names a volume of the pod. */
function mountCauses(containers: PodSpec['containers'], volumes: readonly Volume[], list: string): Causes {
  const names = new Set(volumes.map((v) => v.name));
  return containers.flatMap((c, i) =>
    c.volumeMounts.flatMap((m, j) => (names.has(m.name) ? [] : [{ field: `${list}[${i}].volumeMounts[${j}].name`, message: `Not found: "${m.name}"` }])),
  );
}

const NOT_FOR_INIT = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Init containers run to completion: no hooks, no probes (Kubernetes' validateInitContainers, but for sidecars). */
function initContainerCauses(initContainers: PodSpec['containers'], at: string, sidecars: ReadonlySet<number>): Causes {
  return initContainers.flatMap((c, i) => NOT_FOR_INIT.filter((field) => c[field] !== undefined && !sidecars.has(i))
    .map((field) => ({ field: `${at}.initContainers[${i}].${field}`, message: 'Forbidden: may not be set for init containers without restartPolicy=Always' })));
}

function toTerm(dto: { matchExpressions?: RequirementDto[] } | undefined, at: string, causes: Causes): NodeSelectorTerm {
  const expressions = dto?.matchExpressions ?? [];
  expressions.forEach((r, i) => causes.push(...requirementCauses(r, `${at}.matchExpressions[${i}]`)));
  return { matchExpressions: expressions.map(toRequirement) };
}

function toNodeAffinity(dto: NodeAffinityDto, at: string, causes: Causes): NodeAffinity {
  const requiredAt = `${at}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
  const requiredTerms = dto.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (requiredTerms?.length === 0) causes.push({ field: requiredAt, message: 'Required value: must have at least one node selector term' });
  const preferredAt = `${at}.preferredDuringSchedulingIgnoredDuringExecution`;
  return {
    required: (requiredTerms ?? []).map((term, i) => toTerm(term, `${requiredAt}[${i}]`, causes)),
    preferred: (dto.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p, i) => ({
      weight: p.weight,
      preference: toTerm(p.preference, `${preferredAt}[${i}].preference`, causes),
    })),
  };
}

/** Kubernetes' ValidateTolerations, with its messages; the operator defaults to Equal. */
function toToleration(dto: TolerationDto, at: string, causes: Causes): Toleration {
  const operator = dto.operator ?? 'Equal';
  const keyProblem = dto.key ? labelKeyProblem(dto.key) : undefined;
  if (keyProblem) causes.push({ field: `${at}.key`, message: `Invalid value: "${dto.key}": ${keyProblem}` });
  if (!dto.key && operator !== 'Exists')
    causes.push({ field: `${at}.operator`, message: `Invalid value: "${operator}": operator must be Exists when \`key\` is empty, which means "match all values and all keys"` });
  if (operator === 'Exists' && dto.value)
    causes.push({ field: `${at}.operator`, message: `Invalid value: "${dto.value}": value must be empty when \`operator\` is 'Exists'` });
  if (dto.tolerationSeconds !== undefined && dto.effect !== 'NoExecute')
    causes.push({ field: `${at}.effect`, message: `Invalid value: "${dto.effect ?? ''}": effect must be 'NoExecute' when \`tolerationSeconds\` is set` });
  return {
    ...(dto.key ? { key: dto.key } : {}),
    operator,
    ...(dto.value !== undefined && dto.value !== '' ? { value: dto.value } : {}),
    ...(dto.effect ? { effect: dto.effect } : {}),
    ...(dto.tolerationSeconds !== undefined ? { tolerationSeconds: dto.tolerationSeconds } : {}),
  };
}
