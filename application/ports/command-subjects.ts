/**
 * Commands over NATS, the contract both sides share (adapters/nats serves them, infrastructure/nats sends them):
 * request/reply on `kes.commands.<Type>`, answered by the API servers in one queue group.
 */
export const COMMAND_SUBJECT_PREFIX = 'kes.commands';
export const COMMAND_QUEUE = 'kes-apiservers';
export const commandSubject = (type: string) => `${COMMAND_SUBJECT_PREFIX}.${type}`;

/**
 * The headers a command request carries: the sender's bearer token, as over HTTP, its command id, and the chain it
 * belongs to (the correlation and the causing event), which the API server keeps; the actor is never taken from a
 * header, only from the credential.
 */
export const COMMAND_HEADERS = {
  authorization: 'Authorization',
  commandId: 'Kes-Command-Id',
  correlationId: 'Kes-Correlation-Id',
  causationId: 'Kes-Causation-Id',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The correlation and causation a request names (UUIDs, as command and event ids are), from its headers; others are ignored. */
export function chainOfHeaders(header: (name: string) => string | undefined): Readonly<{ correlationId?: string; causationId?: string }> {
  const correlationId = header(COMMAND_HEADERS.correlationId);
  const causationId = header(COMMAND_HEADERS.causationId);
  return {
    ...(correlationId !== undefined && UUID.test(correlationId) ? { correlationId } : {}),
    ...(causationId !== undefined && UUID.test(causationId) ? { causationId } : {}),
  };
}

/** The headers that carry a command's chain, for the senders. */
export function chainHeaders(metadata: Readonly<{ correlationId?: string; causationId?: string }>): Record<string, string> {
  return {
    ...(metadata.correlationId ? { [COMMAND_HEADERS.correlationId]: metadata.correlationId } : {}),
    ...(metadata.causationId ? { [COMMAND_HEADERS.causationId]: metadata.causationId } : {}),
  };
}
