import type { FieldCause } from './errors.js';
import { labelKeyProblem, labelValueProblem } from './labels.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

export type Taint = Readonly<{ key: string; value?: string; effect: TaintEffect; timeAdded?: string }>;

export const CONTROL_PLANE_ROLE_LABEL = 'node-role.kubernetes.io/control-plane';
export const CONTROL_PLANE_TAINT: Taint = { key: CONTROL_PLANE_ROLE_LABEL, effect: 'NoSchedule' };
export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE_TAINT_KEY = 'node.kubernetes.io/unschedulable';

export function taintProblems(taints: readonly Taint[], field = 'spec.taints'): FieldCause[] {
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  taints.forEach((taint, i) => {
    const at = `${field}[${i}]`;
    const keyProblem = typeof taint.key === 'string' ? labelKeyProblem(taint.key) : 'key is required';
    if (keyProblem) causes.push({ field: `${at}.key`, message: keyProblem });
    const valueProblem = taint.value ? labelValueProblem(taint.value) : undefined;
    if (valueProblem) causes.push({ field: `${at}.value`, message: valueProblem });
    if (!TAINT_EFFECTS.includes(taint.effect))
      causes.push({ field: `${at}.effect`, message: `unsupported value "${taint.effect}": must be one of ${TAINT_EFFECTS.join(', ')}` });
    const id = `${taint.key}:${taint.effect}`;
    if (seen.has(id)) causes.push({ field: at, message: `duplicate taint ${id}` });
    seen.add(id);
  });
  return causes;
}

export function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  const key = (t: Taint) => `${t.key}=${t.value ?? ''}:${t.effect}`;
  const as = a.map(key).sort();
  const bs = b.map(key).sort();
  return as.length === bs.length && as.every((k, i) => k === bs[i]);
}

export function formatTaint(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}
