import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { APPS_SCHEMAS, AUTOSCALING_SCHEMAS } from './apps-schemas.js';
import { CORE_SCHEMAS } from './core-schemas.js';
import { META_SCHEMAS } from './meta-schemas.js';
import { SERVICE_SCHEMAS } from './service-schemas.js';
import { BATCH_SCHEMAS } from './batch-schemas.js';
import { SCHEDULING, SCHEDULING_SCHEMAS } from './scheduling-schemas.js';
import { APPS, AUTOSCALING, BATCH, CORE, META, type GroupVersionKind, type Schemas } from './schema.js';

/*
 * The OpenAPI v3 documents `kubectl apply` reads (KUBECTL-API.md, "OpenAPI v3 and field validation"): for each
 * kind a path whose `patch` operation names the kind (an object) and inlines the `fieldValidation` query
 * parameter, so kubectl leaves field checking to the server; and the kinds' schemas, from which kubectl
 * computes strategic-merge patches (and `kubectl explain` reads descriptions).
 */

/** `operation` names the operations as Kubernetes does (`patchAppsV1NamespacedDeploymentScale`). */
type Resource = Readonly<{ gvk: GroupVersionKind; schema: string; collection: string; namespaced: boolean; operation: string; subresource?: string }>;

const queryParameter = (name: string, description: string) => ({ name, in: 'query', description, schema: { type: 'string', uniqueItems: true } });
const pathParameter = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string', uniqueItems: true } });

const WRITE_PARAMETERS = [
  queryParameter('dryRun', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed'),
  queryParameter('fieldManager', 'A name associated with the actor or entity that is making these changes.'),
  queryParameter('fieldValidation',
    'How the server treats unknown fields in the request: Ignore drops them, Warn drops them with a warning header, Strict (the default) refuses the request.'),
];
const PATCH_TYPES = ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json'];

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const answers = (schema: string, ...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: code === 201 ? 'Created' : 'OK', content: { 'application/json': { schema: schemaRef(schema) } } }]));

function operationId(verb: string, r: Resource): string {
  const groupVersion = r.gvk.group === '' ? 'CoreV1' : `${r.gvk.group[0].toUpperCase()}${r.gvk.group.slice(1)}V1`;
  return `${verb}${groupVersion}${r.namespaced ? 'Namespaced' : ''}${r.operation}`;
}

function itemPath(r: Resource) {
  const gvk = { 'x-kubernetes-group-version-kind': { ...r.gvk } };
  const what = r.subresource ? `${r.subresource} of the specified ${r.collection.replace(/s$/, '')}` : `the specified ${r.gvk.kind}`;
  return {
    parameters: [pathParameter('name', `name of the ${r.gvk.kind}`), ...(r.namespaced ? [pathParameter('namespace', 'object name and auth scope')] : [])],
    get: { description: `read ${what}`, operationId: operationId('read', r), responses: answers(r.schema, 200), 'x-kubernetes-action': 'get', ...gvk },
    put: {
      description: `replace ${what}`,
      operationId: operationId('replace', r),
      parameters: WRITE_PARAMETERS,
      requestBody: { content: { 'application/json': { schema: schemaRef(r.schema) } }, required: true },
      responses: answers(r.schema, 200, 201),
      'x-kubernetes-action': 'put',
      ...gvk,
    },
    patch: {
      description: `partially update ${what}`,
      operationId: operationId('patch', r),
      parameters: [...WRITE_PARAMETERS, { name: 'force', in: 'query', description: 'Force is only meaningful for apply requests.', schema: { type: 'boolean', uniqueItems: true } }],
      requestBody: { content: Object.fromEntries(PATCH_TYPES.map((type) => [type, { schema: schemaRef(`${META}.Patch`) }])), required: true },
      responses: answers(r.schema, 200, 201),
      'x-kubernetes-action': 'patch',
      ...gvk,
    },
  };
}

function collectionPath(r: Resource) {
  return {
    ...(r.namespaced ? { parameters: [pathParameter('namespace', 'object name and auth scope')] } : {}),
    post: {
      description: `create a ${r.gvk.kind}`,
      operationId: operationId('create', r),
      parameters: WRITE_PARAMETERS,
      requestBody: { content: { 'application/json': { schema: schemaRef(r.schema) } }, required: true },
      responses: answers(r.schema, 200, 201),
      'x-kubernetes-action': 'post',
      'x-kubernetes-group-version-kind': { ...r.gvk },
    },
  };
}

function pathsOf(prefix: string, resources: readonly Resource[]): Record<string, object> {
  const paths: Record<string, object> = {};
  for (const r of resources) {
    const base = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.collection}` : `${prefix}/${r.collection}`;
    if (r.subresource) {
      paths[`${base}/{name}/${r.subresource}`] = itemPath(r);
      continue;
    }
    paths[base] = collectionPath(r);
    paths[`${base}/{name}`] = itemPath(r);
  }
  return paths;
}

const document = (title: string, version: string, paths: Record<string, object>, schemas: Schemas) => ({
  openapi: '3.0.0',
  info: { title: `Kubernetes (kes): ${title}`, version },
  paths,
  components: { schemas },
});

const SCALE: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

const CORE_RESOURCES: readonly Resource[] = [
  { gvk: { group: '', version: 'v1', kind: 'Pod' }, schema: `${CORE}.Pod`, collection: 'pods', namespaced: true, operation: 'Pod' },
  { gvk: { group: '', version: 'v1', kind: 'Namespace' }, schema: `${CORE}.Namespace`, collection: 'namespaces', namespaced: false, operation: 'Namespace' },
  { gvk: { group: '', version: 'v1', kind: 'Service' }, schema: `${CORE}.Service`, collection: 'services', namespaced: true, operation: 'Service' },
  { gvk: { group: '', version: 'v1', kind: 'ConfigMap' }, schema: `${CORE}.ConfigMap`, collection: 'configmaps', namespaced: true, operation: 'ConfigMap' },
  { gvk: { group: '', version: 'v1', kind: 'Secret' }, schema: `${CORE}.Secret`, collection: 'secrets', namespaced: true, operation: 'Secret' },
  { gvk: { group: '', version: 'v1', kind: 'ServiceAccount' }, schema: `${CORE}.ServiceAccount`, collection: 'serviceaccounts', namespaced: true, operation: 'ServiceAccount' },
];

const APPS_RESOURCES: readonly Resource[] = [
  { gvk: { group: 'apps', version: 'v1', kind: 'Deployment' }, schema: `${APPS}.Deployment`, collection: 'deployments', namespaced: true, operation: 'Deployment' },
  { gvk: { group: 'apps', version: 'v1', kind: 'ReplicaSet' }, schema: `${APPS}.ReplicaSet`, collection: 'replicasets', namespaced: true, operation: 'ReplicaSet' },
  { gvk: SCALE, schema: `${AUTOSCALING}.Scale`, collection: 'deployments', namespaced: true, operation: 'DeploymentScale', subresource: 'scale' },
  { gvk: SCALE, schema: `${AUTOSCALING}.Scale`, collection: 'replicasets', namespaced: true, operation: 'ReplicaSetScale', subresource: 'scale' },
];

const BATCH_RESOURCES: readonly Resource[] = [
  { gvk: { group: 'batch', version: 'v1', kind: 'Job' }, schema: `${BATCH}.Job`, collection: 'jobs', namespaced: true, operation: 'Job' },
];

/** The schemas of each group-version document; the strategic-merge patcher reads the same ones. */
export const CORE_V1_SCHEMAS: Schemas = { ...META_SCHEMAS, ...CORE_SCHEMAS, ...SERVICE_SCHEMAS };
export const APPS_V1_SCHEMAS: Schemas = { ...META_SCHEMAS, ...CORE_SCHEMAS, ...APPS_SCHEMAS, ...AUTOSCALING_SCHEMAS };
export const BATCH_V1_SCHEMAS: Schemas = { ...META_SCHEMAS, ...CORE_SCHEMAS, ...BATCH_SCHEMAS };

export const SCHEDULING_V1_SCHEMAS: Schemas = { ...META_SCHEMAS, ...SCHEDULING_SCHEMAS };

const SCHEDULING_RESOURCES: readonly Resource[] = [
  { gvk: { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' }, schema: `${SCHEDULING}.PriorityClass`, collection: 'priorityclasses', namespaced: false, operation: 'PriorityClass' },
];

export function openApiDocuments(kubernetesVersion: string): Record<string, object> {
  return {
    'api/v1': document('core/v1', kubernetesVersion, pathsOf('/api/v1', CORE_RESOURCES), CORE_V1_SCHEMAS),
    'apis/apps/v1': document('apps/v1', kubernetesVersion, pathsOf('/apis/apps/v1', APPS_RESOURCES), APPS_V1_SCHEMAS),
    'apis/batch/v1': document('batch/v1', kubernetesVersion, pathsOf('/apis/batch/v1', BATCH_RESOURCES), BATCH_V1_SCHEMAS),
    'apis/scheduling.k8s.io/v1': document('scheduling.k8s.io/v1', kubernetesVersion, pathsOf('/apis/scheduling.k8s.io/v1', SCHEDULING_RESOURCES), SCHEDULING_V1_SCHEMAS),
  };
}

/** `GET /openapi/v3` (the index, each document's URL carrying its content hash, as Kubernetes does) and each document. */
export function openApiRoutes(app: FastifyInstance, kubernetesVersion: string): void {
  const served = Object.entries(openApiDocuments(kubernetesVersion)).map(([path, doc]) => {
    const body = JSON.stringify(doc);
    return { path, body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
  });
  const index = { paths: Object.fromEntries(served.map(({ path, hash }) => [path, { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` }])) };
  app.get('/openapi/v3', async () => index);
  for (const { path, body, hash } of served)
    app.get(`/openapi/v3/${path}`, async (request, reply) => {
      reply.header('etag', `"${hash}"`).header('content-type', 'application/json');
      if (request.headers['if-none-match'] === `"${hash}"`) return reply.code(304).send();
      return reply.send(body);
    });
}
