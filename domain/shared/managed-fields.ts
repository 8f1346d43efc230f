import { sameJson } from './canonical-json.js';
import { hasKey, itemKey, listTypeAt, type ListType } from './list-keys.js';
import type { ManagedFieldsEntry } from './object-meta.js';

/**
 * Server-side apply's field sets, as Kubernetes' structured-merge-diff keeps them: which fields an applied
 * configuration or an update sets, who owns which, the conflicts between managers, and what a manager no longer
 * applies. Pure: the API server passes objects in and gets sets, paths and entries back.
 */

/**
 * A field set in FieldsV1 form: `f:<field>`; for an item of a map list its key, `k:{"containerPort":80,"protocol":"TCP"}`,
 * with `.` for the item itself; for a member of a set, `v:"value"`; a leaf (a value, or an atomic list) is `{}`.
 */
export type FieldSet = { [key: string]: FieldSet };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields of an object that are not anyone's to own: its identity and what the server keeps. */
const UNOWNED = new Set(['apiVersion', 'kind', 'status']);
const UNOWNED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink']);

/** The FieldsV1 key of a list item, or undefined when the list is atomic (or the item lacks a key field). */
function memberKey(type: ListType, item: unknown): string | undefined {
  if (type.type === 'set') return `v:${JSON.stringify(item)}`;
  if (type.type !== 'map') return undefined;
  const key = itemKey(type.keys, item);
  return key ? `k:${JSON.stringify(key)}` : undefined;
}

/** `value`'s field set; `path` holds the field names leading to it, which say how a list is keyed. */
function setOf(value: unknown, path: readonly string[]): FieldSet {
  if (isObject(value)) {
    const set: FieldSet = {};
    for (const [key, child] of Object.entries(value)) if (child !== null && child !== undefined) set[`f:${key}`] = setOf(child, [...path, key]);
    return set;
  }
  if (Array.isArray(value)) {
    const type = listTypeAt(path);
    const keys = value.map((item) => memberKey(type, item));
    if (keys.some((key) => key === undefined)) return {};
    const set: FieldSet = {};
    value.forEach((item, i) => { set[keys[i] as string] = type.type === 'set' ? {} : { '.': {}, ...setOf(item, path) }; });
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
      if (Object.keys(meta).length > 0) set['f:metadata'] = setOf(meta, ['metadata']);
    } else set[`f:${key}`] = setOf(value, [key]);
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
    if (key.startsWith('v:')) return `[=${key.slice(2)}]`;
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
      here = here.find((item) => hasKey(item, wanted));
    } else if (key.startsWith('v:') && Array.isArray(here)) {
      const member = key.slice(2);
      here = here.find((item) => JSON.stringify(item) === member);
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
  write: Readonly<{ manager: string; operation: 'Apply' | 'Update'; apiVersion: string; time: string; owned: FieldSet; taken: readonly FieldPath[]; subresource?: string }>,
): ManagedFieldsEntry[] {
  const mine = (e: ManagedFieldsEntry) => e.manager === write.manager && e.operation === write.operation && e.subresource === write.subresource;
  const previous = entries.find(mine);
  const owned = write.operation === 'Update' && previous ? merged(previous.fieldsV1 as FieldSet, write.owned) : write.owned;
  const others = entries.filter((e) => !mine(e)).map((e) => ({ ...e, fieldsV1: without(e.fieldsV1 as FieldSet, write.taken) }));
  const entry: ManagedFieldsEntry = {
    manager: write.manager, operation: write.operation, apiVersion: write.apiVersion, time: write.time, fieldsType: 'FieldsV1', fieldsV1: owned,
    ...(write.subresource ? { subresource: write.subresource } : {}),
  };
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

/**
 * What a manager applied before and no longer applies, that no other manager owns: to be removed from the object.
 * Whole where nothing of it is still applied or owned (a list item, a field), else field by field within it.
 */
export function droppedFields(entries: readonly ManagedFieldsEntry[], manager: string, applied: unknown): FieldPath[] {
  const before = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  if (!before) return [];
  const kept = [fieldSetOf(applied), ...entries.filter((e) => e !== before).map((e) => e.fieldsV1 as FieldSet)];
  const dropped = (node: FieldSet, prefix: FieldPath): FieldPath[] => Object.entries(node).flatMap(([key, child]) => {
    if (key === '.') return [];
    const path = [...prefix, key];
    return kept.some((set) => has(set, path)) ? dropped(child, path) : [path];
  });
  return dropped(before.fieldsV1 as FieldSet, []);
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
      const index = parent.findIndex((item) => hasKey(item, wanted));
      if (index >= 0) parent.splice(index, 1);
    } else if (last.startsWith('v:') && Array.isArray(parent)) {
      const index = parent.findIndex((item) => JSON.stringify(item) === last.slice(2));
      if (index >= 0) parent.splice(index, 1);
    }
  }
  return copy;
}
