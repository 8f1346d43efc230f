import type { FieldCause } from './errors.js';

export type Labels = Readonly<Record<string, string>>;

const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kubernetes' qualified-name rule for label, annotation and taint keys. Returns the problem, if any. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    return `prefix "${prefix}" must be a lowercase DNS subdomain (e.g. example.com)`;
  if (name.length === 0 || name.length > 63 || !NAME.test(name))
    return `name part "${name}" must be 1-63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`;
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63 || !NAME.test(value))
    return `value "${value}" must be at most 63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`;
  return undefined;
}

/** A node, namespace or other object name: a DNS subdomain of at most 253 characters. */
export function objectNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'name is required';
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    return `"${name}" must be a lowercase RFC 1123 subdomain: lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric`;
  return undefined;
}

export function dnsLabelProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 63 || !DNS_LABEL.test(name))
    return `"${name}" must be a lowercase RFC 1123 label of at most 63 characters`;
  return undefined;
}

export function labelsProblems(labels: Labels, field = 'metadata.labels'): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) causes.push({ field: `${field}[${key}]`, message: `invalid label key: ${keyProblem}` });
    if (typeof value !== 'string') causes.push({ field: `${field}[${key}]`, message: 'label value must be a string' });
    else {
      const valueProblem = labelValueProblem(value);
      if (valueProblem) causes.push({ field: `${field}[${key}]`, message: `invalid label value: ${valueProblem}` });
    }
  }
  return causes;
}

/** The most an object's annotations may take, keys and values together (Kubernetes' TotalAnnotationSizeLimitB). */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** Annotation keys as Kubernetes checks them (qualified names, the prefix compared lower-cased) and values as strings. */
export function annotationKeyProblems(annotations: Labels, field = 'metadata.annotations'): FieldCause[] {
  return Object.entries(annotations).flatMap(([key, value]) => {
    const keyProblem = labelKeyProblem(key.toLowerCase());
    if (keyProblem) return [{ field: `${field}[${key}]`, message: `invalid annotation key: ${keyProblem}` }];
    return typeof value === 'string' ? [] : [{ field: `${field}[${key}]`, message: 'annotation value must be a string' }];
  });
}

/** Annotations over MAX_ANNOTATIONS_BYTES, as kube-apiserver words it. */
export function annotationsSizeProblems(annotations: Labels, field = 'metadata.annotations'): FieldCause[] {
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) bytes += utf8Bytes(key) + (typeof value === 'string' ? utf8Bytes(value) : 0);
  return bytes > MAX_ANNOTATIONS_BYTES ? [{ field, message: `Too long: may not be more than ${MAX_ANNOTATIONS_BYTES} bytes` }] : [];
}

/** An object's annotations as Kubernetes validates them: every key, and their total size. */
export function annotationsProblems(annotations: Labels | undefined, field = 'metadata.annotations'): FieldCause[] {
  return annotations ? [...annotationKeyProblems(annotations, field), ...annotationsSizeProblems(annotations, field)] : [];
}

export function sameLabels(a: Labels, b: Labels): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => b[k] === a[k]);
}

/** A change of labels as an event records it: the keys given a (new) value, and the keys taken away. */
export type LabelChange = Readonly<{ set: Labels; removed: readonly string[] }>;

/** The change that turns `before` into `after`; empty (no keys) when they are the same. */
export function labelChange(before: Labels, after: Labels): LabelChange {
  const set = Object.fromEntries(Object.entries(after).filter(([key, value]) => before[key] !== value));
  const removed = Object.keys(before).filter((key) => !(key in after));
  return { set, removed };
}

/** The labels after a recorded change; a change recorded with the whole map (`labels`) gives that map. */
export function labelsAfter(before: Labels, change: LabelChange & Readonly<{ labels?: Labels }>): Labels {
  if (change.labels) return change.labels;
  const labels: Record<string, string> = { ...before, ...change.set };
  for (const key of change.removed) delete labels[key];
  return labels;
}
