import type { Table } from '../../http/k8s/k8s-types.js';
import { tabwrite } from './tabwriter.js';

/**
 * `withNamespace` adds kubectl's NAMESPACE column first (`-A`); `kind` prefixes names as `deployment.apps/web`,
 * which kubectl does when several types are listed at once; `labelColumns` adds a column for each of those labels
 * (`-L`); `headers: false` leaves the header line out (`--no-headers`).
 */
export type TableOptions = { wide?: boolean; showLabels?: boolean; withNamespace?: boolean; kind?: string; labelColumns?: readonly string[]; headers?: boolean };

/** kubectl's `get` layout: uppercase headers, columns three spaces apart, priority-1 columns only when wide. */
export function printTable(table: Table, options: TableOptions = {}): string {
  const shown = table.columnDefinitions.flatMap((c, i) => (options.wide || !c.priority ? [i] : []));
  const nameColumn = table.columnDefinitions.findIndex((c) => c.format === 'name');
  const header = shown.map((i) => table.columnDefinitions[i].name.toUpperCase());
  if (options.withNamespace) header.unshift('NAMESPACE');
  const labelColumns = options.labelColumns ?? [];
  header.push(...labelColumns.map(labelColumnHeader));
  if (options.showLabels) header.push('LABELS');
  const rows = table.rows.map((row) => {
    const cells = shown.map((i) => (i === nameColumn && options.kind ? `${options.kind}/` : '') + cellText(row.cells[i]));
    if (options.withNamespace) cells.unshift(row.object?.metadata?.namespace ?? '');
    cells.push(...labelColumns.map((key) => row.object?.metadata?.labels?.[key] ?? ''));
    if (options.showLabels) cells.push(formatLabels(row.object?.metadata?.labels));
    return cells;
  });
  return formatColumns(options.headers === false ? rows : [header, ...rows]);
}

/** A `-L` column's header: the label key's name without its prefix, upper-cased (`app.kubernetes.io/name` → NAME). */
function labelColumnHeader(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1).toUpperCase();
}

/** Lines of cells aligned as kubectl aligns them (Go tabwriter: min width 6, padding 3). */
export function formatColumns(rows: readonly (readonly string[])[]): string {
  return tabwrite(rows.map((cells) => cells.join('\t') + '\n').join(''), { minWidth: 6, padding: 3 });
}

/** `k=v,k2=v2` in key order, `<none>` when there are none (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '<none>';
  return String(cell).replace(/\r?\n/g, '\\n');
}
