import type { JobsOptions } from 'bullmq';

/** The kinds of queue the system runs: every worker is one of them, with the settings below. */
export type QueueKind = 'command' | 'event' | 'timer';

/** Queue behaviour in one table: attempts, backoff and retention for every job the system adds. */
export const QUEUE_DEFAULTS = {
  /**
   * A command is answered to a caller who is waiting: it runs at most once (the server claims it
   * before running it, see `request-claims.ts`), and its failure goes back to the caller. Kept an
   * hour after it finishes (a caller whose outcome was unknown can still read it), failed ones a
   * week, for inspection.
   */
  command: {
    attempts: 1,
    removeOnComplete: { age: 3600, count: 5_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  /**
   * An event is retried with exponential backoff (1 s, 2 s, 4 s ... about 4 minutes in all);
   * one that exhausts its attempts stays in the failed set (the dead letter) for 30 days.
   * Completed events are kept 7 days so that a re-publish of the same id is ignored.
   */
  event: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  /**
   * The trigger of a durable timer (the timer itself is a row, see `timers/`): retried with
   * backoff for about an hour when its handler fails.
   */
  timer: {
    attempts: 12,
    backoff: { type: 'exponential', delay: 1000 },
    // Capped in number too: a timer planned again and again (a webhook held back while its
    // endpoint is busy) must not fill Redis; the row, not the job, is the record.
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
} as const satisfies Record<QueueKind, JobsOptions>;

export interface WorkerSettings {
  /** Jobs one worker runs at once. */
  concurrency: number;
  /**
   * How long a worker's lock on a job lasts without renewal (renewed every half of it). A job
   * whose worker died is taken again once its lock has expired and a stall check has seen it:
   * within lockDuration + stalledInterval of the crash.
   */
  lockDuration: number;
  /** How often workers look for jobs whose lock expired (stalled jobs). */
  stalledInterval: number;
  /**
   * How often a job may stall (its worker crashed) before BullMQ fails it. High: a crash must
   * never fail a job; whether running it again is safe is the job's own business (it re-reads
   * its row, and commands are claimed before they run).
   */
  maxStalledCount: number;
}

const RESILIENT = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 1_000 };

/** Worker settings per kind of queue: every worker is started with these (see `JobRunner`). */
export const WORKER_DEFAULTS: Record<QueueKind, WorkerSettings> = {
  command: { concurrency: 16, ...RESILIENT },
  // Events handled at once share inbox transactions (`inbox.ts`): many wait on one commit, not a connection each.
  event: { concurrency: 64, ...RESILIENT },
  timer: { concurrency: 4, ...RESILIENT },
};

/** Entries each queue's events stream keeps (replies travel through it: see `reply-store.ts`). */
export const EVENTS_STREAM_MAX_LEN = 2_000;

export const REQUEST_DEFAULTS = {
  /** How long a caller waits for a reply before giving up. */
  timeoutMs: 5000,
  /**
   * How much longer a caller waits when the handler had already started when its time ran out:
   * the work is under way and its answer is near, so waiting beats an unknown outcome.
   */
  graceMs: 10_000,
  /** How long the answer of a request whose outcome the caller does not know is still awaited. */
  outcomeWaitMs: 10 * 60_000,
};

export const QUERY_DEFAULTS = {
  /** Queries one replica answers at once (they share its Postgres pool with its jobs). */
  concurrency: 16,
};
