import type { Labels } from './labels.js';

export type OwnerReference = Readonly<{ kind: string; name: string; uid: string; controller: boolean }>;

/** What every namespaced object carries, as Kubernetes' ObjectMeta (the parts kes keeps). */
export type ObjectMeta = Readonly<{
  name: string;
  namespace: string;
  /** Given by the command (the API server makes it), so deciders stay pure. */
  uid: string;
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
  ownerReferences: readonly OwnerReference[];
  /** The `at` of the command that created the object. */
  creationTimestamp: string;
  /** Which field manager owns which fields (server-side apply); absent until a write names one. */
  managedFields?: readonly ManagedFieldsEntry[];
}>;

/**
 * One manager's claim on an object's fields, as Kubernetes' metadata.managedFields records it: `fieldsV1` is the
 * set of fields in Kubernetes' FieldsV1 form (`f:<name>`, `k:{"name":"web"}` for list items by key, `v:<value>`
 * for set members, `.` for the item itself), each leaf `{}`.
 */
export type ManagedFieldsEntry = Readonly<{
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Readonly<Record<string, unknown>>;
  subresource?: string;
}>;

/** kubectl's record of the last manifest `kubectl apply` applied to an object. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** `<namespace>.<name>`: the stream key of a namespaced object ('.' never appears in a namespace name). */
export const namespacedKey = (namespace: string, name: string) => `${namespace}.${name}`;

export function controllerOf(meta: Pick<ObjectMeta, 'ownerReferences'>): OwnerReference | undefined {
  return meta.ownerReferences.find((o) => o.controller);
}

export const ownedBy = (meta: Pick<ObjectMeta, 'ownerReferences'>, uid: string) => meta.ownerReferences.some((o) => o.uid === uid);

/** `meta` without its reference to the owner `uid`: what orphaning an object leaves. */
export const withoutOwner = <M extends Pick<ObjectMeta, 'ownerReferences'>>(meta: M, uid: string): M => ({
  ...meta,
  ownerReferences: meta.ownerReferences.filter((o) => o.uid !== uid),
});

/** The namespace and name in a `<namespace>.<name>` key. */
export function splitNamespacedKey(key: string): Readonly<{ namespace: string; name: string }> {
  const dot = key.indexOf('.');
  return { namespace: key.slice(0, dot), name: key.slice(dot + 1) };
}

export const namespaceOfKey = (key: string) => key.slice(0, key.indexOf('.'));
