import type { UnmodelledFields } from '../../domain/pod/pod-spec.js';
import type { KnownFields } from './unknown-fields.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What of a manifest's PodSpec the domain has no typed view of (`modelled` names what it has), kept as given so
 * that it is stored and returned: `{ hostNetwork: true, containers: [{}, { workingDir: '/srv' }] }`. Lists keep
 * their positions (an item with nothing unmodelled is `{}`), so the object renders back onto the typed view item
 * by item. Undefined when there is nothing.
 */
export function unmodelledFields(spec: unknown, modelled: KnownFields): UnmodelledFields | undefined {
  const kept = keep(spec, '', modelled);
  return isObject(kept) ? kept : undefined;
}

function keep(value: unknown, schemaPath: string, modelled: KnownFields): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => keep(item, `${schemaPath}[]`, modelled) ?? {});
    return items.some((item) => !isObject(item) || Object.keys(item).length > 0) ? items : undefined;
  }
  if (!isObject(value)) return undefined;
  const found: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined || key === '__proto__') continue;
    const childPath = schemaPath ? `${schemaPath}.${key}` : key;
    if (modelled.parents.has(childPath)) {
      const nested = keep(child, childPath, modelled);
      if (nested !== undefined) found[key] = nested;
    } else if (!modelled.paths.has(childPath)) found[key] = structuredClone(child);
  }
  return Object.keys(found).length > 0 ? found : undefined;
}
