import type { Command } from 'commander';
import type { K8sPod } from '../../http/k8s/objects/workload-types.js';
import { ApiError, CliError, type ApiClient } from './api-client.js';
import { cordonNode } from './cordon.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { planDrain } from './drain-filters.js';
import { lookupResource, objectPath, withQuery } from './resources.js';
import { formatDuration, parseDuration, poll, WaitTimeout } from './wait.js';

const POLL_INTERVAL_MS = 1000;
const EVICTION_RETRY_MS = 5000;
const PODS = lookupResource('pods');

type DrainOptions = { force?: boolean; ignoreDaemonsets?: boolean; deleteEmptydirData?: boolean; gracePeriod: string; timeout: string };

/** Why the node could not be drained: kubectl's messages, one per reason. */
class DrainFailure extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join('\n'));
  }
}

export function addDrainCommand(program: Command, io: KesctlIo): void {
  program
    .command('drain')
    .description('Cordon a node, then evict its pods through the eviction API and wait until they are gone')
    .argument('<node>', 'NAME or node/NAME')
    .option('--force', 'also evict pods that no controller will recreate')
    .option('--ignore-daemonsets', 'leave DaemonSet-managed pods in place')
    .option('--delete-emptydir-data', 'evict pods with emptyDir volumes, whose data is lost')
    .option('--grace-period <seconds>', 'seconds each pod gets to stop (-1: its own terminationGracePeriodSeconds)', '-1')
    .option('--timeout <duration>', 'how long to wait for the pods to go, e.g. 5m (0: forever)', '0s')
    .action(action(io, drain));
}

/** kubectl drain: `node/N cordoned`, `evicting pod ns/p`, `pod/p evicted`, `node/N drained`; refusals as kubectl words them. */
async function drain(context: KesctlContext, node: string, options: DrainOptions): Promise<number> {
  const name = node.replace(/^(nodes?|no)\//, '');
  const timeoutMs = parseDuration(options.timeout, '--timeout');
  const gracePeriod = Number(options.gracePeriod);
  if (!Number.isInteger(gracePeriod)) throw new CliError(`invalid argument "${options.gracePeriod}" for "--grace-period" flag: not a whole number of seconds`);
  const client = context.client();
  context.out(`node/${name} ${await cordonNode(client, name)}\n`);
  try {
    await evictPods(context, client, name, options, gracePeriod, timeoutMs);
  } catch (err) {
    if (!(err instanceof DrainFailure)) throw err;
    const reasons = err.reasons.length === 1 ? err.reasons[0] : `[${err.reasons.join(', ')}]`;
    context.err(`error: unable to drain node "${name}" due to error: ${reasons}, continuing command...\n`);
    context.err(`There are pending nodes to be drained:\n ${name}\n${err.reasons.join('\n')}\n`);
    return 1;
  }
  context.out(`node/${name} drained\n`);
  return 0;
}

async function evictPods(context: KesctlContext, client: ApiClient, node: string, options: DrainOptions, gracePeriod: number, timeoutMs: number): Promise<void> {
  const list = await client.get<{ items?: K8sPod[] }>(withQuery('/api/v1/pods', { fieldSelector: `spec.nodeName=${node}` }));
  const plan = planDrain(list.items ?? [], {
    force: options.force === true,
    ignoreDaemonsets: options.ignoreDaemonsets === true,
    deleteEmptydirData: options.deleteEmptydirData === true,
  });
  if (plan.errors.length > 0) throw new DrainFailure(plan.errors);
  if (plan.warning) context.err(`Warning: ${plan.warning}\n`);
  const failures: string[] = [];
  let remaining: K8sPod[] = [];
  for (const pod of plan.evict) {
    context.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}\n`);
    const outcome = await evict(context, client, pod, gracePeriod);
    if (outcome === 'evicting') remaining.push(pod);
    else if (outcome === 'gone') context.out(`pod/${pod.metadata.name} evicted\n`);
    else failures.push(outcome.failure);
  }
  try {
    await poll(context, POLL_INTERVAL_MS, timeoutMs, async () => {
      remaining = await stillThere(context, client, remaining);
      return remaining.length === 0 ? true : undefined;
    });
  } catch (err) {
    if (!(err instanceof WaitTimeout)) throw err;
    const pod = remaining[0].metadata;
    failures.push(`error when waiting for pod "${pod.name}" in namespace "${pod.namespace}" to terminate: global timeout reached: ${formatDuration(timeoutMs)}`);
  }
  if (failures.length > 0) throw new DrainFailure(failures);
}

type Eviction = 'evicting' | 'gone' | { failure: string };

/** POSTs a policy/v1 Eviction; a disruption budget's 429 is retried after five seconds, as kubectl does. */
async function evict(context: KesctlContext, client: ApiClient, pod: K8sPod, gracePeriod: number): Promise<Eviction> {
  const { name, namespace = 'default' } = pod.metadata;
  const body = {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace },
    deleteOptions: gracePeriod >= 0 ? { gracePeriodSeconds: gracePeriod } : {},
  };
  for (;;) {
    try {
      await client.post(objectPath(PODS, namespace, name, 'eviction'), body);
      return 'evicting';
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.notFound) return 'gone';
      if (err.status.code !== 429) return { failure: `error when evicting pods/"${name}" -n "${namespace}": ${err.status.message ?? ''}` };
      context.err(`error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${err.status.message ?? ''}\n`);
      await context.sleep(EVICTION_RETRY_MS);
    }
  }
}

/** GETs each pod; one that is gone, or replaced by a pod of the same name, is reported evicted. */
async function stillThere(context: KesctlContext, client: ApiClient, pods: readonly K8sPod[]): Promise<K8sPod[]> {
  const left: K8sPod[] = [];
  for (const pod of pods) {
    const { name, namespace = 'default', uid } = pod.metadata;
    try {
      const live = await client.get<K8sPod>(objectPath(PODS, namespace, name));
      if (live.metadata.uid === uid) {
        left.push(pod);
        continue;
      }
    } catch (err) {
      if (!(err instanceof ApiError && err.notFound)) throw err;
    }
    context.out(`pod/${name} evicted\n`);
  }
  return left;
}
