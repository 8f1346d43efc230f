import { stringify } from 'yaml';
import { withSortedKeys } from '../../../domain/shared/canonical-json.js';

export type ObjectFormat = 'yaml' | 'json' | 'name';

/** `-o yaml|json|name` as kubectl prints them: keys sorted, JSON indented four spaces, YAML block style. */
export function printObject(object: unknown, format: Exclude<ObjectFormat, 'name'>): string {
  const sorted = withSortedKeys(object);
  return format === 'json' ? `${JSON.stringify(sorted, null, 4)}\n` : stringify(sorted, { indentSeq: false, version: '1.1' });
}

/** Several objects print as one kubectl `List`. */
export function asList(items: readonly unknown[]): unknown {
  return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } };
}

