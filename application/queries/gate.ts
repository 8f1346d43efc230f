/**
 * Lets at most `size` pieces of work run at once; the others wait their turn, first come first served. For work that
 * holds much memory while it runs (a whole copy of the read models), so that many requests at once cost time, not
 * memory without bound.
 */
export class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`a gate lets at least one through, not ${size}`);
  }

  /** How many wait for their turn. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((turn) => this.waiting.push(turn));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
