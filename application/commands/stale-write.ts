import { CommandRefused } from '../../domain/shared/errors.js';

/**
 * A command whose sender decided on a version of the stream that is no longer its last: someone else wrote
 * first. Nothing was appended; the sender may read again and decide again.
 */
export class StaleWrite extends CommandRefused {
  constructor(
    readonly stream: string,
    readonly expectedPosition: number,
    readonly actualPosition: number,
  ) {
    super('Conflict', `${stream} has changed since position ${expectedPosition} (it is at ${actualPosition}): read it again and retry`);
    this.name = 'StaleWrite';
  }
}
