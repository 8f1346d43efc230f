/** Timers, so a component that waits can be driven by a fake clock in tests. */
export type TimerHandle = { cancel(): void };

export interface Timers {
  /** Calls `run` once after `ms` milliseconds; a pending call does not keep the process alive. */
  after(ms: number, run: () => void): TimerHandle;
}

/** The process' own timers. */
export const systemTimers: Timers = {
  after(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
