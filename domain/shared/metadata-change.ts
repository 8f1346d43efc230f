import { invalid } from './errors.js';
import type { Command, Event, NewEvent } from './event.js';
import { labelChange, labelKeyProblem, labelsAfter, labelsProblems, sameLabels, type LabelChange, type Labels } from './labels.js';

/** What a change reads and writes of an object's metadata; `annotations` may be absent on objects recorded before kes kept them. */
export type MetadataMaps = Readonly<{ labels: Labels; annotations?: Labels }>;

/** The kinds whose labels and annotations may change once they exist (`kubectl label`, `kubectl annotate`). */
export const RELABELLED_KINDS = ['Namespace', 'Pod', 'ReplicaSet', 'Deployment', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount'] as const;
export type RelabelledKind = (typeof RELABELLED_KINDS)[number];

/** `namespace` is '' for a Namespace, which is cluster-scoped. */
type Target = Readonly<{ kind: RelabelledKind; namespace: string; name: string }>;
type Asked = Readonly<{ set: Labels; remove: readonly string[] }>;

export type ChangeLabels = Command<'ChangeLabels', Target & Asked>;
export type ChangeAnnotations = Command<'ChangeAnnotations', Target & Asked>;
export type MetadataCommand = ChangeLabels | ChangeAnnotations;

type Changed = Readonly<{ namespace: string; name: string }> & LabelChange;
/** The object's labels changed: `set` the keys added or given a new value, `removed` those taken away. */
export type LabelsChanged = Event<'LabelsChanged', Changed>;
export type AnnotationsChanged = Event<'AnnotationsChanged', Changed>;
export type MetadataEvent = LabelsChanged | AnnotationsChanged;

export const isMetadataCommand = (command: Command): command is MetadataCommand =>
  command.type === 'ChangeLabels' || command.type === 'ChangeAnnotations';

/**
 * What a ChangeLabels or ChangeAnnotations asks of an object whose metadata is `meta`: one event with only
 * what changes, or none. Keys must be qualified names, and label values valid label values.
 */
export function decideMetadataChange(command: MetadataCommand, meta: MetadataMaps): NewEvent<MetadataEvent>[] {
  const { kind, namespace, name, set, remove } = command.data;
  const labels = command.type === 'ChangeLabels';
  const causes = labels ? labelsProblems(set) : annotationProblems(set);
  if (causes.length > 0) throw invalid(kind, name, causes);
  const before = (labels ? meta.labels : meta.annotations) ?? {};
  const after: Record<string, string> = { ...before, ...set };
  for (const key of remove) delete after[key];
  if (sameLabels(before, after)) return [];
  return [{ type: labels ? 'LabelsChanged' : 'AnnotationsChanged', data: { namespace, name, ...labelChange(before, after) } }];
}

/** `meta` after a LabelsChanged or AnnotationsChanged. */
export function evolveMetadata<M extends MetadataMaps>(meta: M, event: MetadataEvent): M {
  return event.type === 'LabelsChanged'
    ? { ...meta, labels: labelsAfter(meta.labels, event.data) }
    : { ...meta, annotations: labelsAfter(meta.annotations ?? {}, event.data) };
}

function annotationProblems(annotations: Labels): { field: string; message: string }[] {
  return Object.entries(annotations).flatMap(([key, value]) => {
    const field = `metadata.annotations[${key}]`;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) return [{ field, message: `invalid annotation key: ${keyProblem}` }];
    return typeof value === 'string' ? [] : [{ field, message: 'annotation value must be a string' }];
  });
}
