import type { FastifyInstance, FastifyReply } from 'fastify';
import { historyItem } from '../../../application/queries/history.js';
import { CLUSTER_STREAM } from '../../../domain/cluster/cluster.js';
import { configMapStream } from '../../../domain/configmap/configmap.js';
import { deploymentStream } from '../../../domain/deployment/deployment.js';
import { endpointsStream } from '../../../domain/endpoints/endpoints.js';
import { namespaceStream } from '../../../domain/namespace/namespace.js';
import { nodeStream } from '../../../domain/node/node.js';
import { podStream } from '../../../domain/pod/pod.js';
import { replicaSetStream } from '../../../domain/replicaset/replicaset.js';
import { secretStream } from '../../../domain/secret/secret.js';
import { serviceStream } from '../../../domain/service/service.js';
import type { ApiDeps } from '../api-deps.js';
import { failure } from '../status.js';

/** The stream of each cluster-scoped resource, by the names kubectl accepts for it. */
const CLUSTER_SCOPED: Record<string, (name: string) => string> = {
  nodes: nodeStream, node: nodeStream, no: nodeStream,
  namespaces: namespaceStream, namespace: namespaceStream, ns: namespaceStream,
  cluster: () => CLUSTER_STREAM,
};

const NAMESPACED: Record<string, (namespace: string, name: string) => string> = {
  pods: podStream, pod: podStream, po: podStream,
  replicasets: replicaSetStream, replicaset: replicaSetStream, rs: replicaSetStream,
  deployments: deploymentStream, deployment: deploymentStream, deploy: deploymentStream,
  services: serviceStream, service: serviceStream, svc: serviceStream,
  endpoints: endpointsStream, ep: endpointsStream,
  configmaps: configMapStream, configmap: configMapStream, cm: configMapStream,
  secrets: secretStream, secret: secretStream,
};

/**
 * An object's whole history, read from its stream: every event, who caused it and why, with a summary.
 * `/kes/v1/history/<resource>/<name>` for cluster-scoped objects (and the cluster itself),
 * `/kes/v1/history/namespaces/<namespace>/<resource>/<name>` for the others.
 */
export function historyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const history = async (reply: FastifyReply, stream: string, what: string) => {
    const events = await deps.store.readStream(stream);
    if (events.length === 0) return reply.code(404).send(failure('NotFound', `no history for ${what}`));
    return { kind: 'EventHistory', apiVersion: 'kes.io/v1', stream, items: events.map(historyItem) };
  };

  app.get<{ Params: { resource: string; name: string } }>('/kes/v1/history/:resource/:name', async (request, reply) => {
    const { resource, name } = request.params;
    const stream = CLUSTER_SCOPED[resource]?.(name);
    if (!stream) {
      const why = NAMESPACED[resource] ? `${resource} are namespaced: ask /kes/v1/history/namespaces/NAMESPACE/${resource}/${name}` : `kes keeps no history for "${resource}"`;
      return reply.code(404).send(failure('NotFound', why));
    }
    return history(reply, stream, `${resource}/${name}`);
  });

  app.get<{ Params: { namespace: string; resource: string; name: string } }>('/kes/v1/history/namespaces/:namespace/:resource/:name', async (request, reply) => {
    const { namespace, resource, name } = request.params;
    const stream = NAMESPACED[resource]?.(namespace, name);
    if (!stream) return reply.code(404).send(failure('NotFound', `kes keeps no history for namespaced "${resource}"`));
    return history(reply, stream, `${resource}/${name} in namespace ${namespace}`);
  });
}
