import type { Command } from 'commander';
import type { K8sEvent, K8sEventList, K8sNode } from '../../http/k8s/k8s-types.js';
import { formatLabelSelector } from '../../http/k8s/objects/workload-tables.js';
import { REVISION_ANNOTATION } from '../../../domain/deployment/deployment.js';
import { canonicalJson } from '../../../domain/shared/canonical-json.js';
import type {
  K8sDeployment, K8sLabelSelector, K8sNamespace, K8sObjectMeta, K8sPod, K8sPodTemplate, K8sReplicaSet,
} from '../../http/k8s/objects/workload-types.js';
import type { K8sConfigMap, K8sEndpoints, K8sSecret, K8sService } from '../../http/k8s/objects/config-types.js';
import { describeConfigMap, describeSecret, describeService } from '../printers/describe-config.js';
import { describeJob } from '../printers/describe-job.js';
import { describeNode } from '../printers/describe-node.js';
import type { K8sJob } from '../../http/k8s/objects/job-object.js';
import { describePod } from '../printers/describe-pod.js';
import { describeDeployment, describeNamespace, describeReplicaSet, type DeploymentReplicaSets } from '../printers/describe-workloads.js';
import { CliError, type ApiClient } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { AT_HELP, clientAt } from './at.js';
import { fetchObjects, listPath, type KubeObject } from './fetch.js';
import { lookupResource, objectPath, resourceArgs, type ResourceInfo } from './resources.js';

type Describer = (client: ApiClient, object: KubeObject, now: Date) => Promise<string>;

const DESCRIBERS: Record<string, Describer> = {
  nodes: async (client, node, now) => describeNode(node as unknown as K8sNode, await eventsOf(client, node), now),
  pods: async (client, pod, now) => describePod(pod as unknown as K8sPod, await eventsOf(client, pod), now),
  deployments: async (client, d, now) =>
    describeDeployment(d as unknown as K8sDeployment, await replicaSetsOf(client, d as unknown as K8sDeployment), await eventsOf(client, d), now),
  replicasets: async (client, rs, now) =>
    describeReplicaSet(rs as unknown as K8sReplicaSet, await podsOf(client, rs as unknown as K8sReplicaSet), await eventsOf(client, rs), now),
  jobs: async (client, job, now) =>
    describeJob(job as unknown as K8sJob, await controlled<K8sPod>(client, lookupResource('pods'), job as unknown as K8sJob), await eventsOf(client, job), now),
  namespaces: async (_client, ns) => describeNamespace(ns as unknown as K8sNamespace),
  services: async (client, svc, now) => describeService(svc as unknown as K8sService, await endpointsOf(client, svc), await eventsOf(client, svc), now),
  configmaps: async (client, cm, now) => describeConfigMap(cm as unknown as K8sConfigMap, await eventsOf(client, cm), now),
  secrets: async (_client, secret) => describeSecret(secret as unknown as K8sSecret),
};

export function addDescribeCommand(program: Command, io: KesctlIo): void {
  program
    .command('describe')
    .description('Show details of nodes, pods, deployments, replicasets, jobs, namespaces, services, configmaps or secrets, with their recent events')
    .argument('<resource...>', 'TYPE [NAME…], or TYPE/NAME…')
    .option('-l, --selector <selector>', 'describe the objects matching this label selector')
    .option('-A, --all-namespaces', 'describe the matching objects in every namespace')
    .option('--at <time|position>', AT_HELP)
    .action(action(io, describe));
}

async function describe(context: KesctlContext, args: string[], options: { selector?: string; allNamespaces?: boolean; at?: string }): Promise<number> {
  const { resource, names } = resourceArgs(args);
  const describer = DESCRIBERS[resource.resource];
  if (!describer) throw new CliError(`kesctl cannot describe ${resource.resource} yet: it describes ${Object.keys(DESCRIBERS).join(', ')}`);
  const client = await clientAt(context.client(), options.at);
  const scope = { namespace: context.namespace(), allNamespaces: options.allNamespaces };
  const { items, failures } = await fetchObjects(client, resource, names, scope, { labelSelector: options.selector });
  const texts: string[] = [];
  for (const object of items) texts.push(await describer(client, object, context.now()));
  context.out(texts.join('\n\n'));
  if (items.length === 0 && failures.length === 0) context.err(noneFound(resource, scope));
  failures.forEach((f) => context.report(f));
  return failures.length > 0 ? 1 : 0;
}

function noneFound(r: ResourceInfo, scope: { namespace: string; allNamespaces?: boolean }): string {
  return r.namespaced && !scope.allNamespaces ? `No resources found in ${scope.namespace} namespace.\n` : 'No resources found\n';
}

/** The object's events; as kubectl, a failure to list them leaves the Events section out rather than failing. */
async function eventsOf(client: ApiClient, object: KubeObject): Promise<K8sEvent[] | undefined> {
  const { name, namespace } = object.metadata;
  const selector = `involvedObject.kind=${object.kind},involvedObject.name=${name}${namespace ? `,involvedObject.namespace=${namespace}` : ''}`;
  try {
    return (await client.get<K8sEventList>(`/api/v1/events?fieldSelector=${encodeURIComponent(selector)}`)).items ?? [];
  } catch {
    return undefined;
  }
}

/** A service's Endpoints (same name); none yet, or none readable, prints as `<none>`. */
async function endpointsOf(client: ApiClient, service: KubeObject): Promise<K8sEndpoints | undefined> {
  try {
    return await client.get<K8sEndpoints>(objectPath(lookupResource('endpoints'), service.metadata.namespace ?? 'default', service.metadata.name));
  } catch {
    return undefined;
  }
}

/** The objects of `r` that `owner` controls, found by the owner's selector and then by controller uid, as kubectl does. */
type Owner = { metadata: K8sObjectMeta; spec: { selector: K8sLabelSelector } };

async function controlled<T extends { metadata: K8sObjectMeta }>(client: ApiClient, r: ResourceInfo, owner: Owner): Promise<T[] | undefined> {
  const selector = formatLabelSelector(owner.spec.selector);
  const query = { labelSelector: selector === '<none>' ? undefined : selector };
  const path = listPath(r, { namespace: owner.metadata.namespace ?? 'default' }, query);
  try {
    const list = await client.get<{ items?: T[] }>(path);
    return (list.items ?? []).filter((o) => o.metadata.ownerReferences?.some((ref) => ref.controller && ref.uid === owner.metadata.uid));
  } catch {
    return undefined;
  }
}

async function podsOf(client: ApiClient, rs: K8sReplicaSet): Promise<K8sPod[] | undefined> {
  return controlled<K8sPod>(client, lookupResource('pods'), rs);
}

/** kubectl's new ReplicaSet runs the Deployment's template (pod-template-hash aside); old ones still holding pods are listed too. */
async function replicaSetsOf(client: ApiClient, d: K8sDeployment): Promise<DeploymentReplicaSets> {
  const owned = await controlled<K8sReplicaSet>(client, lookupResource('replicasets'), d);
  if (!owned) return undefined;
  const revision = (o: { metadata: K8sObjectMeta }) => o.metadata.annotations?.[REVISION_ANNOTATION];
  const newReplicaSet =
    owned.find((rs) => sameTemplate(rs.spec.template, d.spec.template)) ?? owned.find((rs) => revision(rs) !== undefined && revision(rs) === revision(d));
  return { newReplicaSet, oldReplicaSets: owned.filter((rs) => rs !== newReplicaSet && (rs.status.replicas ?? 0) > 0) };
}

function sameTemplate(a: K8sPodTemplate, b: K8sPodTemplate): boolean {
  const strip = (t: K8sPodTemplate) => {
    const { 'pod-template-hash': _hash, ...labels } = t.metadata.labels ?? {};
    return canonicalJson({ ...t, metadata: { ...t.metadata, labels } });
  };
  return strip(a) === strip(b);
}

