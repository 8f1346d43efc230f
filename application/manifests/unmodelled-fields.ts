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
export function unmodelledFields(spec: unknown, modelled: KnownFields, schema: KnownFields): UnmodelledFields | undefined {
  const kept = keep(spec, '', (path) => (modelled.parents.has(path) ? 'descend' : modelled.paths.has(path) ? 'drop' : 'keep'), schema);
  return isObject(kept) ? kept : undefined;
}

type Verdict = 'descend' | 'drop' | 'keep';

/** `value` without what `verdict` drops, and without the fields `schema` does not know (fieldValidation=Ignore drops them). */
function keep(value: unknown, schemaPath: string, verdict: (path: string) => Verdict, schema: KnownFields): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => keep(item, `${schemaPath}[]`, verdict, schema) ?? {});
    return items.some((item) => !isObject(item) || Object.keys(item).length > 0) ? items : undefined;
  }
  if (!isObject(value)) return undefined;
  const found: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = schemaPath ? `${schemaPath}.${key}` : key;
    if (child === undefined || key === '__proto__' || !schema.paths.has(childPath)) continue;
    const said = verdict(childPath);
    if (said === 'drop') continue;
    if (said === 'keep' && !schema.parents.has(childPath)) found[key] = structuredClone(child);
    else {
      const nested = keep(child, childPath, said === 'keep' ? () => 'keep' : verdict, schema);
      if (nested !== undefined) found[key] = nested;
    }
  }
  return Object.keys(found).length > 0 ? found : undefined;
}
