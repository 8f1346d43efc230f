import { Subject, type Observable } from 'rxjs';
import { appendContinues, streamCategory, type RecordedEvent } from '../../domain/shared/event.js';
import { allocationViews, type AllocationView } from './allocation-views.js';
import { evolveClusterView, initialClusterView, isClusterEvent, type ClusterView } from './cluster-view.js';
import { LastEvents, type LastEvent } from './last-events.js';
import { evolveNodeView, isNodeEvent, type NodeView } from './node-view.js';
import { PodIndex } from './pod-index.js';
import { RecentChanges } from './recent-changes.js';
import { oneWrite } from './one-write.js';
import {
  configMapViews, endpointsViews, priorityClassViews, secretViews, serviceAccountViews, serviceViews,
  type ConfigMapView, type EndpointsView, type PriorityClassView, type SecretView, type ServiceAccountView, type ServiceView,
} from './service-views.js';
import type { ViewTable, ViewTableState, WatchEventType } from './view-table.js';
import {
  deploymentViews, jobViews, namespaceViews, podViews, replicaSetViews,
  type DeploymentView, type JobView, type NamespaceView, type PodView, type ReplicaSetView,
} from './workload-views.js';

export type { WatchEventType };

/**
 * One object's change by one write: its view after (the last view, when DELETED) and before (undefined when ADDED);
 * `event` is the write's last event, `began` the position of the first of its events that changed the view (read
 * models between the two show the write half done).
 */
type ChangeOf<K extends string, V> = Readonly<{ kind: K; type: WatchEventType; key: string; view: V; before: V | undefined; event: RecordedEvent; began?: number }>;
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
  | ChangeOf<'PriorityClass', PriorityClassView>
  | ChangeOf<'Job', JobView>
  | ChangeOf<'RangeAllocation', AllocationView>;
export type ModelKind = ModelChange['kind'];

/**
 * The read models at one position, as a snapshot keeps them: plain maps of immutable values (structured-clonable),
 * so that a snapshot taken while events go on applying stays as it was.
 */
export type ReadModelsState = Readonly<{
  position: number;
  /** The id of the event at `position`: which log the snapshot belongs to. */
  lastEventId: string;
  cluster: ClusterView;
  nodes: ReadonlyMap<string, NodeView>;
  nodeCredentials: ReadonlyMap<string, string>;
  /** Each stream's last event, the cause reconcilers stamp on what they do about its object. */
  lastEvents: ReadonlyMap<string, LastEvent>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tables: Readonly<Record<string, ViewTableState<any, any>>>;
}>;

/**
 * The in-memory read models one process keeps, like an informer cache: applied in position order,
 * idempotent by position (an event at or before `position` is ignored).
 */
export class ReadModels {
  position = 0;
  /** The id of the last event applied ('' before any). */
  lastEventId = '';
  /** The last changes, for watches that start in the recent past (none kept unless asked: see RECENT_CHANGES_KEPT). */
  readonly recentChanges: RecentChanges<ModelChange>;
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
  private readonly priorityClassTable = priorityClassViews();
  private readonly jobTable = jobViews();
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
  /** Keyed by name (cluster-scoped). */
  readonly priorityClasses = this.priorityClassTable.views;
  readonly jobs = this.jobTable.views;
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
    priorityclass: { kind: 'PriorityClass', table: this.priorityClassTable },
    job: { kind: 'Job', table: this.jobTable },
    allocation: { kind: 'RangeAllocation', table: this.allocationTable },
  };
  /**
   * The change each stream's write has made so far, while the write goes on (its append's events up to the last):
   * a write reaches watches, the recent changes and reconcilers as one change, when its last event is applied.
   */
  private readonly writing = new Map<string, Readonly<{ began: number; change: ModelChange | undefined }>>();
  readonly changes = new Subject<ModelChange>();
  readonly applied = new Subject<RecordedEvent>();
  private readonly changesByKind = new Map<ModelKind, Subject<ModelChange>>();

  constructor(options: Readonly<{ recentChanges?: number }> = {}) {
    this.recentChanges = new RecentChanges(options.recentChanges ?? 0);
  }

  /** Every view table by the category of its streams. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private tables(): Record<string, ViewTable<any, any>> {
    return { pod: this.podTable, ...Object.fromEntries(Object.entries(this.byCategory).map(([category, { table }]) => [category, table])) };
  }

  /** The read models as they are now, to keep as a snapshot (later events do not change it). */
  snapshot(): ReadModelsState {
    const tables = Object.fromEntries(Object.entries(this.tables()).map(([category, table]) => [category, table.dump()]));
    return { position: this.position, lastEventId: this.lastEventId, cluster: this.cluster, nodes: new Map(this.nodes), nodeCredentials: new Map(this.nodeCredentials), lastEvents: this.lastEvents.dump(), tables };
  }

  /** Fills read models that have applied nothing yet from a snapshot; they go on from its position. */
  restore(state: ReadModelsState): this {
    if (this.position !== 0) throw new Error(`read models at position ${this.position} cannot be restored from a snapshot: only empty ones can`);
    const tables = this.tables();
    const missing = Object.keys(tables).find((category) => !state.tables[category]);
    if (missing) throw new Error(`the snapshot at position ${state.position} has no ${missing} views: it was made by another layout`);
    for (const [category, table] of Object.entries(tables)) table.load(state.tables[category]);
    for (const [name, view] of state.nodes) this.nodes.set(name, view);
    for (const [name, hash] of state.nodeCredentials) this.nodeCredentials.set(name, hash);
    for (const [key, pod] of this.pods) this.podIndex.update(key, undefined, pod);
    this.lastEvents.load(state.lastEvents);
    this.cluster = state.cluster;
    this.position = state.position;
    this.lastEventId = state.lastEventId;
    this.recentChanges.restart(state.position);
    this.writing.clear();
    return this;
  }

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
        if (change) this.emit({ kind: 'Pod', key, event, before, ...change });
        break;
      }
      default: {
        const kept = this.byCategory[streamCategory(event.stream)];
        if (kept) this.emitChange(kept.kind, key, event, kept.table.apply(key, event));
      }
    }
    if (!appendContinues(event)) this.endWrite(event);
    this.position = event.position;
    this.lastEventId = event.id;
    this.lastEvents.record(event);
    this.applied.next(event);
    return true;
  }

  /** Whether some write is halfway applied (the models are between two events of one append). */
  get midWrite(): boolean {
    return this.writing.size > 0;
  }

  /** The last event of a write: the change its events made, at that event's position, goes out. */
  private endWrite(event: RecordedEvent): void {
    const held = this.writing.get(event.stream);
    if (!held) return;
    this.writing.delete(event.stream);
    if (held.change) this.publish({ ...held.change, event, began: held.began } as ModelChange);
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

  private emitChange<K extends ModelKind>(kind: K, key: string, event: RecordedEvent, { before, change }: { before: unknown; change: { type: WatchEventType; view: unknown } | undefined }): void {
    if (change) this.emit({ kind, key, event, before, ...change } as ModelChange);
  }

  /** One event's change: held while its write goes on, merged with what the write changed before. */
  private emit(change: ModelChange): void {
    const { stream, position } = change.event;
    const held = this.writing.get(stream);
    const began = held?.began ?? position;
    const merged = held ? oneWrite(held.change, change) : change;
    if (appendContinues(change.event)) this.writing.set(stream, { began, change: merged });
    else {
      this.writing.delete(stream);
      if (merged) this.publish(began < position ? { ...merged, began } : merged);
    }
  }

  private publish(change: ModelChange): void {
    this.recentChanges.add(change);
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
    if (after) this.emit({ kind: 'Node', key: name, type: before ? 'MODIFIED' : 'ADDED', view: after, before, event });
    else if (before) this.emit({ kind: 'Node', key: name, type: 'DELETED', view: { ...before, resourceVersion: event.position }, before, event });
  }
}

/** The changes of one kind. */
export function changesOf<K extends ModelKind>(models: ReadModels, kind: K): Observable<Extract<ModelChange, { kind: K }>> {
  return models.changesOf(kind);
}
