import { Logger } from '@nestjs/common';

export interface PollingLoopOptions {
  /** Pause between rounds that found less than a full batch. */
  intervalMs: number;
  /** A round that handled this many goes on at once: more may be waiting. */
  batchSize: number;
}

/**
 * Runs `round` again and again: at once after a full batch, after `intervalMs` otherwise, and
 * after a failure (logged once until it works again). `stop()` waits for the round in flight.
 * The one way a service drains a table of its own onto a queue (the outbox, the deliveries).
 */
export class PollingLoop {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private failing = false;
  /** A wake-up came while a round ran: another round follows at once. */
  private again = false;

  constructor(
    private readonly name: string,
    private readonly round: () => Promise<number>,
    private readonly options: PollingLoopOptions,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /**
   * Runs a round now (something was just committed): at once when waiting, right after the round
   * in flight otherwise. Wake-ups while a round runs come to one more round.
   */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    this.again = false;
    let handled = 0;
    try {
      handled = await this.round();
      if (this.failing) this.logger.log(`${this.name} works again`);
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`${this.name} cannot work yet, will retry: ${(error as Error).message}`);
      this.failing = true;
    }
    this.schedule(handled >= this.options.batchSize || this.again ? 0 : this.options.intervalMs);
  }
}
