import type { FieldCause } from '../../domain/shared/errors.js';
import type { KnownFields } from './unknown-fields.js';

/**
 * Values of the wrong kind for their field (pod-schema.ts), as Kubernetes' decoder refuses them: a number where
 * a string belongs, a string where a list belongs. Only leaves are checked; unknown fields are unknown-fields.ts's.
 */

const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

const SCALAR_CHECKS: Readonly<Record<string, [(value: unknown) => boolean, string]>> = {
  string: [(v) => typeof v === 'string', 'must be a string'],
  int: [(v) => Number.isInteger(v), 'must be an integer'],
  bool: [(v) => typeof v === 'boolean', 'must be a boolean'],
  intstr: [(v) => Number.isInteger(v) || typeof v === 'string', 'must be an integer or a string'],
  quantity: [(v) => typeof v === 'string' || typeof v === 'number', 'must be a quantity such as "100m" or "64Mi"'],
  map: [(v) => isObject(v) && Object.values(v as object).every((x) => typeof x === 'string'), 'must be a map of strings'],
  quantities: [(v) => isObject(v) && Object.values(v as object).every((x) => typeof x === 'string' || typeof x === 'number'), 'must be a map of quantities'],
  object: [isObject, 'must be an object'],
};

function kindProblem(value: unknown, kind: string): string | undefined {
  const list = /^\[(.+)\]$/.exec(kind);
  if (list) {
    if (!Array.isArray(value)) return 'must be a list';
    const [check, message] = SCALAR_CHECKS[list[1]] ?? [() => true, ''];
    return value.every(check) ? undefined : `must be a list of which each item ${message}`;
  }
  const [check, message] = SCALAR_CHECKS[kind] ?? [() => true, ''];
  return check(value) ? undefined : message;
}

/** One cause per leaf of `body` whose value is not of its field's kind; null stands for "not set", as in JSON. */
export function fieldKindCauses(body: unknown, known: KnownFields): FieldCause[] {
  const kinds = known.kinds;
  if (!kinds) return [];
  const causes: FieldCause[] = [];
  const walk = (value: unknown, path: string, schemaPath: string): void => {
    if (value === null || value === undefined) return;
    const kind = kinds.get(schemaPath);
    if (kind !== undefined) {
      const problem = kindProblem(value, kind);
      if (problem) causes.push({ field: path, message: `Invalid value: ${JSON.stringify(value)}: ${problem}` });
      return;
    }
    if (schemaPath !== '' && !known.parents.has(schemaPath)) return;
    const listExpected = known.parents.has(`${schemaPath}[]`);
    if (listExpected !== Array.isArray(value) || (!listExpected && !isObject(value))) {
      causes.push({ field: path, message: `Invalid value: ${JSON.stringify(value)}: must be ${listExpected ? 'a list' : 'an object'}` });
      return;
    }
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, `${path}[${i}]`, `${schemaPath}[]`));
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>))
      walk(child, path ? `${path}.${key}` : key, schemaPath ? `${schemaPath}.${key}` : key);
  };
  walk(body, '', '');
  return causes;
}
