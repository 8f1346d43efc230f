import { sameJson } from './canonical-json.js';
import { invalid } from './errors.js';
import type { ManagedFieldsEntry } from './object-meta.js';
import type { Command, Event, NewEvent } from './event.js';
import { annotationKeyProblems, annotationsSizeProblems, labelChange, labelsAfter, labelsProblems, sameLabels, type LabelChange, type Labels } from './labels.js';

/** What a change reads and writes of an object's metadata; `annotations` may be absent on objects recorded before kes kept them. */
export type MetadataMaps = Readonly<{ labels: Labels; annotations?: Labels; managedFields?: readonly ManagedFieldsEntry[] }>;

/** The kinds whose labels and annotations may change once they exist (`kubectl label`, `kubectl annotate`). */
export const RELABELLED_KINDS = ['Namespace', 'Pod', 'ReplicaSet', 'Deployment', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'PriorityClass', 'Job'] as const;
export type RelabelledKind = (typeof RELABELLED_KINDS)[number];

/** The kinds whose field managers kes records: those that may be relabelled, and Nodes. */
export const MANAGED_KINDS = [...RELABELLED_KINDS, 'Node'] as const;
export type ManagedKind = (typeof MANAGED_KINDS)[number];

/** `namespace` is '' for a Namespace, which is cluster-scoped. */
type Target = Readonly<{ kind: RelabelledKind; namespace: string; name: string }>;
type Asked = Readonly<{ set: Labels; remove: readonly string[] }>;

export type ChangeLabels = Command<'ChangeLabels', Target & Asked>;
export type ChangeAnnotations = Command<'ChangeAnnotations', Target & Asked>;
/** Who owns which fields now (server-side apply, and the updates of other managers): the whole list, as it is to be. */
export type ChangeManagedFields = Command<'ChangeManagedFields', Readonly<{ kind: ManagedKind; namespace: string; name: string; managedFields: readonly ManagedFieldsEntry[] }>>;
export type MetadataCommand = ChangeLabels | ChangeAnnotations | ChangeManagedFields;

type Changed = Readonly<{ namespace: string; name: string }> & LabelChange;
/** The object's labels changed: `set` the keys added or given a new value, `removed` those taken away. */
export type LabelsChanged = Event<'LabelsChanged', Changed>;
export type AnnotationsChanged = Event<'AnnotationsChanged', Changed>;
/** The object's field managers changed: `managedFields` is the whole list now. */
export type ManagedFieldsChanged = Event<'ManagedFieldsChanged', Readonly<{ namespace: string; name: string; managedFields: readonly ManagedFieldsEntry[] }>>;
export type MetadataEvent = LabelsChanged | AnnotationsChanged | ManagedFieldsChanged;

export const isMetadataCommand = (command: Command): command is MetadataCommand =>
  command.type === 'ChangeLabels' || command.type === 'ChangeAnnotations' || command.type === 'ChangeManagedFields';

/**
 * What a ChangeLabels or ChangeAnnotations asks of an object whose metadata is `meta`: one event with only
 * what changes, or none. Keys must be qualified names, and label values valid label values.
 */
export function decideMetadataChange(command: MetadataCommand, meta: MetadataMaps): NewEvent<MetadataEvent>[] {
  if (command.type === 'ChangeManagedFields') return decideManagedFields(command, meta);
  const { kind, namespace, name, set, remove } = command.data;
  const labels = command.type === 'ChangeLabels';
  const before = (labels ? meta.labels : meta.annotations) ?? {};
  const after: Record<string, string> = { ...before, ...set };
  for (const key of remove) delete after[key];
  const causes = labels ? labelsProblems(set) : [...annotationKeyProblems(set), ...annotationsSizeProblems(after)];
  if (causes.length > 0) throw invalid(kind, name, causes);
  if (sameLabels(before, after)) return [];
  return [{ type: labels ? 'LabelsChanged' : 'AnnotationsChanged', data: { namespace, name, ...labelChange(before, after) } }];
}

/** A ManagedFieldsChanged when the list differs from the one recorded; each entry names a manager once per operation and subresource. */
export function decideManagedFields(command: ChangeManagedFields, meta: Pick<MetadataMaps, 'managedFields'>): NewEvent<ManagedFieldsChanged>[] {
  const { kind, namespace, name, managedFields } = command.data;
  const seen = new Set<string>();
  const causes = managedFields.flatMap((entry, i) => {
    const key = `${entry.manager}/${entry.operation}/${entry.subresource ?? ''}`;
    if (entry.manager === '') return [{ field: `metadata.managedFields[${i}].manager`, message: 'Required value' }];
    if (seen.has(key)) return [{ field: `metadata.managedFields[${i}]`, message: `Duplicate value: manager "${entry.manager}" with operation ${entry.operation}` }];
    seen.add(key);
    return [];
  });
  if (causes.length > 0) throw invalid(kind, name, causes);
  if (sameJson(meta.managedFields ?? [], managedFields)) return [];
  return [{ type: 'ManagedFieldsChanged', data: { namespace, name, managedFields } }];
}

/** `meta` after a LabelsChanged, AnnotationsChanged or ManagedFieldsChanged. */
export function evolveMetadata<M extends MetadataMaps>(meta: M, event: MetadataEvent): M {
  switch (event.type) {
    case 'LabelsChanged':
      return { ...meta, labels: labelsAfter(meta.labels, event.data) };
    case 'AnnotationsChanged':
      return { ...meta, annotations: labelsAfter(meta.annotations ?? {}, event.data) };
    case 'ManagedFieldsChanged':
      return { ...meta, managedFields: event.data.managedFields };
  }
}
