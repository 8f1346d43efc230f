import { auditDecider, type AuditCommand } from './audit/audit.decide.js';
import { auditStream } from './audit/audit.js';
import { clusterDecider, type ClusterCommand } from './cluster/cluster.decide.js';
import { CLUSTER_STREAM } from './cluster/cluster.js';
import { deploymentDecider, type DeploymentCommand } from './deployment/deployment.decide.js';
import { deploymentStream } from './deployment/deployment.js';
import { namespaceDecider, type NamespaceCommand } from './namespace/namespace.decide.js';
import { namespaceStream } from './namespace/namespace.js';
import { nodeDecider, type NodeCommand } from './node/node.decide.js';
import { nodeStream } from './node/node.js';
import { podDecider, type PodCommand } from './pod/pod.decide.js';
import { podStream } from './pod/pod.js';
import { jobDecider, type JobCommand } from './job/job.decide.js';
import { jobStream } from './job/job.js';
import { replicaSetDecider, type ReplicaSetCommand } from './replicaset/replicaset.decide.js';
import { replicaSetStream } from './replicaset/replicaset.js';
import { rangeAllocationDecider, type RangeAllocationCommand } from './allocation/allocation.decide.js';
import { allocationStream } from './allocation/allocation.js';
import { configMapDecider, type ConfigMapCommand } from './configmap/configmap.decide.js';
import { configMapStream } from './configmap/configmap.js';
import { endpointsDecider, type EndpointsCommand } from './endpoints/endpoints.decide.js';
import { endpointsStream } from './endpoints/endpoints.js';
import { secretDecider, type SecretCommand } from './secret/secret.decide.js';
import { secretStream } from './secret/secret.js';
import { serviceDecider, type ServiceCommand } from './service/service.decide.js';
import { serviceStream } from './service/service.js';
import { serviceAccountDecider, type ServiceAccountCommand } from './serviceaccount/serviceaccount.decide.js';
import { serviceAccountStream } from './serviceaccount/serviceaccount.js';
import { priorityClassDecider, type PriorityClassCommand } from './priorityclass/priorityclass.decide.js';
import { priorityClassStream } from './priorityclass/priorityclass.js';
import type { Decider } from './shared/decider.js';
import { CommandRefused } from './shared/errors.js';
import type { Command } from './shared/event.js';
import type { MetadataCommand, RelabelledKind } from './shared/metadata-change.js';
import type { ReportedKind, ReportReconcileFailure } from './shared/reconcile-failure.js';

export type KesCommand =
  | ClusterCommand | NodeCommand | NamespaceCommand | PodCommand | ReplicaSetCommand | DeploymentCommand
  | ServiceCommand | EndpointsCommand | ConfigMapCommand | SecretCommand | ServiceAccountCommand | PriorityClassCommand | JobCommand | RangeAllocationCommand | MetadataCommand | AuditCommand;
export type KesCommandType = KesCommand['type'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDecider = Decider<any, any, any>;
export type Route = Readonly<{ stream: string; decider: AnyDecider }>;

type RouteOf<C extends KesCommand> = (command: C) => Route;
type Routes = { [T in KesCommandType]: RouteOf<Extract<KesCommand, { type: T }>> };
type Key = Readonly<{ namespace: string; name: string }>;

const cluster = (): Route => ({ stream: CLUSTER_STREAM, decider: clusterDecider });
const node = (name: string): Route => ({ stream: nodeStream(name), decider: nodeDecider });
const namespace = (name: string): Route => ({ stream: namespaceStream(name), decider: namespaceDecider });
const pod = ({ namespace, name }: Key): Route => ({ stream: podStream(namespace, name), decider: podDecider });
const replicaSet = ({ namespace, name }: Key): Route => ({ stream: replicaSetStream(namespace, name), decider: replicaSetDecider });
const deployment = ({ namespace, name }: Key): Route => ({ stream: deploymentStream(namespace, name), decider: deploymentDecider });

const namespaced = (decider: AnyDecider, stream: (namespace: string, name: string) => string) => ({ namespace, name }: Key): Route => ({
  stream: stream(namespace, name),
  decider,
});
const service = namespaced(serviceDecider, serviceStream);
const endpoints = namespaced(endpointsDecider, endpointsStream);
const configMap = namespaced(configMapDecider, configMapStream);
const secret = namespaced(secretDecider, secretStream);
const serviceAccount = namespaced(serviceAccountDecider, serviceAccountStream);
const priorityClass = (name: string): Route => ({ stream: priorityClassStream(name), decider: priorityClassDecider });
const job = namespaced(jobDecider, jobStream);
const relabelled: Record<RelabelledKind, (key: Key) => Route> = {
  Namespace: ({ name }) => namespace(name), Pod: pod, ReplicaSet: replicaSet, Deployment: deployment, Service: service, ConfigMap: configMap, Secret: secret,
  ServiceAccount: serviceAccount, PriorityClass: ({ name }) => priorityClass(name), Job: job,
};
/** ChangeLabels, ChangeAnnotations and ChangeManagedFields go to the stream of the object they name (a Node's managers to its node stream). */
const metadataOf = (c: MetadataCommand): Route => {
  const kind = c.data.kind;
  if (kind === 'Node') return node(c.data.name);
  const route = relabelled[kind];
  if (!route) throw new CommandRefused('BadRequest', `kes cannot change the labels or annotations of a ${String(c.data.kind)}`);
  return route(c.data);
};
const reportedOn: Record<ReportedKind, (key: Key) => Route> = {
  Node: ({ name }) => node(name), Namespace: ({ name }) => namespace(name), Pod: pod, ReplicaSet: replicaSet, Deployment: deployment, Service: service, Job: job,
};
/** A ReportReconcileFailure goes to the stream of the object it names. */
const failureReportOf = (c: ReportReconcileFailure): Route => {
  if (!Object.hasOwn(reportedOn, c.data.kind)) throw new CommandRefused('BadRequest', `kes does not report reconcile failures on a ${String(c.data.kind)}`);
  return reportedOn[c.data.kind](c.data);
};
const allocation = (c: RangeAllocationCommand): Route => ({ stream: allocationStream(c.data.name), decider: rangeAllocationDecider });
/** Audit records go to the stream of the day they are recorded. */
const audit = (c: AuditCommand): Route => ({ stream: auditStream(c.metadata.at), decider: auditDecider });

const ROUTES: Routes = {
  InitializeCluster: cluster,
  CreateBootstrapToken: cluster,
  DeleteBootstrapToken: cluster,
  IssueComponentCredential: cluster,
  ReplaceAdminToken: cluster,
  RegisterNode: (c) => node(c.data.name),
  JoinNode: (c) => node(c.data.registration.name),
  ChangeNodeLabels: (c) => node(c.data.name),
  SetNodeTaints: (c) => node(c.data.name),
  CordonNode: (c) => node(c.data.name),
  UncordonNode: (c) => node(c.data.name),
  ReportNodeReadiness: (c) => node(c.data.name),
  DeleteNode: (c) => node(c.data.name),
  ResetNode: (c) => node(c.data.name),
  CreateNamespace: (c) => namespace(c.data.meta.name),
  DeleteNamespace: (c) => namespace(c.data.name),
  FinalizeNamespace: (c) => namespace(c.data.name),
  CreatePod: (c) => pod(c.data.meta),
  BindPod: (c) => pod(c.data),
  MarkPodUnschedulable: (c) => pod(c.data),
  NominatePod: (c) => pod(c.data),
  ReportPodStatus: (c) => pod(c.data),
  EvictPod: (c) => pod(c.data),
  DeletePod: (c) => pod(c.data),
  ConfirmPodDeleted: (c) => pod(c.data),
  OrphanPod: (c) => pod(c.data),
  AdoptPod: (c) => pod(c.data),
  CreateReplicaSet: (c) => replicaSet(c.data.meta),
  ScaleReplicaSet: (c) => replicaSet(c.data),
  ReportReplicaSetStatus: (c) => replicaSet(c.data),
  DeleteReplicaSet: (c) => replicaSet(c.data),
  OrphanReplicaSet: (c) => replicaSet(c.data),
  AdoptReplicaSet: (c) => replicaSet(c.data),
  ReviseReplicaSet: (c) => replicaSet(c.data),
  ChangeReplicaSetMinReadySeconds: (c) => replicaSet(c.data),
  CreateJob: (c) => job(c.data.meta),
  ReportJobStatus: (c) => job(c.data),
  CompleteJob: (c) => job(c.data),
  FailJob: (c) => job(c.data),
  SuspendJob: (c) => job(c.data),
  ResumeJob: (c) => job(c.data),
  ChangeJobParallelism: (c) => job(c.data),
  DeleteJob: (c) => job(c.data),
  CreateDeployment: (c) => deployment(c.data.meta),
  ScaleDeployment: (c) => deployment(c.data),
  ChangeDeploymentTemplate: (c) => deployment(c.data),
  ChangeDeploymentStrategy: (c) => deployment(c.data),
  ChangeDeploymentMinReadySeconds: (c) => deployment(c.data),
  PauseDeployment: (c) => deployment(c.data),
  ResumeDeployment: (c) => deployment(c.data),
  ReportDeploymentStatus: (c) => deployment(c.data),
  DeleteDeployment: (c) => deployment(c.data),
  CreateService: (c) => service(c.data.meta),
  ChangeServicePorts: (c) => service(c.data),
  ChangeServiceSelector: (c) => service(c.data),
  DeleteService: (c) => service(c.data),
  SetEndpoints: (c) => endpoints(c.data),
  DeleteEndpoints: (c) => endpoints(c.data),
  CreateConfigMap: (c) => configMap(c.data.meta),
  ReplaceConfigMapData: (c) => configMap(c.data),
  DeleteConfigMap: (c) => configMap(c.data),
  CreateSecret: (c) => secret(c.data.meta),
  ReplaceSecretData: (c) => secret(c.data),
  DeleteSecret: (c) => secret(c.data),
  CreateServiceAccount: (c) => serviceAccount(c.data.meta),
  DeleteServiceAccount: (c) => serviceAccount(c.data),
  CreatePriorityClass: (c) => priorityClass(c.data.meta.name),
  DescribePriorityClass: (c) => priorityClass(c.data.name),
  ChangePriorityClassGlobalDefault: (c) => priorityClass(c.data.name),
  DeletePriorityClass: (c) => priorityClass(c.data.name),
  ChangeLabels: metadataOf,
  ChangeAnnotations: metadataOf,
  ChangeManagedFields: metadataOf,
  ReportReconcileFailure: failureReportOf,
  ConfigureRange: allocation,
  Allocate: allocation,
  Release: allocation,
  RecordRefusal: audit,
  RecordDroppedRefusals: audit,
};

export function isKesCommand(command: Command): command is KesCommand {
  return Object.prototype.hasOwnProperty.call(ROUTES, command.type);
}

/** Which stream a command is decided on, and by which decider. */
export function routeOf(command: Command): Route {
  if (!isKesCommand(command)) throw new CommandRefused('BadRequest', `unknown command type "${command.type}"`);
  return (ROUTES[command.type] as RouteOf<KesCommand>)(command);
}

export const KES_COMMAND_TYPES = Object.keys(ROUTES) as KesCommandType[];
