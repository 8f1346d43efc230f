import { Subject, type Observable } from 'rxjs';
import { streamCategory, type RecordedEvent } from '../../domain/shared/event.js';
import { allocationViews, type AllocationView } from './allocation-views.js';
import { evolveClusterView, initialClusterView, isClusterEvent, type ClusterView } from './cluster-view.js';
import { LastEvents } from './last-events.js';
import { evolveNodeView, isNodeEvent, type NodeView } from './node-view.js';
import { PodIndex } from './pod-index.js';
import {
  configMapViews, endpointsViews, secretViews, serviceAccountViews, serviceViews,
  type ConfigMapView, type EndpointsView, type SecretView, type ServiceAccountView, type ServiceView,
} from './service-views.js';
import type { ViewTable, WatchEventType } from './view-table.js';
import {
  deploymentViews, namespaceViews, podViews, replicaSetViews,
  type DeploymentView, type NamespaceView, type PodView, type ReplicaSetView,
} from './workload-views.js';

export type { WatchEventType };

type ChangeOf<K extends string, V> = Readonly<{ kind: K; type: WatchEventType; key: string; view: V; event: RecordedEvent }>;
export type ModelChange =
  | ChangeOf<'Node', NodeView>
  | ChangeOf<'Pod', PodView>
  | ChangeOf<'ReplicaSet', ReplicaSetView>
  | ChangeOf<'Deployment', DeploymentView>
  | ChangeOf<'Namespace', NamespaceView>
  | ChangeOf<'Service', ServiceView>
  | ChangeOf<'Endpoints', EndpointsView>
  | ChangeOf<'ConfigMap', ConfigMapView>
  | ChangeOf<'Secret', SecretView>
  | ChangeOf<'ServiceAccount', ServiceAccountView>
  | ChangeOf<'RangeAllocation', AllocationView>;
export type ModelKind = ModelChange['kind'];

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
  private readonly podTable = podViews();
  private readonly replicaSetTable = replicaSetViews();
  private readonly deploymentTable = deploymentViews();
  private readonly namespaceTable = namespaceViews();
  private readonly serviceTable = serviceViews();
  private readonly endpointsTable = endpointsViews();
  private readonly configMapTable = configMapViews();
  private readonly secretTable = secretViews();
  private readonly serviceAccountTable = serviceAccountViews();
  private readonly allocationTable = allocationViews();
  /** Keyed `<namespace>.<name>`, as their streams. */
  readonly pods = this.podTable.views;
  readonly replicaSets = this.replicaSetTable.views;
  readonly deployments = this.deploymentTable.views;
  readonly namespaces = this.namespaceTable.views;
  readonly services = this.serviceTable.views;
  readonly endpoints = this.endpointsTable.views;
  readonly configMaps = this.configMapTable.views;
  readonly secrets = this.secretTable.views;
  readonly serviceAccounts = this.serviceAccountTable.views;
  /** Keyed by range name: `clusterips`, `nodeports`. */
  readonly allocations = this.allocationTable.views;
  readonly podIndex = new PodIndex();
  /** Each stream's last event: what a reconciler's commands about its object were caused by. */
  readonly lastEvents = new LastEvents();
  /** The kinds whose views need nothing beyond their own table. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly byCategory: Record<string, { kind: ModelKind; table: ViewTable<any, any> }> = {
    replicaset: { kind: 'ReplicaSet', table: this.replicaSetTable },
    deployment: { kind: 'Deployment', table: this.deploymentTable },
    namespace: { kind: 'Namespace', table: this.namespaceTable },
    service: { kind: 'Service', table: this.serviceTable },
    endpoints: { kind: 'Endpoints', table: this.endpointsTable },
    configmap: { kind: 'ConfigMap', table: this.configMapTable },
    secret: { kind: 'Secret', table: this.secretTable },
    serviceaccount: { kind: 'ServiceAccount', table: this.serviceAccountTable },
    allocation: { kind: 'RangeAllocation', table: this.allocationTable },
  };
  readonly changes = new Subject<ModelChange>();
  readonly applied = new Subject<RecordedEvent>();
  private readonly changesByKind = new Map<ModelKind, Subject<ModelChange>>();

  apply(event: RecordedEvent): boolean {
    if (event.position <= this.position) return false;
    const key = event.stream.slice(event.stream.indexOf('-') + 1);
    switch (streamCategory(event.stream)) {
      case 'node':
        if (isNodeEvent(event)) this.applyNode(event);
        break;
      case 'cluster':
        if (isClusterEvent(event)) this.cluster = evolveClusterView(this.cluster, event);
        break;
      case 'pod': {
        const { before, change } = this.podTable.apply(key, event);
        this.podIndex.update(key, before, change?.type === 'DELETED' ? undefined : change?.view);
        if (change) this.emit({ kind: 'Pod', key, event, ...change });
        break;
      }
      default: {
        const kept = this.byCategory[streamCategory(event.stream)];
        if (kept) this.emitChange(kept.kind, key, event, kept.table.apply(key, event).change);
      }
    }
    this.position = event.position;
    this.lastEvents.record(event);
    this.applied.next(event);
    return true;
  }

  /**
   * The view of the object whose stream `events` are about, as it would be after them, changing nothing: what a
   * dry run answers. Undefined when they would delete it, or for a kind kept outside the view tables.
   */
  preview(events: readonly RecordedEvent[]): unknown {
    if (events.length === 0) return undefined;
    const { stream } = events[0];
    const key = stream.slice(stream.indexOf('-') + 1);
    switch (streamCategory(stream)) {
      case 'node': {
        let view: NodeView | undefined = this.nodes.get(key);
        for (const event of events) if (isNodeEvent(event)) view = evolveNodeView(view, event);
        return view;
      }
      case 'pod':
        return this.podTable.preview(key, events);
      default:
        return this.byCategory[streamCategory(stream)]?.table.preview(key, events);
    }
  }

  private emitChange<K extends ModelKind>(kind: K, key: string, event: RecordedEvent, change: { type: WatchEventType; view: unknown } | undefined): void {
    if (change) this.emit({ kind, key, event, ...change } as ModelChange);
  }

  private emit(change: ModelChange): void {
    if (this.changes.observed) this.changes.next(change);
    const ofKind = this.changesByKind.get(change.kind);
    if (ofKind?.observed) ofKind.next(change);
  }

  /** The changes of one kind, from a subject of that kind alone: a subscriber never sees, nor filters, other kinds. */
  changesOf<K extends ModelKind>(kind: K): Observable<Extract<ModelChange, { kind: K }>> {
    let ofKind = this.changesByKind.get(kind);
    if (!ofKind) this.changesByKind.set(kind, (ofKind = new Subject<ModelChange>()));
    return ofKind.asObservable() as Observable<Extract<ModelChange, { kind: K }>>;
  }

  private applyNode(event: RecordedEvent & Parameters<typeof evolveNodeView>[1]): void {
    const name = event.data.name;
    if (event.type === 'NodeCredentialIssued') this.nodeCredentials.set(name, event.data.credentialHash);
    const before = this.nodes.get(name);
    const after = evolveNodeView(before, event);
    if (after) this.nodes.set(name, after);
    else this.nodes.delete(name);
    if (after) this.emit({ kind: 'Node', key: name, type: before ? 'MODIFIED' : 'ADDED', view: after, event });
    else if (before) this.emit({ kind: 'Node', key: name, type: 'DELETED', view: { ...before, resourceVersion: event.position }, event });
  }
}

/** The changes of one kind. */
export function changesOf<K extends ModelKind>(models: ReadModels, kind: K): Observable<Extract<ModelChange, { kind: K }>> {
  return models.changesOf(kind);
}
