import { Subject } from 'rxjs';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { evolveClusterView, initialClusterView, isClusterEvent, type ClusterView } from './cluster-view.js';
import { evolveNodeView, isNodeEvent, type NodeView } from './node-view.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type NodeChange = Readonly<{ type: WatchEventType; node: NodeView; event: RecordedEvent }>;

/**
 * The in-memory read models one process keeps, like an informer cache: applied in position order,
 * idempotent by position (an event at or before `position` is ignored).
 */
export class ReadModels {
  position = 0;
  cluster: ClusterView = initialClusterView();
  readonly nodes = new Map<string, NodeView>();
  /** Hashes of node credentials issued at join, by node name. */
  readonly nodeCredentials = new Map<string, string>();
  readonly nodeChanges = new Subject<NodeChange>();
  readonly applied = new Subject<RecordedEvent>();

  apply(event: RecordedEvent): boolean {
    if (event.position <= this.position) return false;
    if (isNodeEvent(event)) this.applyNode(event);
    else if (isClusterEvent(event)) this.cluster = evolveClusterView(this.cluster, event);
    this.position = event.position;
    this.applied.next(event);
    return true;
  }

  private applyNode(event: RecordedEvent & Parameters<typeof evolveNodeView>[1]): void {
    const name = event.data.name;
    if (event.type === 'NodeCredentialIssued') this.nodeCredentials.set(name, event.data.credentialHash);
    const before = this.nodes.get(name);
    const after = evolveNodeView(before, event);
    if (after) this.nodes.set(name, after);
    else this.nodes.delete(name);
    if (!this.nodeChanges.observed) return;
    if (after) this.nodeChanges.next({ type: before ? 'MODIFIED' : 'ADDED', node: after, event });
    else if (before) this.nodeChanges.next({ type: 'DELETED', node: { ...before, resourceVersion: event.position }, event });
  }
}
