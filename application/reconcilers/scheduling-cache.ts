import { NodeTable } from '../../domain/scheduling/node-table.js';
import type { NodeView } from '../projections/node-view.js';
import type { PodView } from '../projections/workload-views.js';
import { schedulingNode, schedulingPodOf, withoutPod, withPod, type SchedulingNode, type SchedulingPod } from '../../domain/scheduling/scheduling-input.js';
import type { PodsOnNodes } from '../../domain/scheduling/inter-pod-affinity.js';
import { hasPodTerms, type NamespaceLabels } from '../../domain/scheduling/pod-placement.js';
import { sameLabels } from '../../domain/shared/labels.js';
import { controllerOf } from '../../domain/shared/object-meta.js';

/** A pod counted on a node: what it asks of the node, and the uid of its controller. */
export type Placed = Readonly<{ nodeName: string; pod: SchedulingPod; owner?: string | undefined }>;

const NO_OWNER_COUNTS: ReadonlyMap<string, number> = new Map();

/**
 * The scheduler's picture of the cluster, kept incrementally from node and pod changes: each node's
 * allocatable less what its pods request, and how many pods of each owner sit on each node. A pod the
 * scheduler has just bound is "assumed" on its node at once, so the next pod does not see stale capacity
 * while the binding travels through the log.
 */
export class SchedulingCache {
  private readonly table = new NodeTable();
  private readonly placed = new Map<string, Placed>();
  private readonly ownerCounts = new Map<string, Map<string, number>>();
  /** The placed pods with pod affinity or anti-affinity terms: the only ones whose terms another pod must honour. */
  private readonly withPodTerms = new Map<string, Placed>();

  get nodes(): NodeTable {
    return this.table;
  }

  nodeChanged(view: NodeView | undefined, name: string): void {
    if (!view) {
      this.table.delete(name);
      return;
    }
    const current = this.table.get(name);
    const node = schedulingNode({
      name,
      labels: view.labels,
      taints: view.taints,
      unschedulable: view.unschedulable,
      ready: view.readiness.status === 'True' && !view.reset,
      allocatable: view.allocatable,
      requested: current?.requested ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 },
      usedHostPorts: current?.usedHostPorts ?? new Set(),
    });
    this.table.set(current ? node : this.withPlacedPods(node));
  }

  /** Follows a pod's binding: counted on its node while bound or terminating, not before, not after. */
  podChanged(key: string, view: PodView | undefined): void {
    const nodeName = view?.nodeName;
    const current = this.placed.get(key);
    if (current?.nodeName === nodeName && (!current || sameLabels(current.pod.labels ?? {}, view!.meta.labels))) return;
    // A placed pod whose labels change is counted again: other pods' affinity terms and spread constraints read them.
    if (current && nodeName) this.moveTo(key, undefined);
    const pod = view && schedulingPodOf(view.spec, { namespace: view.meta.namespace, labels: view.meta.labels });
    this.moveTo(key, pod && nodeName ? { nodeName, pod, owner: controllerOf(view.meta)?.uid } : undefined);
  }

  /** The pods on nodes as the pod affinity and spread plugins read them. */
  podsOnNodes(namespaceLabels: NamespaceLabels): PodsOnNodes {
    const placed = this.placed;
    return {
      all: () => placed.values(),
      withPodTerms: () => this.withPodTerms.values(),
      inNamespace: function* (namespace) {
        for (const p of placed.values()) if ((p.pod.namespace ?? 'default') === namespace) yield p;
      },
      namespaceLabels,
      node: (name) => this.table.get(name),
    };
  }

  /** Counts a pod on the node the scheduler just chose, before its binding comes back as an event. */
  assume(key: string, placed: Placed): void {
    this.moveTo(key, placed);
  }

  assumedNode(key: string): string | undefined {
    return this.placed.get(key)?.nodeName;
  }

  ownerCountsOf(owner: string | undefined): ReadonlyMap<string, number> {
    return (owner && this.ownerCounts.get(owner)) || NO_OWNER_COUNTS;
  }

  /** A node seen for the first time may already have pods bound to it (their events came first). */
  private withPlacedPods(node: SchedulingNode): SchedulingNode {
    let result = node;
    for (const placed of this.placed.values()) if (placed.nodeName === node.name) result = withPod(result, placed.pod);
    return result;
  }

  private moveTo(key: string, placed: Placed | undefined): void {
    const current = this.placed.get(key);
    if (current?.nodeName === placed?.nodeName) return;
    if (current) this.unplace(key, current);
    if (placed) this.place(key, placed);
  }

  private place(key: string, placed: Placed): void {
    this.placed.set(key, placed);
    if (hasPodTerms(placed.pod.placement)) this.withPodTerms.set(key, placed);
    this.updateNode(placed.nodeName, (node) => withPod(node, placed.pod));
    if (placed.owner) {
      const counts = this.ownerCounts.get(placed.owner) ?? new Map<string, number>();
      counts.set(placed.nodeName, (counts.get(placed.nodeName) ?? 0) + 1);
      this.ownerCounts.set(placed.owner, counts);
    }
  }

  private unplace(key: string, placed: Placed): void {
    this.placed.delete(key);
    this.withPodTerms.delete(key);
    this.updateNode(placed.nodeName, (node) => withoutPod(node, placed.pod));
    const counts = placed.owner ? this.ownerCounts.get(placed.owner) : undefined;
    if (counts) counts.set(placed.nodeName, (counts.get(placed.nodeName) ?? 1) - 1);
  }

  private updateNode(name: string, change: (node: SchedulingNode) => SchedulingNode): void {
    const node = this.table.get(name);
    if (node) this.table.set(change(node));
  }
}
