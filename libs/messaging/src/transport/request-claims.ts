import type { Redis } from 'ioredis';

/*
 * A request is claimed, not raced. Its caller writes a claim key `pending` that expires with the
 * caller's budget (in Redis' own clock, so no two machines' clocks are compared). The server
 * turns it `running` atomically before calling the handler; a caller whose time ran out turns it
 * `abandoned` the same way. Whoever comes first decides: the handler of an abandoned request
 * never runs, and a caller whose request is running knows its outcome is not "not done".
 */

const CLAIM_RUN = `
local state = redis.call('GET', KEYS[1])
if state == 'running' or state == 'done' then return -2 end
if state ~= 'pending' then return -1 end
local remaining = redis.call('PTTL', KEYS[1])
if remaining <= 0 then return -1 end
redis.call('SET', KEYS[1], 'running', 'PX', ARGV[1])
return remaining
`;

const CLAIM_ABANDON = `
local state = redis.call('GET', KEYS[1])
if state == 'running' or state == 'done' then return 0 end
redis.call('SET', KEYS[1], 'abandoned', 'PX', ARGV[1])
return 1
`;

/** How long a claim outlives its request once taken: longer than any handler may run. */
const CLAIM_KEEP_MS = 3600_000;

export type AbandonOutcome = 'abandoned' | 'running';

export class RequestClaims {
  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (jobId: string) => string,
  ) {}

  /** The caller: the request may run for `budgetMs` from now (Redis' clock). */
  async open(jobId: string, budgetMs: number): Promise<void> {
    await this.redis.set(this.keyOf(jobId), 'pending', 'PX', Math.max(1, Math.round(budgetMs)));
  }

  /**
   * The server: claims the request before running it. Returns the budget left (ms); `abandoned`
   * when the caller gave up (or its budget ran out): it was never run; `taken` when a worker
   * already started it (and died, or the job came twice): it may have been done.
   */
  async run(jobId: string): Promise<number | 'abandoned' | 'taken'> {
    const remaining = (await this.redis.eval(CLAIM_RUN, 1, this.keyOf(jobId), CLAIM_KEEP_MS)) as number;
    if (remaining === -2) return 'taken';
    return remaining > 0 ? remaining : 'abandoned';
  }

  /** The server: the handler finished (its answer is in the job). */
  async done(jobId: string): Promise<void> {
    await this.redis.set(this.keyOf(jobId), 'done', 'PX', CLAIM_KEEP_MS);
  }

  /** The caller: gives up, unless the server already claimed it. */
  async abandon(jobId: string): Promise<AbandonOutcome> {
    const won = (await this.redis.eval(CLAIM_ABANDON, 1, this.keyOf(jobId), CLAIM_KEEP_MS)) as number;
    return won === 1 ? 'abandoned' : 'running';
  }
}
