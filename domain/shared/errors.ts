/** Why a command was refused. The HTTP adapter maps `reason` to a Kubernetes Status. */
export const REFUSAL_REASONS = ['Invalid', 'NotFound', 'AlreadyExists', 'Conflict', 'Forbidden', 'BadRequest', 'RequestEntityTooLarge'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export const isRefusalReason = (reason: unknown): reason is RefusalReason => (REFUSAL_REASONS as readonly unknown[]).includes(reason);

export type FieldCause = Readonly<{ field: string; message: string }>;

export class CommandRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly details: Readonly<{ kind?: string; name?: string; causes?: readonly FieldCause[] }> = {},
  ) {
    super(message);
    this.name = 'CommandRefused';
  }
}

export const notFound = (kind: string, name: string) =>
  new CommandRefused('NotFound', `${kind} "${name}" not found`, { kind, name });

export const alreadyExists = (kind: string, name: string) =>
  new CommandRefused('AlreadyExists', `${kind} "${name}" already exists`, { kind, name });

export function invalid(kind: string, name: string, causes: readonly FieldCause[]): CommandRefused {
  const list = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new CommandRefused('Invalid', `${kind} "${name}" is invalid: ${list}`, { kind, name, causes });
}
