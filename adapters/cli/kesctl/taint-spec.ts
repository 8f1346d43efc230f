import type { K8sTaint } from '../../http/k8s/k8s-types.js';
import { labelKeyProblem, labelValueProblem } from '../../../domain/shared/labels.js';
import { TAINT_EFFECTS } from '../../../domain/shared/taints.js';
import { CliError } from './api-client.js';

/** A removal names a key and, optionally, an effect (`k:NoSchedule-`, `k-`). */
export type TaintRemoval = { key: string; effect?: string };
export type TaintChanges = { add: K8sTaint[]; remove: TaintRemoval[] };

/** Whether a `kubectl taint` argument is a taint change rather than a resource. */
export function isTaintSpec(arg: string): boolean {
  return arg.includes('=') || arg.includes(':') || arg.endsWith('-');
}

/** Parses kubectl's `k=v:Effect`, `k:Effect` (add) and `k=v:Effect-`, `k:Effect-`, `k-` (remove). */
export function parseTaintSpecs(specs: readonly string[]): TaintChanges {
  const add: K8sTaint[] = [];
  const remove: TaintRemoval[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const { key, effect } = parseTaint(spec.slice(0, -1), spec);
      remove.push(effect ? { key, effect } : { key });
      continue;
    }
    const taint = parseTaint(spec, spec);
    if (!taint.effect) throw new CliError(`invalid taint spec: ${spec}, an effect is required (KEY[=VALUE]:${TAINT_EFFECTS.join('|')})`);
    if (add.some((t) => t.key === taint.key && t.effect === taint.effect))
      throw new CliError(`duplicated taints with the same key and effect: ${spec}`);
    add.push(taint);
  }
  return { add, remove };
}

function parseTaint(text: string, spec: string): K8sTaint {
  const parts = text.split(':');
  if (parts.length > 2) throw new CliError(`invalid taint spec: ${spec}`);
  const effect = parts[1] ?? '';
  if (parts.length === 2 && !(TAINT_EFFECTS as readonly string[]).includes(effect))
    throw new CliError(`invalid taint spec: ${spec}, unsupported taint effect "${effect}": must be one of ${TAINT_EFFECTS.join(', ')}`);
  const keyValue = parts[0].split('=');
  if (keyValue.length > 2) throw new CliError(`invalid taint spec: ${spec}`);
  const [key, value] = keyValue;
  const problem = labelKeyProblem(key) ?? (value === undefined ? undefined : labelValueProblem(value));
  if (problem) throw new CliError(`invalid taint spec: ${spec}, ${problem}`);
  return value ? { key, value, effect } : { key, effect };
}
