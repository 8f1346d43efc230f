import type { PodAffinity, PodAffinityTerm, TopologySpreadConstraint, WeightedPodAffinityTerm } from '../../domain/pod/pod-spec.js';
import { dnsLabelProblem, labelKeyProblem, labelValueProblem } from '../../domain/shared/labels.js';
import type { LabelSelector } from '../../domain/shared/selectors.js';
import { requirementCauses, toRequirement, type Causes } from './manifest-values.js';
import { REQUIREMENT_OPERATORS, type RequirementDto } from './pod.dto.js';

/*
 * Where a pod may go among other pods: pod affinity and anti-affinity, topology spread constraints. Their kinds
 * are checked before (field-kinds.ts); these are kube-apiserver's validations of their values, with its messages.
 */

export type LabelSelectorDto = { matchLabels?: Record<string, string>; matchExpressions?: RequirementDto[] };
export type PodAffinityTermDto = {
  labelSelector?: LabelSelectorDto;
  namespaces?: string[];
  namespaceSelector?: LabelSelectorDto;
  topologyKey?: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
};
export type PodAffinityDto = {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTermDto[];
  preferredDuringSchedulingIgnoredDuringExecution?: { weight?: number; podAffinityTerm?: PodAffinityTermDto }[];
};
export type TopologySpreadConstraintDto = {
  maxSkew?: number;
  topologyKey?: string;
  whenUnsatisfiable?: string;
  labelSelector?: LabelSelectorDto;
  minDomains?: number;
  nodeAffinityPolicy?: string;
  nodeTaintsPolicy?: string;
  matchLabelKeys?: string[];
};

const supported = (values: readonly string[]) => `supported values: ${values.map((v) => `"${v}"`).join(', ')}`;
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'] as const;
const POLICIES = ['Honor', 'Ignore'] as const;
const NOT_POSITIVE = 'must be greater than zero';

/** Kubernetes' ValidateLabelSelector: valid keys and values, and each operator with the values it needs. */
export function toLabelSelector(dto: LabelSelectorDto, at: string, causes: Causes): LabelSelector {
  for (const [key, value] of Object.entries(dto.matchLabels ?? {})) {
    const problem = labelKeyProblem(key) ?? labelValueProblem(value);
    if (problem) causes.push({ field: `${at}.matchLabels`, message: `Invalid value: "${key}": ${problem}` });
  }
  const expressions = dto.matchExpressions ?? [];
  expressions.forEach((r, i) => {
    const where = `${at}.matchExpressions[${i}]`;
    if (!(REQUIREMENT_OPERATORS as readonly string[]).includes(r.operator))
      causes.push({ field: `${where}.operator`, message: `Invalid value: "${r.operator}": not a valid selector operator` });
    else causes.push(...requirementCauses(r, where));
  });
  return {
    ...(dto.matchLabels ? { matchLabels: { ...dto.matchLabels } } : {}),
    ...(dto.matchExpressions ? { matchExpressions: expressions.map(toRequirement) } : {}),
  };
}

/** A topologyKey is required and must be a valid label key. */
function topologyKeyCauses(key: string | undefined, at: string): Causes {
  if (!key) return [{ field: `${at}.topologyKey`, message: 'Required value: can not be empty' }];
  const problem = labelKeyProblem(key);
  return problem ? [{ field: `${at}.topologyKey`, message: `Invalid value: "${key}": ${problem}` }] : [];
}

/** Keys in matchLabelKeys (or mismatchLabelKeys) must be label keys that the labelSelector does not name already. */
function labelKeysCauses(keys: readonly string[] | undefined, selector: LabelSelector | undefined, at: string): Causes {
  const named = new Set([...Object.keys(selector?.matchLabels ?? {}), ...(selector?.matchExpressions ?? []).map((r) => r.key)]);
  return (keys ?? []).flatMap((key, i) => {
    const problem = labelKeyProblem(key);
    if (problem) return [{ field: `${at}[${i}]`, message: `Invalid value: "${key}": ${problem}` }];
    return named.has(key) ? [{ field: `${at}[${i}]`, message: `Invalid value: "${key}": exists in both matchLabelKeys and labelSelector` }] : [];
  });
}

function toPodAffinityTerm(dto: PodAffinityTermDto, at: string, causes: Causes): PodAffinityTerm {
  const labelSelector = dto.labelSelector ? toLabelSelector(dto.labelSelector, `${at}.labelSelector`, causes) : undefined;
  const namespaceSelector = dto.namespaceSelector ? toLabelSelector(dto.namespaceSelector, `${at}.namespaceSelector`, causes) : undefined;
  for (const namespace of dto.namespaces ?? []) {
    const problem = dnsLabelProblem(namespace);
    if (problem) causes.push({ field: `${at}.namespace`, message: `Invalid value: "${namespace}": ${problem}` });
  }
  causes.push(...labelKeysCauses(dto.matchLabelKeys, labelSelector, `${at}.matchLabelKeys`));
  causes.push(...labelKeysCauses(dto.mismatchLabelKeys, labelSelector, `${at}.mismatchLabelKeys`));
  causes.push(...topologyKeyCauses(dto.topologyKey, at));
  return {
    ...(labelSelector ? { labelSelector } : {}),
    ...(dto.namespaces ? { namespaces: [...dto.namespaces] } : {}),
    ...(namespaceSelector ? { namespaceSelector } : {}),
    topologyKey: dto.topologyKey ?? '',
    ...(dto.matchLabelKeys ? { matchLabelKeys: [...dto.matchLabelKeys] } : {}),
    ...(dto.mismatchLabelKeys ? { mismatchLabelKeys: [...dto.mismatchLabelKeys] } : {}),
  };
}

function toWeightedTerm(dto: NonNullable<PodAffinityDto['preferredDuringSchedulingIgnoredDuringExecution']>[number], at: string, causes: Causes): WeightedPodAffinityTerm {
  const weight = dto.weight ?? 0;
  if (weight < 1 || weight > 100) causes.push({ field: `${at}.weight`, message: `Invalid value: ${weight}: must be in the range 1-100` });
  return { weight, podAffinityTerm: toPodAffinityTerm(dto.podAffinityTerm ?? {}, `${at}.podAffinityTerm`, causes) };
}

/** podAffinity or podAntiAffinity (at `…affinity.podAffinity`). */
export function toPodAffinity(dto: PodAffinityDto, at: string, causes: Causes): PodAffinity {
  const required = `${at}.requiredDuringSchedulingIgnoredDuringExecution`;
  const preferred = `${at}.preferredDuringSchedulingIgnoredDuringExecution`;
  return {
    required: (dto.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((term, i) => toPodAffinityTerm(term, `${required}[${i}]`, causes)),
    preferred: (dto.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((term, i) => toWeightedTerm(term, `${preferred}[${i}]`, causes)),
  };
}

function oneOf<T extends string>(value: string | undefined, values: readonly T[], field: string, causes: Causes): T | undefined {
  if (value === undefined) return undefined;
  if ((values as readonly string[]).includes(value)) return value as T;
  causes.push({ field, message: `Unsupported value: "${value}": ${supported(values)}` });
  return undefined;
}

function toConstraint(dto: TopologySpreadConstraintDto, at: string, causes: Causes): TopologySpreadConstraint {
  const maxSkew = dto.maxSkew ?? 0;
  if (maxSkew <= 0) causes.push({ field: `${at}.maxSkew`, message: `Invalid value: ${maxSkew}: ${NOT_POSITIVE}` });
  causes.push(...topologyKeyCauses(dto.topologyKey, at));
  const whenUnsatisfiable = oneOf(dto.whenUnsatisfiable ?? '', WHEN_UNSATISFIABLE, `${at}.whenUnsatisfiable`, causes) ?? 'DoNotSchedule';
  if (dto.minDomains !== undefined && dto.minDomains <= 0)
    causes.push({ field: `${at}.minDomains`, message: `Invalid value: ${dto.minDomains}: ${NOT_POSITIVE}` });
  else if (dto.minDomains !== undefined && dto.whenUnsatisfiable !== 'DoNotSchedule')
    causes.push({ field: `${at}.minDomains`, message: `Invalid value: ${dto.minDomains}: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${dto.whenUnsatisfiable ?? ''}` });
  const nodeAffinityPolicy = oneOf(dto.nodeAffinityPolicy, POLICIES, `${at}.nodeAffinityPolicy`, causes);
  const nodeTaintsPolicy = oneOf(dto.nodeTaintsPolicy, POLICIES, `${at}.nodeTaintsPolicy`, causes);
  const labelSelector = dto.labelSelector ? toLabelSelector(dto.labelSelector, `${at}.labelSelector`, causes) : undefined;
  causes.push(...labelKeysCauses(dto.matchLabelKeys, labelSelector, `${at}.matchLabelKeys`));
  return {
    maxSkew,
    topologyKey: dto.topologyKey ?? '',
    whenUnsatisfiable,
    ...(labelSelector ? { labelSelector } : {}),
    ...(dto.minDomains !== undefined ? { minDomains: dto.minDomains } : {}),
    ...(nodeAffinityPolicy ? { nodeAffinityPolicy } : {}),
    ...(nodeTaintsPolicy ? { nodeTaintsPolicy } : {}),
    ...(dto.matchLabelKeys ? { matchLabelKeys: [...dto.matchLabelKeys] } : {}),
  };
}

/** Kubernetes' validateTopologySpreadConstraints: each constraint, and no two with the same key and action. */
export function toTopologySpreadConstraints(dtos: readonly TopologySpreadConstraintDto[], at: string, causes: Causes): TopologySpreadConstraint[] {
  const seen = new Set<string>();
  return dtos.map((dto, i) => {
    const constraint = toConstraint(dto, `${at}[${i}]`, causes);
    const pair = `{${constraint.topologyKey}, ${constraint.whenUnsatisfiable}}`;
    if (seen.has(pair)) causes.push({ field: `${at}[${i}]`, message: `Duplicate value: "${pair}"` });
    seen.add(pair);
    return constraint;
  });
}
