import { auditTime, concatMap, distinctUntilChanged, map, merge, startWith, type Subscription } from 'rxjs';
import { proxyRules, type ProxyRule } from '../../domain/service/proxy-rules.js';
import { namespacedKey } from '../../domain/shared/object-meta.js';
import type { ServiceProxy } from '../ports/service-proxy.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';

/** How long a burst of Service and Endpoints changes is gathered before the rules are applied once. */
const COALESCE_MS = 20;

/** The rules the read models call for now. */
export const rulesOf = (models: ReadModels): ProxyRule[] =>
  proxyRules(models.services.values(), (namespace, name) => models.endpoints.get(namespacedKey(namespace, name))?.subsets);

/**
 * kes's kube-proxy: whenever Services or Endpoints change, the whole rule set is computed from the read
 * models and handed to the node's proxy (level-triggered; an unchanged set is not applied again).
 */
export function startKubeProxy(models: ReadModels, proxy: ServiceProxy, onError: (error: unknown) => void = () => {}): Subscription {
  return merge(changesOf(models, 'Service'), changesOf(models, 'Endpoints'))
    .pipe(
      startWith(undefined),
      auditTime(COALESCE_MS),
      map(() => rulesOf(models)),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
      concatMap((rules) => proxy.apply(rules).catch(onError)),
    )
    .subscribe();
}
