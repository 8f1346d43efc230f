/** Why a command was refused. The HTTP adapter maps `reason` to a Kubernetes Status. */
export type RefusalReason = 'Invalid' | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Forbidden' | 'BadRequest' | 'RequestEntityTooLarge';

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
