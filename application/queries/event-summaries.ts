import { formatTaint, type Taint } from '../../domain/shared/taints.js';

/* One line a person can read for each kind of event, for `kesctl history` and `describe … Events`. */

type Data = Record<string, unknown>;
type Summary = (d: Data) => string;

const keyValues = (map: unknown) => Object.entries((map ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`);
/** `k=v … k-`: what a label (or annotation) change set and removed. */
const change = (what: string) => (d: Data) => `${what} ${[...keyValues(d.set), ...(d.removed as string[]).map((k) => `${k}-`)].join(' ')}`;
const images = (template: unknown) =>
  ((template as { spec?: { containers?: { image?: string }[] } })?.spec?.containers ?? []).map((c) => c.image).join(', ');
const keys = (d: Data, field: string) => Object.keys((d[field] ?? {}) as object).sort().join(', ') || 'no keys';
const ports = (list: unknown) =>
  ((list ?? []) as { port: number; protocol?: string; nodePort?: number }[])
    .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(', ');

const NODE: Record<string, Summary> = {
  NodeRegistered: (d) => `registered as ${d.role} (${(d.nodeInfo as { kubeletVersion?: string })?.kubeletVersion ?? ''})`,
  NodeCredentialIssued: (d) => `node credential issued (bootstrap token ${d.bootstrapTokenId})`,
  NodeLabelsChanged: change('labels'),
  NodeTaintsChanged: (d) => ((d.taints as Taint[]).length ? `taints ${(d.taints as Taint[]).map(formatTaint).join(', ')}` : 'taints cleared'),
  NodeCordoned: () => 'cordoned (unschedulable)',
  NodeUncordoned: () => 'uncordoned (schedulable)',
  NodeReadinessChanged: (d) => `Ready=${d.status} (${d.reason}: ${d.message})`,
  NodeDeleted: () => 'deleted',
  NodeReset: () => 'reset by kesadm reset',
};

const CLUSTER: Record<string, Summary> = {
  ClusterInitialized: (d) => `cluster ${d.clusterName} initialized at ${d.apiEndpoint}`,
  BootstrapTokenCreated: (d) => `bootstrap token ${d.tokenId} created, expires ${d.expiresAt}`,
  BootstrapTokenDeleted: (d) => `bootstrap token ${d.tokenId} deleted`,
  AdminTokenReplaced: () => 'admin credential replaced (the one before no longer works)',
};

const OBJECTS: Record<string, Summary> = {
  LabelsChanged: change('labels'),
  AnnotationsChanged: change('annotations'),
  ManagedFieldsChanged: (d) => `field managers: ${(d.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager} (${m.operation})`).join(', ') || 'none'}`,
  ReconcileFailed: (d) => `${d.controller} keeps failing (${d.reason}): ${d.message}`,
  NamespaceCreated: () => 'created',
  NamespaceTerminating: () => 'terminating: its objects are being deleted',
  NamespaceDeleted: () => 'deleted',
  PodCreated: (d) => `created (${images(d)})`,
  PodScheduled: (d) => `scheduled to ${d.nodeName}`,
  PodUnschedulable: (d) => `unschedulable: ${d.message}`,
  PodStatusReported: (d) => {
    const ready = (d.conditions as { type: string; status: string }[] | undefined)?.some((c) => c.type === 'Ready' && c.status === 'True');
    return `${d.phase}${ready ? ', ready' : ''}${d.reason ? ` (${d.reason})` : ''} on ${d.nodeName}`;
  },
  PodNominated: (d) => `nominated to node ${d.nodeName}: pods of lower priority are preempted there to make room`,
  PodEvicted: (d) => `evicted (${d.reason}), grace period ${d.gracePeriodSeconds}s`,
  PodDeletionRequested: (d) => `deletion requested, grace period ${d.gracePeriodSeconds}s`,
  PodDeleted: () => 'deleted',
  PodOrphaned: (d) => `released by its owner ${d.ownerUid}`,
  PodAdopted: (d) => `adopted by ${(d.owner as { kind: string; name: string }).kind} ${(d.owner as { name: string }).name}`,
  ReplicaSetCreated: (d) => `created with ${d.replicas} replicas (${images(d.template)})`,
  ReplicaSetScaled: (d) => `scaled to ${d.replicas}`,
  ReplicaSetStatusReported: (d) => `${d.replicas} replicas, ${d.readyReplicas} ready, ${d.availableReplicas} available`,
  ReplicaSetRevised: (d) => `now revision ${d.revision}`,
  ReplicaSetMinReadySecondsChanged: (d) => `pods available once ready for ${d.minReadySeconds}s`,
  ReplicaSetOrphaned: (d) => `released by its owner ${d.ownerUid}`,
  ReplicaSetAdopted: (d) => `adopted by ${(d.owner as { kind: string }).kind} ${(d.owner as { name: string }).name}`,
  ReplicaSetDeleted: () => 'deleted',
  DeploymentCreated: (d) => `created with ${d.replicas} replicas (${images(d.template)})`,
  DeploymentScaled: (d) => `scaled to ${d.replicas}`,
  DeploymentTemplateChanged: (d) => `revision ${d.revision}: ${images(d.template)}`,
  DeploymentMinReadySecondsChanged: (d) => `pods available once ready for ${d.minReadySeconds}s`,
  DeploymentStrategyChanged: (d) => `strategy ${(d.strategy as { type: string }).type}`,
  DeploymentPaused: () => 'paused',
  DeploymentResumed: () => 'resumed',
  DeploymentStatusReported: (d) => `${d.replicas} replicas, ${d.updatedReplicas} updated, ${d.availableReplicas} available`,
  DeploymentDeleted: () => 'deleted',
  ServiceCreated: (d) => {
    const spec = d.spec as { type: string; clusterIP?: string; ports: unknown };
    return `created: ${spec.type} ${spec.clusterIP ?? ''} ${ports(spec.ports)}`.replace(/ +/g, ' ');
  },
  ServicePortsChanged: (d) => `ports ${ports(d.ports)}`,
  ServiceSelectorChanged: (d) => `selector ${keyValues(d.selector).join(',')}`,
  ServiceDeleted: () => 'deleted',
  EndpointsUpdated: (d) => `${(d.subsets as { addresses?: unknown[] }[]).reduce((n, s) => n + (s.addresses?.length ?? 0), 0)} ready addresses`,
  EndpointsDeleted: () => 'deleted',
  ConfigMapCreated: (d) => `created: ${keys(d, 'data')}`,
  ConfigMapDataChanged: (d) => `data now ${keys(d, 'data')}`,
  ConfigMapDeleted: () => 'deleted',
  SecretCreated: (d) => `created (${d.type}): ${keys(d, 'encryptedData')}, sealed with key ${d.keyId}`,
  SecretDataChanged: (d) => `data now ${keys(d, 'encryptedData')}, sealed with key ${d.keyId}`,
  SecretDeleted: (d) => `deleted; key ${d.keyId} destroyed`,
  ServiceAccountCreated: () => 'created',
  ServiceAccountDeleted: () => 'deleted',
  PriorityClassCreated: (d) => `created: value ${d.value}${d.globalDefault ? ', the global default' : ''}, ${d.preemptionPolicy}`,
  PriorityClassDescriptionChanged: (d) => (d.description === undefined ? 'description removed' : `description now "${d.description}"`),
  PriorityClassGlobalDefaultChanged: (d) => (d.globalDefault ? 'now the global default' : 'no longer the global default'),
  PriorityClassDeleted: () => 'deleted',
  JobCreated: (d) => `created: ${d.completions} completions, ${d.parallelism} at a time, backoff limit ${d.backoffLimit} (${images(d.template)})`,
  JobStatusReported: (d) => `${d.active} active, ${d.succeeded} succeeded, ${d.failed} failed`,
  JobCompleted: () => 'complete',
  JobFailed: (d) => `failed (${d.reason}): ${d.message}`,
  JobSuspended: () => 'suspended',
  JobResumed: () => 'resumed',
  JobParallelismChanged: (d) => `parallelism ${d.parallelism}`,
  JobDeleted: () => 'deleted',
};

type Asked = { verb: string; resource: string; namespace: string; name: string; path: string };
const askedFor = (a: Asked) => a.path || [a.namespace, a.resource, a.name].filter(Boolean).join('/');
/** Audit records as a reader who may not read the audit sees them are redacted: then only what they are. */
const AUDIT: Record<string, Summary> = {
  RequestRefused: (d) => {
    if (!d.asked || d.actor === '<redacted>') return 'request refused';
    const times = (d.count as number) > 1 ? ` (${d.count} times)` : '';
    return `${d.actor} refused ${(d.asked as Asked).verb} ${askedFor(d.asked as Asked)}: ${d.code} ${d.reason}${times}`;
  },
  RefusalsDropped: (d) => `${d.count ?? 'some'} refusals over the audit rate cap, counted only`,
};

const SUMMARIES: Partial<Record<string, Summary>> = { ...NODE, ...CLUSTER, ...OBJECTS, ...AUDIT };

/** The event's one-line summary; its type when kes has none for it. */
export function summaryOf(type: string, data: unknown): string {
  const summary = SUMMARIES[type];
  return summary && typeof data === 'object' && data !== null ? summary(data as Data) : type;
}
