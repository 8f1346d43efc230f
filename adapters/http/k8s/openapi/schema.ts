/**
 * The small part of OpenAPI v3 (with Kubernetes' `x-kubernetes-*` extensions) that kes publishes, and the
 * builders its schema files are written with. Names follow Kubernetes (`io.k8s.api.core.v1.Pod`), so
 * kubectl finds what it looks for.
 */
export type OpenApiSchema = {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  allOf?: OpenApiSchema[];
  $ref?: string;
  default?: unknown;
  enum?: string[];
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'map' | 'set';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
};

export type GroupVersionKind = Readonly<{ group: string; version: string; kind: string }>;
export type Schemas = Readonly<Record<string, OpenApiSchema>>;

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const CORE = 'io.k8s.api.core.v1';
export const APPS = 'io.k8s.api.apps.v1';
export const AUTOSCALING = 'io.k8s.api.autoscaling.v1';
export const BATCH = 'io.k8s.api.batch.v1';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

const REF_PREFIX = '#/components/schemas/';

/** A reference as Kubernetes writes it for a field: `allOf` around the `$ref`, so the field may carry its own extensions. */
export const ref = (name: string, description?: string): OpenApiSchema => ({
  ...(description ? { description } : {}),
  allOf: [{ $ref: `${REF_PREFIX}${name}` }],
  default: {},
});

/** The component a schema refers to, if any (`$ref` or `allOf: [{ $ref }]`). */
export function referenced(schema: OpenApiSchema | undefined): string | undefined {
  const target = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
  return target?.startsWith(REF_PREFIX) ? target.slice(REF_PREFIX.length) : undefined;
}

export const text = (description?: string): OpenApiSchema => ({ type: 'string', ...(description ? { description } : {}) });
export const int32 = (description?: string): OpenApiSchema => ({ type: 'integer', format: 'int32', ...(description ? { description } : {}) });
export const int64 = (description?: string): OpenApiSchema => ({ type: 'integer', format: 'int64', ...(description ? { description } : {}) });
export const bool = (description?: string): OpenApiSchema => ({ type: 'boolean', ...(description ? { description } : {}) });
export const time = (description?: string): OpenApiSchema => ref(`${META}.Time`, description);

export const stringMap = (description?: string): OpenApiSchema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  ...(description ? { description } : {}),
});

/** A list replaced as a whole by a patch. */
export const atomicList = (items: OpenApiSchema, description?: string): OpenApiSchema => ({
  type: 'array',
  items,
  'x-kubernetes-list-type': 'atomic',
  ...(description ? { description } : {}),
});

/** A list whose elements a strategic-merge patch merges by `key` (containers by name, ports by containerPort…). */
export const keyedList = (items: OpenApiSchema, key: string, description?: string, strategy = 'merge'): OpenApiSchema => ({
  type: 'array',
  items,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': [key],
  'x-kubernetes-patch-merge-key': key,
  'x-kubernetes-patch-strategy': strategy,
  ...(description ? { description } : {}),
});

export const object = (description: string, properties: Record<string, OpenApiSchema>, required?: string[]): OpenApiSchema => ({
  description,
  type: 'object',
  properties,
  ...(required ? { required } : {}),
});

/** A top-level kind: apiVersion, kind and metadata, and the GVK list kubectl matches schemas by. */
export function kind(gvk: GroupVersionKind, description: string, properties: Record<string, OpenApiSchema>): OpenApiSchema {
  return {
    ...object(description, {
      apiVersion: text('APIVersion defines the versioned schema of this representation of an object.'),
      kind: text('Kind is a string value representing the REST resource this object represents.'),
      metadata: ref(`${META}.ObjectMeta`, "Standard object's metadata."),
      ...properties,
    }),
    'x-kubernetes-group-version-kind': [{ ...gvk }],
  };
}

/** Every `$ref` target in a set of schemas that the set itself does not define (should be none). */
export function unresolvedRefs(schemas: Schemas): string[] {
  const missing = new Set<string>();
  const visit = (schema: OpenApiSchema | undefined): void => {
    if (!schema) return;
    const target = schema.$ref ? referenced(schema) : undefined;
    if (schema.$ref && (!target || !(target in schemas))) missing.add(schema.$ref);
    schema.allOf?.forEach(visit);
    Object.values(schema.properties ?? {}).forEach(visit);
    visit(schema.items);
    if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties);
  };
  Object.values(schemas).forEach(visit);
  return [...missing];
}
