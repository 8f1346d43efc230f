import { CommandRefused, type RefusalReason } from '../../domain/shared/errors.js';
import { MAX_FAILURE_MESSAGE } from '../../domain/shared/reconcile-failure.js';

/** Why one reconcile failed: `Failed<Command>` when a command was refused or could not be sent, else FailedReconcile. */
export type Failure = Readonly<{ reason: string; message: string; refusal?: RefusalReason }>;

/** Consecutive failures of a key after which the next failure is reported on its object as a Warning. */
export const WARN_AFTER = 5;

export function failureOf(error: unknown, command: string | undefined): Failure {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_FAILURE_MESSAGE);
  return { reason: command ? `Failed${command}` : 'FailedReconcile', message, ...(error instanceof CommandRefused ? { refusal: error.reason } : {}) };
}

export const sameFailure = (a: Failure, b: Failure) => a.reason === b.reason && a.message === b.message;

type Streak = { failures: number; reported?: Readonly<{ failure: Failure; atFailure: number }> };

/** Each failing key's consecutive failures, and the Warning last reported about them. A success ends the streak. */
export class FailureStreaks {
  private readonly streaks = new Map<string, Streak>();

  constructor(private readonly warnAfter = WARN_AFTER) {}

  /** Counts a failure; returns how many in a row the key has now failed. */
  failed(key: string): number {
    const streak = this.streaks.get(key) ?? { failures: 0 };
    streak.failures++;
    this.streaks.set(key, streak);
    return streak.failures;
  }

  succeeded(key: string): void {
    this.streaks.delete(key);
  }

  failuresOf(key: string): number {
    return this.streaks.get(key)?.failures ?? 0;
  }

  /**
   * From the `warnAfter`th failure in a row, a failure is reported unless it says what the last report said. A new
   * report waits `warnAfter` more failures, so that a message that changes on every try does not write on every try.
   */
  reportDue(key: string, failure: Failure): boolean {
    const streak = this.streaks.get(key);
    if (!streak || streak.failures < this.warnAfter) return false;
    const last = streak.reported;
    return !last || (!sameFailure(last.failure, failure) && streak.failures - last.atFailure >= this.warnAfter);
  }

  reported(key: string, failure: Failure): void {
    const streak = this.streaks.get(key);
    if (streak) streak.reported = { failure, atFailure: streak.failures };
  }
}
