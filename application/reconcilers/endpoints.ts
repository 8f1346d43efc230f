import { map, merge, mergeMap, from } from 'rxjs';
import { endpointsFor, type EndpointPod } from '../../domain/endpoints/compute.js';
import { canonicalSubsets } from '../../domain/endpoints/endpoints.js';
import { changesOf, type ReadModels } from '../projections/read-models.js';
import type { PodView } from '../projections/workload-views.js';
import { CONTROLLER_MANAGER_ACTOR } from './replicaset.js';
import { namespacedSubject } from './reconcile-subject.js';
import type { PlannedCommand, Reconciler } from './runner.js';
import { splitNamespacedKey, namespaceOfKey } from '../../domain/shared/object-meta.js';

export function endpointPod(pod: PodView): EndpointPod {
  return {
    name: pod.meta.name,
    uid: pod.meta.uid,
    labels: pod.meta.labels,
    podIP: pod.podIP,
    nodeName: pod.nodeName,
    ready: pod.conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    terminating: pod.status === 'terminating',
    containerPorts: pod.spec.containers.flatMap((c) =>
      c.ports.map((p) => {
        const hostPort = pod.hostPorts?.find((h) => h.container === c.name && h.containerPort === p.containerPort && h.protocol === p.protocol)?.hostPort;
        return { name: p.name, containerPort: p.containerPort, protocol: p.protocol, ...(hostPort !== undefined ? { hostPort } : {}) };
      }),
    ),
  };
}

/** Kubernetes' endpoints controller: a service's Endpoints list the ready (and not ready) pods its selector picks. */
export function endpointsController(models: ReadModels, resyncMs = 30_000): Reconciler {
  const podsIn = (namespace: string) =>
    [...(models.podIndex.byNamespace.get(namespace) ?? [])].flatMap((key) => {
      const pod = models.pods.get(key);
      return pod ? [endpointPod(pod)] : [];
    });
  const servicesIn = (namespace: string) => [...models.services.keys()].filter((key) => namespaceOfKey(key) === namespace);

  const reconcile = (key: string): PlannedCommand[] => {
    const service = models.services.get(key);
    const current = models.endpoints.get(key);
    if (!service) return current ? [{ type: 'DeleteEndpoints', data: splitNamespacedKey(key) }] : [];
    const subsets = endpointsFor(service, podsIn(namespaceOfKey(key)));
    if (!subsets) return [];
    const same = current && JSON.stringify(canonicalSubsets(current.subsets)) === JSON.stringify(canonicalSubsets(subsets));
    return same ? [] : [{ type: 'SetEndpoints', data: { ...splitNamespacedKey(key), subsets } }];
  };

  return {
    name: 'endpoints',
    actor: CONTROLLER_MANAGER_ACTOR,
    resyncMs,
    keys: () => new Set([...models.services.keys(), ...models.endpoints.keys()]),
    triggers: merge(
      changesOf(models, 'Service').pipe(map((c) => c.key)),
      changesOf(models, 'Pod').pipe(mergeMap((c) => from(servicesIn(namespaceOfKey(c.key))))),
    ),
    reconcile,
    subjectOf: namespacedSubject('Service', models.services),
    // The service or one of the pods it selects, whichever changed last.
    causeOf: (key) => {
      const selector = models.services.get(key)?.spec.selector ?? {};
      const selected = [...(models.podIndex.byNamespace.get(namespaceOfKey(key)) ?? [])]
        .filter((podKey) => Object.entries(selector).every(([label, value]) => models.pods.get(podKey)?.meta.labels[label] === value));
      return models.lastEvents.latestOf([`service-${key}`, ...selected.map((podKey) => `pod-${podKey}`)]);
    },
  };
}
