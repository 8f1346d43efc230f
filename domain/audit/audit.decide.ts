import type { Decider } from '../shared/decider.js';
import { CommandRefused, invalid, type FieldCause } from '../shared/errors.js';
import type { Command, NewEvent } from '../shared/event.js';
import { evolveAudit, initialAuditState, type AuditEvent, type AuditState, type RefusalRecord } from './audit.js';

/** Sent by the API server alone (see authorize.ts): a request it refused, or a run of identical ones. */
export type RecordRefusal = Command<'RecordRefusal', RefusalRecord>;
/** Sent by the API server alone: refusals it did not record one by one, over its rate cap. */
export type RecordDroppedRefusals = Command<'RecordDroppedRefusals', { count: number; firstAt: string; lastAt: string }>;

export type AuditCommand = RecordRefusal | RecordDroppedRefusals;

type Decision = NewEvent<AuditEvent>[];
const KIND = 'AuditRecord';

function countProblems(count: number, firstAt: string, lastAt: string): FieldCause[] {
  return [
    ...(Number.isInteger(count) && count >= 1 ? [] : [{ field: 'count', message: 'must be a whole number ≥ 1' }]),
    ...(firstAt <= lastAt ? [] : [{ field: 'lastAt', message: 'must not come before firstAt' }]),
  ];
}

function refusal(record: RefusalRecord): Decision {
  const causes = [
    ...(record.actor ? [] : [{ field: 'actor', message: 'Required value' }]),
    ...(record.code >= 400 && record.code < 500 ? [] : [{ field: 'code', message: 'a refusal is a 4xx' }]),
    ...countProblems(record.count, record.firstAt, record.lastAt),
  ];
  if (causes.length > 0) throw invalid(KIND, record.actor, causes);
  return [{ type: 'RequestRefused', data: record }];
}

function dropped({ count, firstAt, lastAt }: RecordDroppedRefusals['data']): Decision {
  const causes = countProblems(count, firstAt, lastAt);
  if (causes.length > 0) throw invalid(KIND, 'dropped', causes);
  return [{ type: 'RefusalsDropped', data: { count, firstAt, lastAt } }];
}

export function decideAudit(command: AuditCommand, _state: AuditState): Decision {
  switch (command.type) {
    case 'RecordRefusal':
      return refusal(command.data);
    case 'RecordDroppedRefusals':
      return dropped(command.data);
    default: {
      const unknown: never = command;
      throw new CommandRefused('BadRequest', `unknown audit command ${(unknown as Command).type}`);
    }
  }
}

export const auditDecider: Decider<AuditState, AuditCommand, AuditEvent> = {
  decide: decideAudit,
  evolve: evolveAudit,
  initialState: initialAuditState,
};
