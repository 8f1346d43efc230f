import type { RecordedEvent } from '../../domain/shared/event.js';
import { summarize } from './history.js';
import { objectOfStream } from './streamed-kinds.js';

/** One event of a causal chain, with the events of the commands it caused. */
export type TraceStep = Readonly<{
  id: string;
  type: string;
  stream: string;
  /** `Kind namespace/name` (or `Kind name`) of the object the event is about; the stream for the cluster and allocations. */
  object: string;
  position: number;
  at: string;
  actor: string;
  commandId: string;
  causationId: string;
  summary: string;
  /** Time from the event that caused it to this one (ms); absent at a root, whose cause is a command or lies outside the trace. */
  afterMs?: number;
  steps: TraceStep[];
}>;

/** The events of one correlation (one root command and all it led to), as trees from the events without a cause among them. */
export type TraceChain = Readonly<{ correlationId: string; steps: TraceStep[] }>;

const objectName = (stream: string): string => {
  const object = objectOfStream(stream);
  if (!object) return stream;
  return 'namespace' in object ? `${object.kind.kind} ${object.namespace}/${object.name}` : `${object.kind.kind} ${object.name}`;
};

function stepOf(event: RecordedEvent, cause: TraceStep | undefined): TraceStep {
  const { metadata: m } = event;
  const afterMs = cause === undefined ? undefined : Date.parse(m.at) - Date.parse(cause.at);
  return {
    id: event.id,
    type: event.type,
    stream: event.stream,
    object: objectName(event.stream),
    position: event.position,
    at: m.at,
    actor: m.actor,
    commandId: m.commandId,
    causationId: m.causationId,
    summary: summarize(event),
    ...(afterMs === undefined || Number.isNaN(afterMs) ? {} : { afterMs }),
    steps: [],
  };
}

/**
 * The causal trees of these events, one chain per correlation in order of first appearance: an event hangs under
 * the event its command was caused by (its causationId); one whose cause is not among them (the root command's
 * events, or a cause before the trace starts) is a root. Children in log order.
 */
export function buildTrace(events: readonly RecordedEvent[]): TraceChain[] {
  const byId = new Map<string, TraceStep>();
  const chains = new Map<string, TraceStep[]>();
  for (const event of [...events].sort((a, b) => a.position - b.position)) {
    if (byId.has(event.id)) continue;
    const cause = byId.get(event.metadata.causationId);
    const step = stepOf(event, cause);
    byId.set(event.id, step);
    if (cause) cause.steps.push(step);
    else {
      const correlationId = event.metadata.correlationId;
      chains.set(correlationId, [...(chains.get(correlationId) ?? []), step]);
    }
  }
  return [...chains].map(([correlationId, steps]) => ({ correlationId, steps }));
}

/** The part of the chains that one command led to: its events, each with everything under it. */
export function traceOfCommand(chains: readonly TraceChain[], commandId: string): TraceChain[] {
  const found: TraceChain[] = [];
  const visit = (correlationId: string, steps: readonly TraceStep[], into: TraceStep[]) => {
    for (const step of steps) step.commandId === commandId ? into.push(step) : visit(correlationId, step.steps, into);
  };
  for (const chain of chains) {
    const steps: TraceStep[] = [];
    visit(chain.correlationId, chain.steps, steps);
    if (steps.length > 0) found.push({ correlationId: chain.correlationId, steps });
  }
  return found;
}
