import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { configMaps } from './configmaps.js';
import { deployments } from './deployments.js';
import { jobs } from './jobs.js';
import { namespacedObjectRoutes } from './namespaced-objects.js';
import { pods } from './pods.js';
import { replicaSets } from './replicasets.js';
import { secrets } from './secrets.js';
import { serviceAccounts } from './service-accounts.js';
import { services } from './services.js';

/** Every namespaced kind users write: one entry each, all served by the same `namespacedObjectRoutes`. */
export function namespacedKindRoutes(app: FastifyInstance, deps: ApiDeps): void {
  namespacedObjectRoutes(app, deps, pods(deps));
  namespacedObjectRoutes(app, deps, replicaSets());
  namespacedObjectRoutes(app, deps, deployments());
  namespacedObjectRoutes(app, deps, services(deps));
  namespacedObjectRoutes(app, deps, configMaps());
  namespacedObjectRoutes(app, deps, secrets(deps));
  namespacedObjectRoutes(app, deps, serviceAccounts());
  namespacedObjectRoutes(app, deps, jobs());
}
