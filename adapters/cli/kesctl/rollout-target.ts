import type { K8sDeployment } from '../../http/k8s/objects/workload-types.js';
import { CliError } from './api-client.js';
import type { KesctlContext } from './context.js';
import { objectPath, resourceArgs } from './resources.js';

/**
 * The one Deployment a `rollout` subcommand names (deployment/NAME, or deployment NAME), read from the API
 * server. `unsupported` says, kubectl's way, why another kind is refused.
 */
export async function rolloutTarget(context: KesctlContext, args: string[], unsupported: (kind: string) => string) {
  const { resource, names } = resourceArgs(args);
  if (resource.resource !== 'deployments') throw new CliError(unsupported(resource.kind));
  if (names.length !== 1) throw new CliError('give exactly one deployment: deployment/NAME');
  const client = context.client();
  const path = objectPath(resource, context.namespace(), names[0]!);
  return { client, resource, path, deployment: await client.get<K8sDeployment>(path) };
}
