import type { ReadModels } from '../projections/read-models.js';
import { NODES, type Identity } from './authenticate.js';
import { ALLOW, deny, type Opinion } from './opinion.js';
import { boundTo, usedByPodOn } from './pod-references.js';
import { isDiscoveryPath, KES_GROUP, NODE_LEASE_NAMESPACE } from './paths.js';
import { isResourceRequest, READ_VERBS, type RequestAttributes, type ResourceAttributes } from './request-attributes.js';

/** Objects whose data a node may read only when a pod bound to it uses them. */
const GUARDED = new Set(['secrets', 'configmaps', 'persistentvolumeclaims']);
/** kes' own resources a node may read: the event feed, nodes' proxy rules, the event schemas, log positions (never `export`: the whole log, unfiltered). */
const KES_READABLE = new Set(['events', 'nodes', 'schemas', 'positions']);

const noRelationship = (node: string) => `no relationship found between node '${node}' and this object`;

/** A Secret, ConfigMap or claim (or its history): `get` of one its pods use; never list or watch. */
function guardedRead(models: ReadModels, node: string, a: ResourceAttributes): Opinion {
  if (a.verb !== 'get' || a.name === '' || a.namespace === '')
    return deny(`a node may read only the ${a.resource} its pods use, one at a time`);
  return usedByPodOn(models, node, a.namespace, a.resource, a.name) ? ALLOW : deny(noRelationship(node));
}

/** What a node may change over the API: its own Node and lease; everything else goes through commands, each checked as NodeRestriction does. */
function nodeWrite(node: string, a: ResourceAttributes): Opinion {
  if (a.apiGroup === KES_GROUP && a.resource === 'commands' && a.verb === 'create') return ALLOW;
  if (a.apiGroup === '' && a.resource === 'nodes' && (a.verb === 'create' || a.name === node) && a.verb !== 'deletecollection') return ALLOW;
  if (a.apiGroup === 'coordination.k8s.io' && a.resource === 'leases' && a.namespace === NODE_LEASE_NAMESPACE && a.name === node) return ALLOW;
  return deny(`a node may change only its own Node object (${node}) and lease, and the pods bound to it through commands`);
}

function resourceRequest(models: ReadModels, node: string, a: ResourceAttributes): Opinion {
  if (a.apiGroup === '' && GUARDED.has(a.resource)) return READ_VERBS.includes(a.verb) ? guardedRead(models, node, a) : nodeWrite(node, a);
  if (a.apiGroup === '' && a.resource === 'pods' && a.subresource === 'log')
    return a.verb === 'get' && boundTo(models, node, a.namespace, a.name) ? ALLOW : deny(noRelationship(node));
  if (a.apiGroup === KES_GROUP && !KES_READABLE.has(a.resource)) return nodeWrite(node, a);
  return READ_VERBS.includes(a.verb) ? ALLOW : nodeWrite(node, a);
}

/**
 * Kubernetes' Node authorizer for kes: a node reads what it needs to run its pods — everything but the Secrets,
 * ConfigMaps and claims its pods do not use (and their lists), and logs of other nodes' pods — and changes
 * only its own Node and lease. The event feed it may follow is filtered by the same rules (readable-events.ts).
 */
export function nodeAuthorizer(user: Identity, a: RequestAttributes, models: ReadModels): Opinion {
  if (!user.groups.includes(NODES)) return undefined;
  if (!isResourceRequest(a)) return a.verb === 'get' && isDiscoveryPath(a.path) ? ALLOW : deny('a node may read only the API discovery documents');
  return resourceRequest(models, user.name, a);
}
