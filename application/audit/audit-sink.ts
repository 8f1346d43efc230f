import type { RefusalRecord } from '../../domain/audit/audit.js';
import type { Command } from '../../domain/shared/event.js';
import { API_SERVER } from '../commands/authorize.js';
import type { OneOrMore } from '../commands/handle-command.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import type { AuditSink } from './refusal-aggregator.js';

/** Audit records written as every other change is: commands the API server sends through the command handler. */
export function auditSink(handle: (commands: OneOrMore) => Promise<unknown>, ids: IdGenerator, clock: Clock): AuditSink {
  const send = (type: string, data: object) => handle({ type, data, metadata: { commandId: ids.newId(), actor: API_SERVER, at: clock.now() } } as Command);
  return {
    refused: (record: RefusalRecord) => send('RecordRefusal', record),
    dropped: (count, firstAt, lastAt) => send('RecordDroppedRefusals', { count, firstAt, lastAt }),
  };
}
