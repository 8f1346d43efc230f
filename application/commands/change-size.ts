import { CommandRefused } from '../../domain/shared/errors.js';
import type { Command } from '../../domain/shared/event.js';
import { jsonBytes, MAX_OBJECT_BYTES, MAX_OBJECT_SIZE_TEXT } from '../../domain/shared/object-size.js';
import type { EventToAppend } from '../ports/event-store.js';

/**
 * Refuses a command whose events would take more than an object may in the log: every write passes here, and the
 * log keeps each event forever. Kubernetes refuses such a write at etcd (`request is too large`, a 500).
 */
export function refuseOversizedChange(stream: string, commands: readonly Command[], events: readonly EventToAppend[]): void {
  const bytes = jsonBytes(events);
  if (bytes <= MAX_OBJECT_BYTES) return;
  throw new CommandRefused(
    'RequestEntityTooLarge',
    `${commands.map((c) => c.type).join(' and ')} would write ${bytes} bytes to ${stream}, more than the ${MAX_OBJECT_SIZE_TEXT} one object may take: make the object smaller`,
  );
}
