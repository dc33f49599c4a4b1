import type { Redis } from 'ioredis';

/**
 * A command's answer travels back in its job, and a job's answer is copied into the queue's
 * events stream that every caller reads. Answers larger than this go through a key of their
 * own, read once by the caller and expiring soon, so that job hashes and the stream stay small.
 */
export const REPLY_INLINE_LIMIT = 16 * 1024;
const REPLY_TTL_MS = 5 * 60_000;

export class ReplyStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (jobId: string) => string,
  ) {}

  /** Returns the value itself when small, else stores it and returns a reference to it. */
  async put(jobId: string, value: unknown): Promise<{ value: unknown } | { ref: string }> {
    const text = JSON.stringify(value ?? null);
    if (text.length <= REPLY_INLINE_LIMIT) return { value };
    const ref = this.keyOf(jobId);
    await this.redis.set(ref, text, 'PX', REPLY_TTL_MS);
    return { ref };
  }

  /** Reads (and deletes) a stored answer. */
  async take(ref: string): Promise<unknown> {
    const text = await this.redis.getdel(ref);
    if (text === null) throw new Error(`The answer stored at ${ref} is gone (it expired, or Redis lost it)`);
    return JSON.parse(text) as unknown;
  }
}
