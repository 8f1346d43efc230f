import { age } from '../duration.js';
import type { K8sEvent, Table, TableColumnDefinition, TableRow } from '../k8s-types.js';
import { rowOf, tableOf } from './pod-table.js';

/** kubectl's columns for `get events` (the API server's printers.go); the wide ones have priority 1. */
export const EVENT_COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Last Seen', type: 'string', description: 'The time at which the most recent occurrence of this event was recorded.' },
  { name: 'Type', type: 'string', description: 'Type of this event (Normal, Warning).' },
  { name: 'Reason', type: 'string', description: 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.' },
  { name: 'Object', type: 'string', description: 'The object that this event is about.' },
  { name: 'Subobject', type: 'string', priority: 1, description: 'The part of the object this event is about.' },
  { name: 'Source', type: 'string', priority: 1, description: 'The component reporting this event.' },
  { name: 'Message', type: 'string', description: 'A human-readable description of the status of this operation.' },
  { name: 'First Seen', type: 'string', priority: 1, description: 'The time at which the event was first recorded.' },
  { name: 'Count', type: 'string', priority: 1, description: 'The number of times this event has occurred.' },
  { name: 'Name', type: 'string', priority: 1, description: 'Name must be unique within a namespace.' },
];

/** The meta.k8s.io/v1 Table kubectl prints for `get events`: LAST SEEN, TYPE, REASON, OBJECT (kind/name), MESSAGE. */
export function eventTable(events: readonly K8sEvent[], now: Date, resourceVersion: string): Table {
  const row = (e: K8sEvent): TableRow => rowOf([
    age(e.lastTimestamp, now), e.type, e.reason, `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`, '',
    e.source.component ?? '', e.message, age(e.firstTimestamp, now), String(e.count ?? 1), e.metadata.name,
  ], e.metadata);
  return tableOf(EVENT_COLUMNS, events.map(row), resourceVersion);
}
