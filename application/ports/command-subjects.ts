/**
 * Commands over NATS, the contract both sides share (adapters/nats serves them, infrastructure/nats sends them):
 * request/reply on `kes.commands.<Type>`, answered by the API servers in one queue group.
 */
export const COMMAND_SUBJECT_PREFIX = 'kes.commands';
export const COMMAND_QUEUE = 'kes-apiservers';
export const commandSubject = (type: string) => `${COMMAND_SUBJECT_PREFIX}.${type}`;

/** The headers a command request carries: the sender's bearer token, as over HTTP, and its command id. */
export const COMMAND_HEADERS = { authorization: 'Authorization', commandId: 'Kes-Command-Id' } as const;
