export type BackoffOptions = Readonly<{
  /** The delay before the second restart in a row; it doubles with each further crash. */
  baseMs: number;
  capMs: number;
  /** A run that lasted this long starts the count over. */
  resetAfterMs: number;
}>;

/** The kubelet's figures: 10 s doubling to 5 min, forgotten after 10 min of running. */
export const KUBERNETES_BACKOFF: BackoffOptions = { baseMs: 10_000, capMs: 300_000, resetAfterMs: 600_000 };

/**
 * The crash-loop back-off of one container, as the kubelet applies it: the first restart at once, then base,
 * doubling up to cap.
 */
export class RestartBackoff {
  private crashes = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** How long to wait before restarting a container whose last run lasted ranMs. */
  next(ranMs: number): number {
    if (ranMs >= this.options.resetAfterMs) this.crashes = 0;
    this.crashes += 1;
    if (this.crashes === 1) return 0;
    return Math.min(this.options.baseMs * 2 ** (this.crashes - 2), this.options.capMs);
  }
}
