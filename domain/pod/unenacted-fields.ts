import type { PodSpec } from './pod-spec.js';

/**
 * The fields of a pod's spec that kes keeps and returns but no part of it enacts (hostNetwork, dnsConfig,
 * a container's capabilities…), named as `kubectl explain` paths; what the kubelet reports on the pod as one
 * Warning rather than dropping them silently. Fields that change nothing without images or service account
 * tokens (imagePullPolicy, dnsPolicy, serviceAccountName…) are left out.
 */

/** Lists whose items are named one by one: `spec.containers[0].workingDir`. */
const ITEM_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers', 'volumes']);
/** How many named segments after an item a path keeps: `spec.containers[0].securityContext.capabilities`. */
const DEPTH_AFTER_ITEM: Readonly<Record<string, number>> = { containers: 2, initContainers: 2, ephemeralContainers: 2, volumes: 1 };

const INERT = new Set([
  'imagePullPolicy', 'terminationMessagePath', 'terminationMessagePolicy', 'dnsPolicy', 'schedulerName',
  'serviceAccountName', 'serviceAccount', 'enableServiceLinks', 'automountServiceAccountToken',
]);

const withoutIndex = (segment: string) => segment.replace(/\[\d+\]$/, '');

function leafPaths(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0)
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, path ? `${path}.${key}` : key));
  return [path];
}

/** A leaf path cut to what names the field: an item and two fields under it, or a field and one under it. */
function named(leaf: string): string | undefined {
  const [first, ...rest] = leaf.split('.');
  const list = withoutIndex(first);
  const tail = ITEM_LISTS.has(list) && first !== list ? rest.slice(0, DEPTH_AFTER_ITEM[list]) : [];
  const kept = ITEM_LISTS.has(list) && first !== list ? [first, ...tail.map(withoutIndex)] : first !== list ? [list] : [first, ...rest.slice(0, 1).map(withoutIndex)];
  const field = kept[kept.length - 1];
  if (INERT.has(withoutIndex(field)) || INERT.has(list)) return undefined;
  return `spec.${kept.join('.')}`;
}

/** Probes of a handler kes only approximates. */
function approximated(spec: PodSpec): string[] {
  return spec.containers.flatMap((c, i) => (['readinessProbe', 'livenessProbe', 'startupProbe'] as const)
    .filter((probe) => c[probe] && 'grpc' in c[probe].handler)
    .map((probe) => `spec.containers[${i}].${probe}.grpc`));
}

export function unenactedFields(spec: PodSpec): string[] {
  const fromUnmodelled = leafPaths(spec.unmodelled ?? {}, '').filter(Boolean).flatMap((leaf) => named(leaf) ?? []);
  return [...new Set([...fromUnmodelled, ...approximated(spec)])];
}

/** The Warning the kubelet reports on a pod with such fields, once (the same report again appends nothing). */
export function unenactedWarning(spec: PodSpec): Readonly<{ reason: string; message: string }> | undefined {
  const fields = unenactedFields(spec);
  if (fields.length === 0) return undefined;
  return { reason: 'FieldsNotEnacted', message: `kes keeps these fields but does not enact them on this node: ${fields.join(', ')}` };
}
