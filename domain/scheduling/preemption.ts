import { fits, nodeFitReasons, REASONS } from './filters.js';
import { unschedulableMessage } from './schedule.js';
import { withoutPod, withPod, type SchedulingNode, type SchedulingPod } from './scheduling-input.js';

/** A pod bound to a node, as preemption weighs it. */
export type RunningPod = Readonly<{ key: string; priority: number; pod: SchedulingPod }>;

/** The node the preemptor is nominated to, and the pods to evict there so that it fits. */
export type Preemption = Readonly<{ nodeName: string; victims: readonly RunningPod[] }>;

/** The eviction reason of a pod preempted, as its Event says (kube-scheduler's `Preempted`). */
export const PREEMPTED = 'Preempted';
export const SCHEDULER_NAME = 'default-scheduler';
export const preemptedMessage = (preemptorUid: string, nodeName: string) => `Preempted by pod ${preemptorUid} on node ${nodeName}`;

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';
export const NEVER_PREEMPTS = 'not eligible due to preemptionPolicy=Never.';
export const TERMINATING_ON_NOMINATED = 'not eligible due to a terminating pod on the nominated node.';

/** Reasons no eviction can take away: the node itself refuses the pod, whatever runs on it (kube's UnschedulableAndUnresolvable). */
const RESOLVABLE = new Set<string>([REASONS.hostPorts, REASONS.tooManyPods, REASONS.cpu, REASONS.memory]);
const resolvable = (pod: SchedulingPod, node: SchedulingNode) => nodeFitReasons(pod, node).every((reason) => RESOLVABLE.has(reason));

/**
 * kube-scheduler's SelectVictimsOnNode: every pod of lower priority taken off; if the preemptor then fits, each is
 * given back, the most important first, as long as the preemptor still fits. What is not given back are the victims.
 * Undefined when even taking them all off leaves no room.
 */
export function victimsOn(preemptor: SchedulingPod, priority: number, node: SchedulingNode, running: readonly RunningPod[]): RunningPod[] | undefined {
  const lower = running.filter((p) => p.priority < priority);
  let room = lower.reduce((n, p) => withoutPod(n, p.pod), node);
  if (!fits(preemptor, room)) return undefined;
  const victims: RunningPod[] = [];
  for (const candidate of [...lower].sort((a, b) => b.priority - a.priority)) {
    const back = withPod(room, candidate.pod);
    if (fits(preemptor, back)) room = back;
    else victims.push(candidate);
  }
  return victims;
}

type Candidate = Readonly<{ nodeName: string; victims: RunningPod[] }>;
const highest = (c: Candidate) => Math.max(...c.victims.map((v) => v.priority));
// As kube-scheduler, priorities are shifted above zero so that negative ones still add up to more the more pods there are.
const sum = (c: Candidate) => c.victims.reduce((total, v) => total + v.priority + 2_147_483_648, 0);

/** kube-scheduler's pickOneNodeForPreemption: the lowest highest victim, then the smallest sum of priorities, then the fewest victims, then the first. */
function better(a: Candidate, b: Candidate): boolean {
  if (highest(a) !== highest(b)) return highest(a) < highest(b);
  if (sum(a) !== sum(b)) return sum(a) < sum(b);
  return a.victims.length < b.victims.length;
}

/**
 * kube-scheduler's DefaultPreemption for a pod that fits no node: the node where evicting pods of lower priority
 * (never of equal or higher) makes room at the least cost, with those pods; or, when there is none, kube's
 * message saying why each node cannot help ("0/3 nodes are available: 1 Preemption is not helpful for
 * scheduling, 2 No preemption victims found for incoming pod.").
 */
export function choosePreemption(
  preemptor: SchedulingPod,
  priority: number,
  nodes: readonly SchedulingNode[],
  runningOn: (nodeName: string) => readonly RunningPod[],
): Preemption | { unhelpful: string } {
  const reasons = new Map<string, readonly string[]>();
  let best: Candidate | undefined;
  for (const node of nodes) {
    const helps = resolvable(preemptor, node);
    const victims = helps ? victimsOn(preemptor, priority, node, runningOn(node.name)) : undefined;
    // A node the pod fits without evicting anything was refused for what kes's preemption does not weigh (pod affinity,
    // spread): no eviction of a lower-priority pod is known to help there.
    if (!victims || victims.length === 0) {
      reasons.set(node.name, [helps ? NO_VICTIMS : NOT_HELPFUL]);
      continue;
    }
    const candidate = { nodeName: node.name, victims };
    if (!best || better(candidate, best)) best = candidate;
  }
  return best ? { nodeName: best.nodeName, victims: best.victims } : { unhelpful: unschedulableMessage(nodes.length, reasons) };
}
