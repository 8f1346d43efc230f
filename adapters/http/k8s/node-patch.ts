import type { NodeView } from '../../../application/projections/node-view.js';
import type { FieldCause } from '../../../domain/shared/errors.js';
import { labelsProblems } from '../../../domain/shared/labels.js';
import { taintProblems, type Taint } from '../../../domain/shared/taints.js';

export type PlannedNodeCommand = Readonly<{ type: string; data: object }>;
export type NodePatchPlan = { ok: true; commands: PlannedNodeCommand[] } | { ok: false; causes: FieldCause[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Translates a merge or strategic-merge patch of a Node into the commands it amounts to. Every part is
 * checked before any command is planned, so a bad patch changes nothing.
 */
export function planNodePatch(node: NodeView, patch: unknown): NodePatchPlan {
  if (!isObject(patch)) return { ok: false, causes: [{ field: '<body>', message: 'a patch must be a JSON object' }] };
  const causes: FieldCause[] = [];
  const commands: PlannedNodeCommand[] = [];
  const name = node.name;
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'metadata' && isObject(value)) planMetadata(name, value, commands, causes);
    else if (key === 'spec' && isObject(value)) planSpec(name, value, commands, causes);
    else if (!['apiVersion', 'kind'].includes(key)) causes.push(unsupported(key));
  }
  return causes.length > 0 ? { ok: false, causes } : { ok: true, commands };
}

function planMetadata(name: string, metadata: Record<string, unknown>, commands: PlannedNodeCommand[], causes: FieldCause[]): void {
  for (const [key, value] of Object.entries(metadata)) {
    if (key === 'labels') planLabels(name, value, commands, causes);
    else if (key === 'name' && value === name) continue;
    else if (!['resourceVersion', 'uid', 'creationTimestamp', 'annotations'].includes(key) || (key === 'annotations' && value !== null && !isObject(value)))
      causes.push(unsupported(`metadata.${key}`));
  }
}

function planLabels(name: string, value: unknown, commands: PlannedNodeCommand[], causes: FieldCause[]): void {
  if (!isObject(value)) return void causes.push({ field: 'metadata.labels', message: 'must be an object of key: value' });
  const set = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as Record<string, string>;
  const remove = Object.entries(value).filter(([, v]) => v === null).map(([k]) => k);
  const problems = labelsProblems(set);
  if (problems.length > 0) causes.push(...problems);
  else commands.push({ type: 'ChangeNodeLabels', data: { name, set, remove } });
}

function planSpec(name: string, spec: Record<string, unknown>, commands: PlannedNodeCommand[], causes: FieldCause[]): void {
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'unschedulable') {
      if (value !== null && typeof value !== 'boolean') causes.push({ field: 'spec.unschedulable', message: 'must be true, false or null' });
      else commands.push({ type: value ? 'CordonNode' : 'UncordonNode', data: { name } });
    } else if (key === 'taints') planTaints(name, value, commands, causes);
    else if (key.startsWith('$setElementOrder/')) continue;
    else causes.push(unsupported(`spec.${key}`));
  }
}

function planTaints(name: string, value: unknown, commands: PlannedNodeCommand[], causes: FieldCause[]): void {
  if (value !== null && !Array.isArray(value)) return void causes.push({ field: 'spec.taints', message: 'must be a list of taints' });
  const taints = ((value ?? []) as Record<string, unknown>[]).map(
    (t) => ({ key: t?.key, ...(t?.value ? { value: t.value } : {}), effect: t?.effect, ...(t?.timeAdded ? { timeAdded: t.timeAdded } : {}) }) as Taint,
  );
  const problems = taintProblems(taints);
  if (problems.length > 0) causes.push(...problems);
  else commands.push({ type: 'SetNodeTaints', data: { name, taints } });
}

const unsupported = (field: string): FieldCause => ({
  field,
  message: 'kes cannot change this field of a Node; it translates only metadata.labels, spec.taints and spec.unschedulable into commands',
});
