import { hasKey, itemKey, listTypeAt } from './list-keys.js';

/**
 * Server-side apply's merge of an applied configuration into the object, as structured-merge-diff does it: fields
 * merge, a map list merges item by item by its key (list-keys.ts), a set gains the members applied, an atomic list
 * or a value is replaced. What the manager stopped applying is removed afterwards (managed-fields.ts), not here.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function applyMerge(current: Json, applied: Json): Json {
  return mergeObject(current, applied, []);
}

function mergeObject(current: unknown, applied: Json, path: readonly string[]): Json {
  const result: Json = isObject(current) ? { ...current } : {};
  for (const [key, value] of Object.entries(applied)) {
    if (value === null || value === undefined) delete result[key];
    else result[key] = mergeValue(result[key], value, [...path, key]);
  }
  return result;
}

function mergeValue(current: unknown, applied: unknown, path: readonly string[]): unknown {
  if (isObject(applied)) return mergeObject(current, applied, path);
  if (!Array.isArray(applied) || !Array.isArray(current)) return applied;
  const type = listTypeAt(path);
  if (type.type === 'set') return [...current, ...applied.filter((member) => !current.some((old) => JSON.stringify(old) === JSON.stringify(member)))];
  if (type.type === 'atomic') return applied;
  const merged = [...current];
  for (const item of applied) {
    const key = itemKey(type.keys, item);
    const index = key ? merged.findIndex((old) => hasKey(old, key)) : -1;
    if (index >= 0 && isObject(item)) merged[index] = mergeObject(merged[index], item, path);
    else merged.push(item);
  }
  return merged;
}
