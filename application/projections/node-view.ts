import { evolveNode, initialNodeState, type NodeEvent, type NodeState, type RegisteredNode } from '../../domain/node/node.js';
import type { RecordedEvent } from '../../domain/shared/event.js';

/** A node as read models show it: its domain state plus the store position it was last changed at. */
export type NodeView = RegisteredNode & Readonly<{ uid: string; resourceVersion: number }>;

const NODE_EVENTS = new Set<string>([
  'NodeRegistered', 'NodeCredentialIssued', 'NodeLabelsChanged', 'NodeTaintsChanged', 'NodeCordoned',
  'NodeUncordoned', 'NodeReadinessChanged', 'NodeDeleted', 'NodeReset', 'ManagedFieldsChanged', 'ReconcileFailed',
]);

export const isNodeEvent = (event: RecordedEvent): event is RecordedEvent<NodeEvent> => NODE_EVENTS.has(event.type);

/** evolve(view | undefined, event): undefined when the node does not exist (never registered, or deleted). */
export function evolveNodeView(view: NodeView | undefined, event: RecordedEvent<NodeEvent>): NodeView | undefined {
  const before: NodeState = view ? { status: 'registered', node: view } : initialNodeState();
  const after = evolveNode(before, event);
  if (after.status !== 'registered') return undefined;
  const uid = view && event.type !== 'NodeRegistered' ? view.uid : view?.uid ?? event.id;
  return { ...after.node, uid, resourceVersion: event.position };
}
