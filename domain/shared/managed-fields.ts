import { sameJson } from './canonical-json.js';
import type { ManagedFieldsEntry } from './object-meta.js';

/**
 * Server-side apply's field sets, as Kubernetes' structured-merge-diff keeps them: which fields an applied
 * configuration or an update sets, who owns which, the conflicts between managers, and what a manager no longer
 * applies. Pure: the API server passes objects in and gets sets, paths and entries back.
 */

/** A field set in FieldsV1 form: `f:<field>`, `k:{"name":"x"}` for a list item by its name, `.` for the item itself; a leaf is `{}`. */
export type FieldSet = { [key: string]: FieldSet };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields of an object that are not anyone's to own: its identity and what the server keeps. */
const UNOWNED = new Set(['apiVersion', 'kind', 'status']);
const UNOWNED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink']);

const keyed = (items: unknown[]): boolean => items.length > 0 && items.every((item) => isObject(item) && typeof item.name === 'string');
const itemKey = (item: Json) => `k:${JSON.stringify({ name: item.name })}`;

function setOf(value: unknown): FieldSet {
  if (isObject(value)) {
    const set: FieldSet = {};
    for (const [key, child] of Object.entries(value)) if (child !== null && child !== undefined) set[`f:${key}`] = setOf(child);
    return set;
  }
  if (Array.isArray(value) && keyed(value)) {
    const set: FieldSet = {};
    for (const item of value as Json[]) set[itemKey(item)] = { '.': {}, ...setOf(item) };
    return set;
  }
  return {};
}

/** The fields an object (an applied configuration, or a whole object) sets. */
export function fieldSetOf(object: unknown): FieldSet {
  if (!isObject(object)) return {};
  const set: FieldSet = {};
  for (const [key, value] of Object.entries(object)) {
    if (UNOWNED.has(key) || value === null || value === undefined) continue;
    if (key === 'metadata' && isObject(value)) {
      const meta = Object.fromEntries(Object.entries(value).filter(([k]) => !UNOWNED_META.has(k)));
      if (Object.keys(meta).length > 0) set['f:metadata'] = setOf(meta);
    } else set[`f:${key}`] = setOf(value);
  }
  return set;
}

/** A leaf of a field set: its FieldsV1 keys from the root. */
export type FieldPath = readonly string[];

export function leaves(set: FieldSet, prefix: FieldPath = []): FieldPath[] {
  return Object.entries(set).flatMap(([key, child]) => {
    if (key === '.') return [];
    const path = [...prefix, key];
    return Object.keys(child).filter((k) => k !== '.').length === 0 ? [path] : leaves(child, path);
  });
}

/** A path as kube-apiserver names it in a conflict: `.data.a`, `.spec.template.spec.containers[name="web"].image`. */
export function pathText(path: FieldPath): string {
  return path.map((key) => {
    if (key.startsWith('f:')) return `.${key.slice(2)}`;
    const item = JSON.parse(key.slice(2)) as Json;
    return `[${Object.entries(item).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
  }).join('');
}

/** The value at a path in an object, undefined where there is none. */
export function valueAt(object: unknown, path: FieldPath): unknown {
  let here: unknown = object;
  for (const key of path) {
    if (key.startsWith('f:') && isObject(here)) here = here[key.slice(2)];
    else if (key.startsWith('k:') && Array.isArray(here)) {
      const wanted = JSON.parse(key.slice(2)) as Json;
      here = here.find((item) => isObject(item) && Object.entries(wanted).every(([k, v]) => item[k] === v));
    } else return undefined;
    if (here === undefined) return undefined;
  }
  return here;
}

const has = (set: FieldSet, path: FieldPath): boolean => {
  let here: FieldSet | undefined = set;
  for (const key of path) {
    here = here[key];
    if (here === undefined) return false;
  }
  return true;
};

/** `set` without the leaves in `paths` (and without branches left empty). */
export function without(set: FieldSet, paths: readonly FieldPath[]): FieldSet {
  const drop = new Set(paths.map((p) => JSON.stringify(p)));
  const prune = (node: FieldSet, prefix: FieldPath): FieldSet | undefined => {
    const kept: FieldSet = {};
    for (const [key, child] of Object.entries(node)) {
      const path = [...prefix, key];
      if (drop.has(JSON.stringify(path))) continue;
      const isLeaf = Object.keys(child).length === 0;
      const pruned = isLeaf ? child : prune(child, path);
      if (pruned !== undefined) kept[key] = pruned;
    }
    const meaningful = Object.keys(kept).filter((k) => k !== '.');
    return meaningful.length === 0 && Object.keys(node).some((k) => k !== '.') ? undefined : kept;
  };
  return prune(set, []) ?? {};
}

export type Conflict = Readonly<{ manager: string; path: FieldPath }>;

/** Fields `applied` sets to a value other than the object's that another manager owns: kube-apiserver's conflicts. */
export function conflictsOf(entries: readonly ManagedFieldsEntry[], manager: string, applied: unknown, current: unknown): Conflict[] {
  const wanted = leaves(fieldSetOf(applied));
  return entries
    .filter((entry) => entry.manager !== manager)
    .flatMap((entry) => wanted
      .filter((path) => has(entry.fieldsV1 as FieldSet, path) && !sameJson(valueAt(applied, path) ?? null, valueAt(current, path) ?? null))
      .map((path) => ({ manager: entry.manager, path })));
}

/** The fields whose value differs between two versions of an object (what an update sets). */
export function changedFields(before: unknown, after: unknown): FieldPath[] {
  return leaves(fieldSetOf(after)).filter((path) => !sameJson(valueAt(before, path) ?? null, valueAt(after, path) ?? null));
}

/**
 * The managers after `manager` writes `owned` with `operation`: its entry for that operation holds `owned`
 * (for an Update, added to what it had), and every other manager loses the fields in `taken`. Entries left with
 * no fields go.
 */
export function managersAfter(
  entries: readonly ManagedFieldsEntry[],
  write: Readonly<{ manager: string; operation: 'Apply' | 'Update'; apiVersion: string; time: string; owned: FieldSet; taken: readonly FieldPath[] }>,
): ManagedFieldsEntry[] {
  const mine = (e: ManagedFieldsEntry) => e.manager === write.manager && e.operation === write.operation && e.subresource === undefined;
  const previous = entries.find(mine);
  const owned = write.operation === 'Update' && previous ? merged(previous.fieldsV1 as FieldSet, write.owned) : write.owned;
  const others = entries.filter((e) => !mine(e)).map((e) => ({ ...e, fieldsV1: without(e.fieldsV1 as FieldSet, write.taken) }));
  const entry: ManagedFieldsEntry = { manager: write.manager, operation: write.operation, apiVersion: write.apiVersion, time: write.time, fieldsType: 'FieldsV1', fieldsV1: owned };
  return [...others, entry].filter((e) => leaves(e.fieldsV1 as FieldSet).length > 0);
}

function merged(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { ...a };
  for (const [key, child] of Object.entries(b)) out[key] = out[key] ? merged(out[key], child) : child;
  return out;
}

/** A field set holding exactly these leaves. */
export function setOfPaths(paths: readonly FieldPath[]): FieldSet {
  const root: FieldSet = {};
  for (const path of paths) {
    let here = root;
    for (const key of path) here = here[key] ??= key.startsWith('k:') ? { '.': {} } : {};
  }
  return root;
}

/** The leaves a manager applied before and no longer applies, that no other manager owns: to be removed from the object. */
export function droppedFields(entries: readonly ManagedFieldsEntry[], manager: string, applied: unknown): FieldPath[] {
  const before = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  if (!before) return [];
  const now = fieldSetOf(applied);
  const others = entries.filter((e) => e !== before);
  return leaves(before.fieldsV1 as FieldSet).filter((path) => !has(now, path) && !others.some((e) => has(e.fieldsV1 as FieldSet, path)));
}

/** `object` without the fields at `paths` (object keys, and list items by key). */
export function removeFields(object: Json, paths: readonly FieldPath[]): Json {
  const copy = structuredClone(object);
  for (const path of paths) {
    const parent = valueAt(copy, path.slice(0, -1));
    const last = path[path.length - 1];
    if (last.startsWith('f:') && isObject(parent)) delete parent[last.slice(2)];
    else if (last.startsWith('k:') && Array.isArray(parent)) {
      const wanted = JSON.parse(last.slice(2)) as Json;
      const index = parent.findIndex((item) => isObject(item) && Object.entries(wanted).every(([k, v]) => item[k] === v));
      if (index >= 0) parent.splice(index, 1);
    }
  }
  return copy;
}
