/** What every event and command carries besides its payload. Time and ids come in from outside. */
export type EventMetadata = Readonly<{
  /** Who asked: a user, `system:node:<name>` or a component (`system:kes-scheduler`, …). */
  actor: string;
  /** The command this event was decided on; event ids derive from it. */
  commandId: string;
  /** The root command of the chain this event belongs to. */
  correlationId: string;
  /** The event or command that caused this one. */
  causationId: string;
  /** When the command was given (ISO 8601). */
  at: string;
  schemaVersion: number;
  /**
   * Set on every event of an append but the last: the write goes on in the next event of the stream. Together the
   * events of one append are one change of their object (kube-apiserver's one watch event and resourceVersion per write).
   */
  appendContinues?: true;
}>;

export type Event<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: EventMetadata;
}>;

/** An event as the store returns it. */
export type RecordedEvent<E extends Event = Event> = E &
  Readonly<{
    /** A UUID, derived from the command id: the de-duplication key. */
    id: string;
    /** `cluster`, `node-<name>`, `pod-<namespace>.<name>`, …: the part before the first `-` is its category. */
    stream: string;
    /** The event's place in its stream, from 0. */
    revision: number;
    /** The event's place in the whole log (a Kubernetes resourceVersion). */
    position: number;
  }>;

export type CommandMetadata = Readonly<{
  commandId: string;
  actor: string;
  at: string;
  correlationId?: string;
  causationId?: string;
  /**
   * The position of the stream's last event when the sender decided (Kubernetes' resourceVersion of the object):
   * the command is carried out only if the stream is still there when its events are appended.
   */
  expectedPosition?: number;
  /** Kubernetes' dryRun=All: decided and checked as for real, nothing appended (the handler answers what it would append). */
  dryRun?: boolean;
}>;

export type Command<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

/** The event payload a decider emits: metadata is stamped on by the command handler. */
export type NewEvent<E extends Event = Event> = Omit<E, 'metadata'>;

export const SCHEMA_VERSION = 1;

export function eventMetadataFor(command: Command): EventMetadata {
  return {
    actor: command.metadata.actor,
    commandId: command.metadata.commandId,
    correlationId: command.metadata.correlationId ?? command.metadata.commandId,
    causationId: command.metadata.causationId ?? command.metadata.commandId,
    at: command.metadata.at,
    schemaVersion: SCHEMA_VERSION,
  };
}

/** The category of a stream: the part before the first '-' (EventStoreDB's `$ce-` convention). */
export function streamCategory(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

/** Whether the write that `event` belongs to goes on in the next event of its stream (see EventMetadata.appendContinues). */
export const appendContinues = (event: Event): boolean => event.metadata.appendContinues === true;

/** The events of one append, each but the last marked as followed by more of the same write. */
export function asOneAppend<E extends Event>(events: readonly E[]): E[] {
  return events.map((event, i) => (i < events.length - 1 ? { ...event, metadata: { ...event.metadata, appendContinues: true } } : event));
}
