import type { FastifyRequest } from 'fastify';
import type { Table } from './k8s-types.js';

type Typed = { kind?: string; apiVersion?: string };

/**
 * A Table's rows with the object each stands for as the request's `includeObject` asks (kube-apiserver's
 * TableConvertor): `Metadata` (the default) keeps the PartialObjectMetadata the table was made with, `None` leaves
 * it out, `Object` puts the whole object (kubectl asks for it with `--sort-by`). `objects` are the table's objects,
 * in its rows' order; `type` is their kind and apiVersion, which list items leave out.
 */
export function withRowObjects(table: Table, objects: readonly object[], type: Required<Typed>, request: FastifyRequest): Table {
  const include = (request.query as { includeObject?: unknown }).includeObject;
  if (include === 'None') return { ...table, rows: table.rows.map(({ cells }) => ({ cells }) as Table['rows'][number]) };
  if (include !== 'Object') return table;
  return { ...table, rows: table.rows.map((row, i) => ({ ...row, object: { ...type, ...objects[i] } as unknown as Table['rows'][number]['object'] })) };
}
