import { formatColumns } from './table-printer.js';

/** One entry of `GET /kes/v1/changes/…`. */
export type ChangeItem = { kind: string; namespace?: string; name: string; change: string; fields: string[]; actors: string[] };

export type ObjectChanges = { kind: 'ObjectChanges'; from: number; to: number; items: ChangeItem[] };

const listed = (values: readonly string[]) => (values.length === 0 ? '<none>' : values.join(','));
/** A status update changes many fields at once: the table names the first few, `-o json` has them all. */
const SHOWN_FIELDS = 4;
const fieldsCell = (fields: readonly string[]) =>
  fields.length <= SHOWN_FIELDS ? listed(fields) : `${fields.slice(0, SHOWN_FIELDS).join(',')} (+${fields.length - SHOWN_FIELDS} more)`;

/** KIND NAMESPACE NAME CHANGE FIELDS ACTORS, aligned as kubectl aligns tables; a cluster-scoped object has no namespace. */
export function printChanges(items: readonly ChangeItem[]): string {
  return formatColumns([
    ['KIND', 'NAMESPACE', 'NAME', 'CHANGE', 'FIELDS', 'ACTORS'],
    ...items.map((c) => [c.kind, c.namespace ?? '', c.name, c.change, fieldsCell(c.fields), listed(c.actors)]),
  ]);
}
