import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReadModels } from '../../../application/projections/read-models.js';
import type { Labels } from '../../../domain/shared/labels.js';
import { matchesSelector, parseSelector, type Selector } from '../../../domain/shared/selectors.js';
import type { ApiDeps } from '../api-deps.js';
import { wantsTable } from '../k8s/accept.js';
import { withRowObjects } from '../k8s/table-objects.js';
import { matchesFields, parseFieldSelector, type FieldRequirement } from '../k8s/field-selector.js';
import type { Table } from '../k8s/k8s-types.js';
import type { K8sObjectMeta } from '../k8s/objects/workload-types.js';
import { parseListOptions, type ListQuery as OptionsQuery } from '../k8s/list-options.js';
import { modelsToGet, modelsToList, pageOf } from '../k8s/list-pages.js';
import { failure } from '../status.js';
import { isStatus, notFoundStatus, sendStatus, type KindNames } from './object-requests.js';
import { watchViews, type ViewOf } from './object-watch.js';
import { watchRequested } from '../k8s/watch.js';
import { SharedJson } from '../k8s/shared-json.js';

export type ReadableKind = 'Pod' | 'ReplicaSet' | 'Deployment' | 'Namespace' | 'Service' | 'Endpoints' | 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PriorityClass' | 'Job';
type Rendered = { metadata: K8sObjectMeta };

/**
 * How one kind is read over the Kubernetes REST API: where it lives, how its views are found, rendered,
 * printed as a kubectl Table, and matched by label and field selectors.
 */
export type ObjectReads<K extends ReadableKind, O extends Rendered> = KindNames & Readonly<{
  model: K;
  /** `/api/v1` or `/apis/apps/v1`. */
  prefix: string;
  listKind: string;
  apiVersion: string;
  namespaced: boolean;
  /** The field selectors the kind supports (Kubernetes answers others with 400). */
  fieldNames: readonly string[];
  /** Views with their read-model keys, in `namespace` if given; `fields` lets a kind use an index. */
  entries: (models: ReadModels, namespace: string | undefined, fields: readonly FieldRequirement[]) => Iterable<readonly [string, ViewOf<K>]>;
  find: (models: ReadModels, namespace: string, name: string) => ViewOf<K> | undefined;
  /** May be asynchronous (a Secret's values are opened with its key). */
  render: (view: ViewOf<K>) => O | Promise<O>;
  table: (objects: readonly O[], now: Date, resourceVersion: string) => Table;
  labels: (view: ViewOf<K>) => Labels;
  fields: (view: ViewOf<K>) => Readonly<Record<string, string>>;
}>;

type ListQuery = OptionsQuery & { labelSelector?: string; fieldSelector?: string; watch?: string };
type Filter = Readonly<{ labels: Selector; fields: readonly FieldRequirement[] }>;
type Params = { namespace?: string; name?: string };

function filterOf(query: ListQuery, kind: string, supported: readonly string[]): Filter | string {
  const labels = query.labelSelector ? parseSelector(query.labelSelector) : { ok: true as const, selector: [] };
  if (!labels.ok) return `unable to parse labelSelector: ${labels.problem}`;
  const fields = parseFieldSelector(query.fieldSelector);
  if (typeof fields === 'string') return fields;
  const unsupported = fields.find((f) => !supported.includes(f.field));
  if (unsupported) return `field label not supported for ${kind}: "${unsupported.field}" (supported: ${supported.join(', ')})`;
  return { labels: labels.selector, fields };
}

/** Where an object sorts in a list, as kube-apiserver's storage keys sort: `<namespace>/<name>`, or `<name>`. */
const keyOf = (fields: Readonly<Record<string, string>>) => {
  const namespace = fields['metadata.namespace'];
  return namespace === undefined ? fields['metadata.name'] : `${namespace}/${fields['metadata.name']}`;
};

/** GET list (all namespaces and per namespace), GET one, and watch, for one kind. */
export function objectReadRoutes<K extends ReadableKind, O extends Rendered>(app: FastifyInstance, deps: ApiDeps, kind: ObjectReads<K, O>): void {
  const now = () => new Date(deps.clock.nowMs());
  const matches = (filter: Filter, view: ViewOf<K>) =>
    matchesSelector(filter.labels, kind.labels(view)) && matchesFields(filter.fields, kind.fields(view), kind.kind) === true;

  // Watches in JSON share what they send; not of Secrets, whose rendering holds their opened values (a deleted
  // secret's value is gone with its key, and must not linger here).
  const shared = kind.model === 'Secret' ? undefined : new SharedJson();

  const tableOf = (request: FastifyRequest, objects: readonly O[], resourceVersion: string) =>
    withRowObjects(kind.table(objects, now(), resourceVersion), objects, { kind: kind.kind, apiVersion: kind.apiVersion }, request);

  const list = async (request: FastifyRequest, reply: FastifyReply) => {
    const namespace = (request.params as Params).namespace;
    const query = request.query as ListQuery;
    const filter = filterOf(query, kind.kind, kind.fieldNames);
    if (typeof filter === 'string') return reply.code(400).send(failure('BadRequest', filter));
    const watching = watchRequested(query);
    const options = parseListOptions(query, watching);
    if (isStatus(options)) return sendStatus(reply, options);
    const asTable = wantsTable(request);
    const inNamespace = (view: ViewOf<K>) => namespace === undefined || kind.fields(view)['metadata.namespace'] === namespace;
    if (watching)
      return watchViews(deps, request, reply, options, {
        kind: kind.model,
        entries: (models) => kind.entries(models, namespace, filter.fields),
        matches: (view) => inNamespace(view) && matches(filter, view),
        shape: async (view) => (asTable ? tableOf(request, [await kind.render(view)], String(view.resourceVersion)) : kind.render(view)),
        bookmark: (metadata) => (asTable ? { ...kind.table([], now(), metadata.resourceVersion), metadata } : { kind: kind.kind, apiVersion: kind.apiVersion, metadata }),
        ...(asTable ? {} : { shared }),
      });
    const source = await modelsToList(deps, options);
    if (isStatus(source)) return sendStatus(reply, source);
    const views: ViewOf<K>[] = [];
    for (const [, view] of kind.entries(source.models, namespace, filter.fields)) if (matches(filter, view)) views.push(view);
    const page = pageOf(views, (view) => keyOf(kind.fields(view)), options);
    const items = await Promise.all(page.items.map((view) => kind.render(view)));
    const metadata = { resourceVersion: String(source.resourceVersion), ...page.metadata(source.resourceVersion) };
    if (asTable) return { ...tableOf(request, items, metadata.resourceVersion), metadata };
    return { kind: kind.listKind, apiVersion: kind.apiVersion, metadata, items };
  };

  const one = async (request: FastifyRequest, reply: FastifyReply) => {
    const { namespace = '', name = '' } = request.params as Params;
    const models = await modelsToGet(deps, (request.query as ListQuery).resourceVersion);
    if (isStatus(models)) return sendStatus(reply, models);
    const view = kind.find(models, namespace, name);
    if (!view) return reply.code(404).send(notFoundStatus(kind, name));
    const object = await kind.render(view);
    return wantsTable(request) ? tableOf(request, [object], String(view.resourceVersion)) : object;
  };

  const collection = `${kind.prefix}/${kind.plural}`;
  app.get(collection, list);
  if (kind.namespaced) {
    app.get(`${kind.prefix}/namespaces/:namespace/${kind.plural}`, list);
    app.get(`${kind.prefix}/namespaces/:namespace/${kind.plural}/:name`, one);
  } else app.get(`${collection}/:name`, one);
}

/** A namespaced kind's entries, in one namespace or all, from a `<namespace>.<name>`-keyed map. */
export function* namespacedEntries<V>(views: ReadonlyMap<string, V>, namespace: string | undefined): Iterable<readonly [string, V]> {
  if (namespace === undefined) {
    yield* views.entries();
    return;
  }
  const prefix = `${namespace}.`;
  for (const entry of views.entries()) if (entry[0].startsWith(prefix)) yield entry;
}

/** The view rendered, or undefined when there is none. */
export async function mapView<V, O>(view: V | undefined, render: (view: V) => O | Promise<O>): Promise<O | undefined> {
  return view === undefined ? undefined : render(view);
}
