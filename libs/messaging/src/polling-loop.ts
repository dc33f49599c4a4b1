import { Logger } from '@nestjs/common';
import type { CommitSignal } from './commit-signal.js';

export interface PollingLoopOptions {
  /** Pause between rounds that found less than a full batch. */
  intervalMs: number;
  /** A round that handled this many goes on at once: more may be waiting. */
  batchSize: number;
  /**
   * How far the pause may grow while rounds find nothing: this many times `intervalMs` (1, the
   * default: it does not grow). For loops that this process wakes when it commits their work.
   */
  idleBackoff?: number;
}

/** The idle backoff of the loops woken on commit (the outbox, the timers, the mail): 200 ms -> 1 s. */
export const IDLE_BACKOFF = 5;

/**
 * The pause after a round: none after a full batch (more may be waiting); `intervalMs` after a
 * round that found work; doubled after each round that found nothing, up to `idleBackoff` times
 * `intervalMs`. Work this process commits wakes the loop at once whatever the pause; the polls
 * are for work nobody woke it for (another replica's, or a crash's leftovers), so an idle
 * service need not ask Postgres and Redis five times a second.
 */
export function nextPause(options: PollingLoopOptions, handled: number, previousPause: number): number {
  if (handled >= options.batchSize) return 0;
  if (handled > 0 || previousPause <= 0) return options.intervalMs;
  return Math.min(previousPause * 2, options.intervalMs * (options.idleBackoff ?? 1));
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
  /** The pause before the round now waiting (see nextPause). */
  private pause = 0;

  constructor(
    private readonly name: string,
    private readonly round: () => Promise<number>,
    private options: PollingLoopOptions,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /**
   * Runs a round at once whenever `signal` says this process committed work for the loop. Its
   * polls are then only for work nobody woke it for, so while idle the pause grows to
   * IDLE_BACKOFF times `intervalMs` (unless `idleBackoff` is false); with the signal off
   * (RELAY_WAKE_ON_COMMIT=0) the polls are all there is, and the pause stays.
   */
  wakeOn(signal: CommitSignal | undefined, { idleBackoff = true }: { idleBackoff?: boolean } = {}): void {
    if (!signal) return;
    signal.subscribe(() => this.wake());
    if (idleBackoff && signal.wakes) this.options = { ...this.options, idleBackoff: IDLE_BACKOFF };
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
    this.pause = 0;
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
    // A wake-up, or a failure, starts the pauses over from intervalMs.
    const woken = this.again;
    this.pause = woken ? 0 : nextPause(this.options, this.failing ? 1 : handled, this.pause);
    this.schedule(this.pause);
  }
}
