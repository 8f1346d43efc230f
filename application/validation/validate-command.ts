import { CommandRefused, invalid } from '../../domain/shared/errors.js';
import type { Command } from '../../domain/shared/event.js';
import { COMMAND_DTOS } from './command.dto.js';
import { validateDto } from './validate.js';

/** Checks a command's payload shape before anything is read or decided; a bad one is refused whole. */
export function validateCommand(command: Command): void {
  const dto = COMMAND_DTOS[command.type];
  if (!dto) throw new CommandRefused('BadRequest', `unknown command type "${command.type}": known types are ${Object.keys(COMMAND_DTOS).join(', ')}`);
  const { causes } = validateDto(dto, command.data);
  if (causes.length === 0) return;
  const data = command.data as { name?: unknown; registration?: { name?: unknown } };
  const name = String(data?.registration?.name ?? data?.name ?? '');
  throw invalid(command.type, name, causes.map((c) => ({ field: `data.${c.field}`, message: c.message })));
}
