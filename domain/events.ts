import type { RangeAllocationEvent } from './allocation/allocation.js';
import type { AuditEvent } from './audit/audit.js';
import type { ClusterEvent } from './cluster/cluster.js';
import type { ConfigMapEvent } from './configmap/configmap.js';
import type { DeploymentEvent } from './deployment/deployment.js';
import type { EndpointsEvent } from './endpoints/endpoints.js';
import type { NamespaceEvent } from './namespace/namespace.js';
import type { NodeEvent } from './node/node.js';
import type { JobEvent } from './job/job.js';
import type { PodEvent } from './pod/pod.js';
import type { ReplicaSetEvent } from './replicaset/replicaset.js';
import type { SecretEvent } from './secret/secret.js';
import type { ServiceEvent } from './service/service.js';
import type { ServiceAccountEvent } from './serviceaccount/serviceaccount.js';
import type { PriorityClassEvent } from './priorityclass/priorityclass.js';
import type { Event, RecordedEvent } from './shared/event.js';

/** Every event kes records: the catalogue integrators read, and the source of each event type's JSON Schema. */
export type KesEvent =
  | ClusterEvent | NodeEvent | NamespaceEvent | PodEvent | ReplicaSetEvent | DeploymentEvent
  | ServiceEvent | EndpointsEvent | ConfigMapEvent | SecretEvent | ServiceAccountEvent | PriorityClassEvent | JobEvent | RangeAllocationEvent | AuditEvent;
export type KesEventType = KesEvent['type'];

/** A kes event as the store records it and the event feed serves it: the envelope around each event type's `data`. */
export type KesEventEnvelope = RecordedEvent<Event<KesEventType, Record<string, unknown>>>;
