import { referenced, type OpenApiSchema, type Schemas } from './schema.js';

/*
 * The two patch formats kubectl sends, applied to the current object as the API server renders it.
 * A strategic-merge patch is steered by the same schemas kes publishes at /openapi/v3: lists marked
 * `x-kubernetes-patch-strategy: merge` merge their elements by `x-kubernetes-patch-merge-key`; other lists
 * are replaced. Its directives: `$patch` (replace, delete), `$retainKeys`, `$setElementOrder/<list>` and
 * `$deleteFromPrimitiveList/<list>`.
 */

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

/** RFC 7386 JSON merge patch (`application/merge-patch+json`): objects merge, `null` removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** `application/strategic-merge-patch+json`, applied to `target` whose schema is the component `root`. */
export function strategicMergePatch(schemas: Schemas, root: string, target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  return new StrategicMerge(schemas).object(schemas[root], isObject(target) ? target : {}, patch) ?? {};
}

type Field = Readonly<{ schema: OpenApiSchema | undefined; mergeKey?: string; merges: boolean }>;

class StrategicMerge {
  constructor(private readonly schemas: Schemas) {}

  /** The schema of a field's value (of its elements, for a list) and how a patch merges it. */
  private field(schema: OpenApiSchema | undefined, key: string): Field {
    const property = schema?.properties?.[key];
    const element = property?.type === 'array' ? property.items : property;
    const name = referenced(element);
    const strategies = (property?.['x-kubernetes-patch-strategy'] ?? '').split(',');
    return { schema: name ? this.schemas[name] : element, mergeKey: property?.['x-kubernetes-patch-merge-key'], merges: strategies.includes('merge') };
  }

  /** The merged object, or undefined when the patch deletes it (`$patch: delete`). */
  object(schema: OpenApiSchema | undefined, original: JsonObject, patch: JsonObject): JsonObject | undefined {
    if (patch[PATCH] === 'delete') return undefined;
    if (patch[PATCH] === 'replace') return this.object(schema, {}, { ...patch, [PATCH]: undefined });
    const retained = patch[RETAIN_KEYS];
    const result: JsonObject = Array.isArray(retained)
      ? Object.fromEntries(Object.entries(original).filter(([key]) => retained.includes(key)))
      : { ...original };
    for (const [key, value] of Object.entries(patch)) {
      if (key === PATCH || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER)) continue;
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        const list = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
        const gone = Array.isArray(value) ? value : [];
        if (Array.isArray(result[list])) result[list] = (result[list] as unknown[]).filter((item) => !gone.includes(item));
        continue;
      }
      const merged = value === null ? undefined : this.value(this.field(schema, key), result[key], value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    }
    for (const [key, order] of Object.entries(patch)) {
      const list = key.slice(SET_ELEMENT_ORDER.length);
      if (key.startsWith(SET_ELEMENT_ORDER) && Array.isArray(result[list]) && Array.isArray(order))
        result[list] = ordered(result[list] as unknown[], order, this.field(schema, list).mergeKey);
    }
    return result;
  }

  private value(field: Field, original: unknown, value: unknown): unknown {
    if (isObject(value)) return this.object(field.schema, isObject(original) ? original : {}, value);
    if (Array.isArray(value) && field.merges) return this.list(field, Array.isArray(original) ? original : [], value);
    return value;
  }

  /** A merging list: elements with the same merge key merge, new ones are appended; a primitive list takes the union. */
  private list(field: Field, original: readonly unknown[], patch: readonly unknown[]): unknown[] {
    const replaces = (item: unknown) => isObject(item) && item[PATCH] === 'replace';
    // The list becomes the patch's other elements; one that deletes itself (`$patch: delete`) is simply not there.
    if (patch.some(replaces))
      return patch.filter((item) => !replaces(item)).flatMap((item) => (isObject(item) ? (this.object(field.schema, {}, item) ?? []) : [item]));
    const key = field.mergeKey;
    if (!key) return [...original, ...patch.filter((item) => !original.includes(item))];
    const result = [...original];
    for (const item of patch) {
      if (!isObject(item)) continue;
      const index = result.findIndex((existing) => isObject(existing) && existing[key] === item[key]);
      const merged = this.object(field.schema, index >= 0 ? (result[index] as JsonObject) : {}, item);
      if (index >= 0 && merged === undefined) result.splice(index, 1);
      else if (index >= 0) result[index] = merged;
      else if (merged !== undefined) result.push(merged);
    }
    return result;
  }
}

/** `$setElementOrder`: the listed elements in the given order; any others keep their order after them. */
function ordered(list: readonly unknown[], order: readonly unknown[], key: string | undefined): unknown[] {
  const rank = (item: unknown) => {
    const index = order.findIndex((o) => (key ? isObject(o) && isObject(item) && o[key] === item[key] : o === item));
    return index < 0 ? order.length : index;
  };
  return list.map((item, index) => ({ item, index, rank: rank(item) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ item }) => item);
}
