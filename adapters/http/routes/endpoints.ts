import type { FastifyInstance } from 'fastify';
import { namespacedKey } from '../../../domain/shared/object-meta.js';
import type { ApiDeps } from '../api-deps.js';
import { endpointsObject } from '../k8s/objects/config-objects.js';
import { endpointsTable } from '../k8s/objects/config-tables.js';
import { endpointSliceObject, endpointSliceTable, sliceLabels } from '../k8s/objects/endpoint-slice.js';
import { readOnlyObjectRoutes } from './namespaced-objects.js';
import { namespacedEntries } from './object-reads.js';

/**
 * core/v1 Endpoints, read-only: the endpoints controller keeps one per Service with a selector. The same
 * views are served as discovery.k8s.io/v1 EndpointSlices, one per service, for clients (kubectl describe) that read those.
 */
export function endpointsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const serviceOf = (namespace: string, name: string) => deps.models.services.get(namespacedKey(namespace, name));
  readOnlyObjectRoutes(app, deps, {
    kind: 'Endpoints',
    plural: 'endpoints',
    model: 'Endpoints',
    prefix: '/api/v1',
    listKind: 'EndpointsList',
    apiVersion: 'v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace'],
    entries: (models, namespace) => namespacedEntries(models.endpoints, namespace),
    find: (models, namespace, name) => models.endpoints.get(namespacedKey(namespace, name)),
    render: (view) => endpointsObject(view, serviceOf(view.namespace, view.name)),
    table: endpointsTable,
    labels: (view) => serviceOf(view.namespace, view.name)?.meta.labels ?? {},
    fields: (view) => ({ 'metadata.name': view.name, 'metadata.namespace': view.namespace }),
  }, 'the endpoints controller');
  readOnlyObjectRoutes(app, deps, {
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    group: 'discovery.k8s.io',
    model: 'Endpoints',
    prefix: '/apis/discovery.k8s.io/v1',
    listKind: 'EndpointSliceList',
    apiVersion: 'discovery.k8s.io/v1',
    namespaced: true,
    fieldNames: ['metadata.name', 'metadata.namespace'],
    entries: (models, namespace) => namespacedEntries(models.endpoints, namespace),
    find: (models, namespace, name) => models.endpoints.get(namespacedKey(namespace, name)),
    render: (view) => endpointSliceObject(view, serviceOf(view.namespace, view.name)),
    table: endpointSliceTable,
    labels: (view) => sliceLabels(view, serviceOf(view.namespace, view.name)),
    fields: (view) => ({ 'metadata.name': view.name, 'metadata.namespace': view.namespace }),
  }, 'the endpoints controller');
}
