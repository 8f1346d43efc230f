import { atomicList, bool, INT_OR_STRING, int64, keyedList, META, object, QUANTITY, ref, stringMap, text, time, type Schemas } from './schema.js';

/** meta/v1 and the shared value types (Time, IntOrString, Quantity) every group-version document refers to. */
export const META_SCHEMAS: Schemas = {
  [`${META}.ObjectMeta`]: object('ObjectMeta is metadata that all persisted resources must have.', {
    annotations: stringMap('Annotations is an unstructured key value map stored with a resource.'),
    creationTimestamp: time('The time at which this object was created (kes: the time of its creation event).'),
    deletionGracePeriodSeconds: int64('Seconds allowed for this object to terminate gracefully before it is removed.'),
    deletionTimestamp: time('The time at which this object will be deleted; set when a graceful deletion is requested.'),
    finalizers: {
      type: 'array',
      items: text(),
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
      description: 'Must be empty before the object is deleted from the registry.',
    },
    generateName: text('An optional prefix used by the server to generate a unique name.'),
    generation: int64('A sequence number representing a specific generation of the desired state.'),
    labels: stringMap('Map of string keys and values that can be used to organize and categorize objects.'),
    managedFields: atomicList(ref(`${META}.ManagedFieldsEntry`), 'Which field managers manage which fields (kes keeps none).'),
    name: text('Name must be unique within a namespace.'),
    namespace: text('Namespace defines the space within which each name must be unique.'),
    ownerReferences: keyedList(ref(`${META}.OwnerReference`), 'uid', 'List of objects depended by this object.'),
    resourceVersion: text('The version of this object (kes: the store position of its last event).'),
    selfLink: text('Deprecated.'),
    uid: text('UID is the unique in time and space value for this object.'),
  }),
  [`${META}.OwnerReference`]: {
    ...object('OwnerReference contains enough information to let you identify an owning object.', {
      apiVersion: text('API version of the referent.'),
      blockOwnerDeletion: bool('If true, the owner cannot be deleted from storage until this reference is removed.'),
      controller: bool('If true, this reference points to the managing controller.'),
      kind: text('Kind of the referent.'),
      name: text('Name of the referent.'),
      uid: text('UID of the referent.'),
    }, ['apiVersion', 'kind', 'name', 'uid']),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}.ManagedFieldsEntry`]: object('ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource.', {
    apiVersion: text(),
    fieldsType: text(),
    fieldsV1: ref(`${META}.FieldsV1`),
    manager: text(),
    operation: text(),
    subresource: text(),
    time: time(),
  }),
  [`${META}.FieldsV1`]: { type: 'object', description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.' },
  [`${META}.LabelSelector`]: {
    ...object('A label selector is a label query over a set of resources.', {
      matchExpressions: atomicList(ref(`${META}.LabelSelectorRequirement`), 'matchExpressions is a list of label selector requirements. The requirements are ANDed.'),
      matchLabels: stringMap('matchLabels is a map of {key,value} pairs.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}.LabelSelectorRequirement`]: object('A label selector requirement is a selector that contains values, a key, and an operator.', {
    key: text('key is the label key that the selector applies to.'),
    operator: text("operator represents a key's relationship to a set of values: In, NotIn, Exists and DoesNotExist."),
    values: atomicList(text(), 'values is an array of string values.'),
  }, ['key', 'operator']),
  [`${META}.Time`]: { type: 'string', format: 'date-time', description: 'Time is an RFC 3339 date and time.' },
  [`${META}.Patch`]: { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
  [INT_OR_STRING]: { type: 'string', format: 'int-or-string', description: 'IntOrString is a type that can hold an int32 or a string.' },
  [QUANTITY]: { type: 'string', description: 'Quantity is a fixed-point representation of a number, such as 100m or 64Mi.' },
};
