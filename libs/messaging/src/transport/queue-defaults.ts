import type { JobsOptions } from 'bullmq';

/** Queue behaviour in one table: attempts, backoff and retention for every job the system adds. */
export const QUEUE_DEFAULTS = {
  /**
   * A command is answered to a caller who is waiting: it runs once, and its failure goes back to
   * the caller. Kept a day after it finishes, failed ones a week, for inspection.
   */
  command: {
    attempts: 1,
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
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
   * A unit of outbound work a service queues for itself (a message to send, a webhook to call):
   * retried with backoff for about an hour, kept when it fails for good.
   */
  work: {
    attempts: 12,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
} as const satisfies Record<string, JobsOptions>;

export const WORKER_DEFAULTS = {
  commandConcurrency: 16,
  eventConcurrency: 4,
  /** How long a caller waits for a reply before giving up. */
  requestTimeoutMs: 5000,
};
