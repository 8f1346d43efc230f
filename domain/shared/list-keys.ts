/**
 * How server-side apply tells one item of a list from another, as the Kubernetes v1 schemas say it
 * (`x-kubernetes-list-type` and `x-kubernetes-list-map-keys`): a `map` list is keyed by some of its items' fields
 * (`containers` by name, a container's `ports` by containerPort and protocol), a `set` of primitives is keyed by
 * the value itself, and any other list is `atomic`: owned, merged and replaced as a whole. One table, read by the
 * apply merge and by the managed fields alike.
 */

export type ListType =
  | Readonly<{ type: 'map'; keys: readonly string[] }>
  | Readonly<{ type: 'set' }>
  | Readonly<{ type: 'atomic' }>;

const map = (...keys: string[]): ListType => ({ type: 'map', keys });
const SET: ListType = { type: 'set' };
const ATOMIC: ListType = { type: 'atomic' };

/**
 * Lists by the end of their path of field names (list items left out); the longest match wins. A Service's
 * `spec.ports` and a container's `ports` differ by what precedes them.
 */
const LIST_TYPES: ReadonlyArray<readonly [suffix: readonly string[], type: ListType]> = [
  [['metadata', 'finalizers'], SET],
  [['metadata', 'ownerReferences'], map('uid')],
  [['containers'], map('name')],
  [['initContainers'], map('name')],
  [['ephemeralContainers'], map('name')],
  [['containers', 'ports'], map('containerPort', 'protocol')],
  [['initContainers', 'ports'], map('containerPort', 'protocol')],
  [['ephemeralContainers', 'ports'], map('containerPort', 'protocol')],
  [['env'], map('name')],
  [['envFrom'], ATOMIC],
  [['volumeMounts'], map('mountPath')],
  [['volumeDevices'], map('devicePath')],
  [['resizePolicy'], ATOMIC],
  [['resources', 'claims'], map('name')],
  [['volumes'], map('name')],
  [['imagePullSecrets'], map('name')],
  [['tolerations'], ATOMIC],
  [['hostAliases'], map('ip')],
  [['topologySpreadConstraints'], map('topologyKey', 'whenUnsatisfiable')],
  [['readinessGates'], ATOMIC],
  [['schedulingGates'], map('name')],
  [['resourceClaims'], map('name')],
  [['spec', 'ports'], map('port', 'protocol')],
  [['spec', 'taints'], ATOMIC],
];

/** Key fields the API server defaults before it keys an item: a port's protocol is TCP unless given. */
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

const endsWith = (path: readonly string[], suffix: readonly string[]) =>
  suffix.length <= path.length && suffix.every((name, i) => path[path.length - suffix.length + i] === name);

/** The type of the list at `path` (field names from the object's root); lists not in the table are atomic. */
export function listTypeAt(path: readonly string[]): ListType {
  let best: (typeof LIST_TYPES)[number] | undefined;
  for (const entry of LIST_TYPES) if (endsWith(path, entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1] ?? ATOMIC;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An item's key fields, defaulted, in name order (as kube-apiserver writes `k:{…}`); undefined when one is missing. */
export function itemKey(keys: readonly string[], item: unknown): Json | undefined {
  if (!isObject(item)) return undefined;
  const key: Json = {};
  for (const name of [...keys].sort()) {
    const value = item[name] ?? KEY_DEFAULTS[name];
    if (value === undefined || value === null) return undefined;
    key[name] = value;
  }
  return key;
}

/** Whether a list item has the key `wanted` (a `k:{…}` parsed), its defaults counted. */
export function hasKey(item: unknown, wanted: Json): boolean {
  return isObject(item) && Object.entries(wanted).every(([name, value]) => (item[name] ?? KEY_DEFAULTS[name]) === value);
}
