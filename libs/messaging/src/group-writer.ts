export interface GroupWriterOptions<T, R> {
  /** Writes one group (one statement or transaction for all of it). */
  write: (group: T[]) => Promise<R>;
  /** After a group was written: what follows from it (wake-ups, logs), before the next group. */
  written?: (group: T[], result: R) => void | Promise<void>;
  /** The write failed: returns what is to be written on a later try; the rest is let go. */
  failed: (group: T[], error: Error) => T[];
  /** How long a failed write waits before its next try. */
  retryMs: number;
}

/**
 * Writes what accumulates a group at a time, one write under way at once: what is pushed during
 * a write goes in the next. The way the pumps record the results of their sends, one statement
 * per group that finished close together, however many finish at once.
 */
export class GroupWriter<T, R = void> {
  private queued: T[] = [];
  private writing = 0;
  private running?: Promise<void>;

  constructor(private readonly options: GroupWriterOptions<T, R>) {}

  push(item: T): void {
    this.queued.push(item);
    this.start();
  }

  /** What was pushed and is not written yet, the group being written included. */
  get size(): number {
    return this.queued.length + this.writing;
  }

  /** Resolves once nothing is being written or waits to be. */
  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  private start(): void {
    if (this.running) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
      // Pushed after the last look and before this: not left waiting for the next push.
      if (this.queued.length > 0) this.start();
    });
  }

  private async run(): Promise<void> {
    while (this.queued.length > 0) {
      const group = this.queued.splice(0);
      this.writing = group.length;
      let result: R;
      try {
        result = await this.options.write(group);
      } catch (error) {
        this.writing = 0;
        const again = this.options.failed(group, error as Error);
        this.queued.unshift(...again);
        if (again.length > 0) await new Promise((resolve) => setTimeout(resolve, this.options.retryMs));
        continue;
      }
      this.writing = 0;
      await this.options.written?.(group, result);
    }
  }
}
