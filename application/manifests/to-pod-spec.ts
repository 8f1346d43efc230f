import type { Affinity, NodeAffinity, NodeSelectorTerm, PodSpec, Toleration, Volume } from '../../domain/pod/pod-spec.js';
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
  causes.push(...mountCauses(containers, volumes, at));
  const affinity = toAffinity(dto?.affinity, `${at}.affinity`, causes);
  const spread = dto?.topologySpreadConstraints;
  const unmodelled = unmodelledFields(dto, MODELLED_POD_SPEC, POD_SPEC_FIELDS);
  return {
    containers,
    volumes,
    nodeSelector: stringMap(dto?.nodeSelector, `${at}.nodeSelector`, causes),
    ...(affinity ? { affinity } : {}),
    tolerations: (dto?.tolerations ?? []).map((t, i) => toToleration(t, `${at}.tolerations[${i}]`, causes)),
    ...(spread ? { topologySpreadConstraints: toTopologySpreadConstraints(spread, `${at}.topologySpreadConstraints`, causes) } : {}),
    ...(dto?.priorityClassName ? { priorityClassName: dto.priorityClassName } : {}),
    ...(dto?.priority !== undefined ? { priority: dto.priority } : {}),
    restartPolicy: dto?.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: dto?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    ...(dto?.nodeName ? { nodeName: dto.nodeName } : {}),
    ...(unmodelled ? { unmodelled } : {}),
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

function mountCauses(containers: PodSpec['containers'], volumes: readonly Volume[], at: string): Causes {
  const names = new Set<string>();
  const causes: Causes = [];
  volumes.forEach((v, i) => {
    if (names.has(v.name)) causes.push({ field: `${at}.volumes[${i}].name`, message: `Duplicate value: "${v.name}"` });
    names.add(v.name);
  });
  containers.forEach((c, i) =>
    c.volumeMounts.forEach((m, j) => {
      if (!names.has(m.name)) causes.push({ field: `${at}.containers[${i}].volumeMounts[${j}].name`, message: `Not found: "${m.name}"` });
    }),
  );
  return causes;
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
