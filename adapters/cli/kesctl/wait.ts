import { CliError } from './api-client.js';
import type { KesctlContext } from './context.js';

/** What `poll` throws when its time is up; each command words it as kubectl does. */
export class WaitTimeout extends Error {
  override name = 'WaitTimeout';
  constructor(readonly timeoutMs: number) {
    super('timed out waiting for the condition');
  }
}

/**
 * Calls `check` until it returns a value, sleeping `intervalMs` between calls. With `timeoutMs` > 0 it gives up
 * once that long has passed (the real time, or the time slept when sleeping is faked, whichever is more).
 */
export async function poll<T>(context: KesctlContext, intervalMs: number, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const started = performance.now();
  let slept = 0;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    const waited = Math.max(slept, performance.now() - started);
    if (timeoutMs > 0 && waited >= timeoutMs) throw new WaitTimeout(timeoutMs);
    const step = timeoutMs > 0 ? Math.max(1, Math.min(intervalMs, timeoutMs - waited)) : intervalMs;
    await context.sleep(step);
    slept += step;
  }
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration (`30s`, `1m30s`, `500ms`, `2h`, `0`), as kubectl's --timeout takes it, in milliseconds. */
export function parseDuration(text: string, flag: string): number {
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text)
    throw new CliError(`invalid argument "${text}" for "${flag}" flag: time: invalid duration "${text}" (use a unit, e.g. 30s, 5m, 1h)`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNITS[unit], 0);
}

/** Go's Duration.String: `500ms`, `30s`, `1m30s`, `2h0m0s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
