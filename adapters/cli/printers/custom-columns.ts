import { findValues, TemplateError } from './jsonpath-template.js';
import { formatColumns } from './table-printer.js';

export type CustomColumn = Readonly<{ header: string; path: string }>;

/** `-o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName`: each column a header and a JSONPath. */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec.trim() === '') throw new TemplateError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((column) => {
    const colon = column.indexOf(':');
    if (colon <= 0 || colon === column.length - 1)
      throw new TemplateError(`unexpected custom-columns spec: ${column}, expected <header>:<json-path-expr>`);
    return { header: column.slice(0, colon), path: column.slice(colon + 1) };
  });
}

/** The objects as kubectl's custom-columns printer shows them: one row each, `<none>` where a path finds nothing. */
export function printCustomColumns(columns: readonly CustomColumn[], objects: readonly unknown[], headers: boolean): string {
  const rows = objects.map((object) => columns.map(({ path }) => cellOf(findValues(path, object))));
  return formatColumns(headers ? [columns.map((c) => c.header), ...rows] : rows);
}

function cellOf(values: readonly unknown[]): string {
  const shown = values.filter((v) => v !== undefined && v !== null);
  return shown.length === 0 ? '<none>' : shown.map(goText).join(',');
}

/** As Go's %v prints a decoded JSON value: maps as `map[k:v]` in key order, lists as `[a b]`. */
function goText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goText).join(' ')}]`;
  if (value !== null && typeof value === 'object')
    return `map[${Object.keys(value).sort().map((k) => `${k}:${goText((value as Record<string, unknown>)[k])}`).join(' ')}]`;
  return String(value);
}
