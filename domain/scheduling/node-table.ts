import type { SchedulingNode } from './scheduling-input.js';

/** What the filters and the least-allocated score read of every node, one typed column per field. */
export type NodeColumns = Readonly<{
  freeCpuMillis: Float64Array;
  freeMemoryBytes: Float64Array;
  freePods: Float64Array;
  allocatableCpuMillis: Float64Array;
  allocatableMemoryBytes: Float64Array;
  /** 1 when the node is open (see SchedulingNode). */
  open: Uint8Array;
  /** 1 when the node has taints. */
  tainted: Uint8Array;
}>;

const emptyColumns = (size: number): NodeColumns => ({
  freeCpuMillis: new Float64Array(size),
  freeMemoryBytes: new Float64Array(size),
  freePods: new Float64Array(size),
  allocatableCpuMillis: new Float64Array(size),
  allocatableMemoryBytes: new Float64Array(size),
  open: new Uint8Array(size),
  tainted: new Uint8Array(size),
});

/**
 * The nodes a scheduler chooses among, by index. What the filters and the least-allocated score read of
 * every node is also kept in typed columns, so that looking at hundreds of nodes for each pod reads a few
 * contiguous arrays instead of hundreds of objects spread over the heap (about twice as fast at 5,000
 * nodes here). `rank(i)` is the place of node i's name in name order, so equal scores can go to the first
 * name without comparing strings.
 */
export class NodeTable {
  private readonly list: SchedulingNode[] = [];
  private readonly indexes = new Map<string, number>();
  private data: NodeColumns = emptyColumns(0);
  private ranks = new Int32Array(0);
  private ranked = true;

  static of(nodes: Iterable<SchedulingNode>): NodeTable {
    const table = new NodeTable();
    for (const node of nodes) table.set(node);
    return table;
  }

  get size(): number {
    return this.list.length;
  }

  /** The columns as they are now: a table that grows gets new ones, so read them again after a change. */
  get columns(): NodeColumns {
    return this.data;
  }

  get nodes(): readonly SchedulingNode[] {
    return this.list;
  }

  at(index: number): SchedulingNode {
    return this.list[index]!;
  }

  get(name: string): SchedulingNode | undefined {
    const index = this.indexes.get(name);
    return index === undefined ? undefined : this.list[index];
  }

  /** Adds `node`, or replaces the node of that name. */
  set(node: SchedulingNode): void {
    let index = this.indexes.get(node.name);
    if (index === undefined) {
      index = this.list.length;
      this.indexes.set(node.name, index);
      this.list.push(node);
      this.ranked = false;
      if (index >= this.data.open.length) this.grow(Math.max(64, index * 2));
    } else this.list[index] = node;
    this.write(index, node);
  }

  /** Removes the node of that name: the last node takes its index. */
  delete(name: string): void {
    const index = this.indexes.get(name);
    if (index === undefined) return;
    const last = this.list.pop()!;
    this.indexes.delete(name);
    if (index < this.list.length) {
      this.list[index] = last;
      this.indexes.set(last.name, index);
      this.write(index, last);
    }
    this.ranked = false;
  }

  /** The place of node `index`'s name in name order. */
  rank(index: number): number {
    if (!this.ranked) this.rankByName();
    return this.ranks[index]!;
  }

  private write(index: number, node: SchedulingNode): void {
    const columns = this.data;
    columns.freeCpuMillis[index] = node.freeCpuMillis;
    columns.freeMemoryBytes[index] = node.freeMemoryBytes;
    columns.freePods[index] = node.freePods;
    columns.allocatableCpuMillis[index] = node.allocatable.cpuMillis;
    columns.allocatableMemoryBytes[index] = node.allocatable.memoryBytes;
    columns.open[index] = node.open ? 1 : 0;
    columns.tainted[index] = node.taints.length > 0 ? 1 : 0;
  }

  private grow(size: number): void {
    const grown = emptyColumns(size);
    for (const [field, column] of Object.entries(this.data)) grown[field as keyof NodeColumns].set(column);
    this.data = grown;
  }

  private rankByName(): void {
    const order = this.list.map((_, i) => i).sort((a, b) => (this.list[a]!.name < this.list[b]!.name ? -1 : 1));
    this.ranks = new Int32Array(this.list.length);
    order.forEach((index, place) => (this.ranks[index] = place));
    this.ranked = true;
  }
}
