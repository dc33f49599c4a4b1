import type { EntityManager } from 'typeorm';
import { qualified } from '../outbox/outbox.js';

/** A timer as its handler sees it when it runs. */
export interface DueTimer<P = unknown> {
  key: string;
  kind: string;
  generation: number;
  dueAt: Date;
  payload: P;
  /** How late it runs (ms): a timer whose service was down runs late, and judges whether it still means something. */
  lateMs: number;
  /**
   * Marks the timer done within the handler's own transaction, so its effect and the mark commit
   * together: a crash cannot run the effect twice. Returns false when it was already done (the
   * handler then leaves its effect out).
   */
  settle: (manager: EntityManager, outcome: string) => Promise<boolean>;
}

/**
 * A timer handler re-reads the state it acts on and does nothing when that state has moved on.
 * It returns what it did (kept on the timer row, e.g. "announced", "skipped: already announced",
 * "too late: co-convenors told"); throwing retries it with backoff.
 */
export type TimerHandler<P = unknown> = (timer: DueTimer<P>) => Promise<string>;

export interface TimerPlan<P = unknown> {
  key: string;
  kind: string;
  dueAt: Date;
  payload: P;
}

/** The timers one subject (a meeting, an obligation) should have, all under its key prefix. */
export interface TimerSubject {
  prefix: string;
  wanted: TimerPlan[];
}

interface TimerRow {
  key: string;
  kind: string;
  generation: number;
  due_at: Date;
  payload: unknown;
  status: 'scheduled' | 'firing' | 'fired' | 'cancelled' | 'failed';
}

/** The job id of a timer's trigger: a new generation never collides with an old job kept in Redis. */
export function timerJobId(key: string, generation: number): string {
  // BullMQ job ids may not contain ":" (its key separator).
  return `${key.replaceAll(':', '/')}@${generation}`;
}

/**
 * Durable timers. A timer is a row (key, kind, due at, generation, payload) written with the
 * entity manager of the transaction that causes it, so it stands or falls with that change.
 * The timer runner triggers due rows through delayed BullMQ jobs and puts back any job Redis
 * lost. Rescheduling raises the generation: a trigger of an older generation finds nothing to do.
 */
export class Timers {
  private readonly handlers = new Map<string, TimerHandler>();

  /** Registers the handler of a kind of timer (at module init, before the runner starts). */
  handle<P>(kind: string, handler: TimerHandler<P>): void {
    if (this.handlers.has(kind)) throw new Error(`Two handlers for the timer kind "${kind}"`);
    this.handlers.set(kind, handler as TimerHandler);
  }

  handlerOf(kind: string): TimerHandler | undefined {
    return this.handlers.get(kind);
  }

  /**
   * Schedules (or moves) a timer. Unchanged when it is already planned for the same instant and
   * payload, whether it is still to come, firing, or already done: planning the same thing twice
   * never runs it twice.
   */
  async schedule<P>(manager: EntityManager, plan: TimerPlan<P>): Promise<void> {
    assertInTransaction(manager, plan.key);
    await this.plan(manager, [plan], []);
  }

  /**
   * Cancels a scheduled timer (its trigger, if it comes, finds nothing to do). A timer firing now
   * is left to finish: its own handler may well be what cancels the timers of its subject.
   */
  async cancel(manager: EntityManager, key: string): Promise<void> {
    assertInTransaction(manager, key);
    await manager.query(
      `UPDATE ${qualified(manager, 'timers')} SET status = 'cancelled', generation = generation + 1, updated_at = now()
        WHERE key = $1 AND status = 'scheduled'`,
      [key],
    );
  }

  /**
   * Brings every timer whose key starts with `prefix` in line with `wanted`: schedules or moves
   * the wanted ones (as `schedule` does each), cancels the others that are still scheduled.
   */
  async sync(manager: EntityManager, prefix: string, wanted: TimerPlan[]): Promise<void> {
    await this.syncAll(manager, [{ prefix, wanted }]);
  }

  /**
   * `sync` for many subjects in one statement, one round trip however many timers: a body
   * meeting's move re-plans the timers of hundreds of obligations in one transaction.
   */
  async syncAll(manager: EntityManager, subjects: TimerSubject[]): Promise<void> {
    if (subjects.length === 0) return;
    assertInTransaction(manager, subjects[0].prefix);
    for (const { prefix, wanted } of subjects) {
      if (prefix.length === 0) throw new Error('A timer prefix may not be empty');
      for (const plan of wanted)
        if (!plan.key.startsWith(prefix)) throw new Error(`Timer ${plan.key} is not under ${prefix}`);
    }
    await this.plan(
      manager,
      subjects.flatMap((s) => s.wanted),
      [...new Set(subjects.map((s) => s.prefix))],
    );
  }

  /** The timers under a key prefix (for tests and for what a service shows of its plans). */
  async list(
    manager: EntityManager,
    prefix: string,
  ): Promise<{ key: string; kind: string; dueAt: Date; status: string; outcome: string | null }[]> {
    const rows = await manager.query<(TimerRow & { outcome: string | null })[]>(
      `SELECT key, kind, due_at, status, outcome FROM ${qualified(manager, 'timers')} WHERE starts_with(key, $1) ORDER BY due_at, key`,
      [prefix],
    );
    return rows.map((r) => ({ key: r.key, kind: r.kind, dueAt: r.due_at, status: r.status, outcome: r.outcome }));
  }

  /**
   * One statement: upserts the wanted timers (left as they are when already planned for the same
   * instant, kind and payload) and cancels the other scheduled timers under the prefixes. Both
   * parts see the same snapshot and touch different rows.
   */
  private async plan(manager: EntityManager, wanted: TimerPlan[], prefixes: string[]): Promise<void> {
    const keys = wanted.map((plan) => plan.key);
    if (new Set(keys).size !== keys.length) throw new Error(`A timer planned twice in one plan: ${keys.join(', ')}`);
    const timers = qualified(manager, 'timers');
    // One prefix: a range of the key index. Many (a batch of subjects): one pass over the
    // scheduled timers, each key's prefix looked up in a hashed list, whatever the planner
    // believes of the table's size (a join on ranges would be planned as a scan per prefix
    // when its statistics are stale).
    const byLength = new Map<number, string[]>();
    for (const prefix of prefixes) byLength.set(prefix.length, [...(byLength.get(prefix.length) ?? []), prefix]);
    const underPrefixes =
      prefixes.length === 1
        ? 'starts_with(key, $5)'
        : [...byLength.keys()].map((length, i) => `left(key, ${length}) = ANY($${5 + i}::text[])`).join(' OR ');
    const cancelOthers = `UPDATE ${timers} SET status = 'cancelled', generation = generation + 1, updated_at = now()
        WHERE status = 'scheduled' AND (${underPrefixes}) AND NOT (key = ANY($1::text[]))`;
    await manager.query(
      `WITH wanted AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[]) AS w (key, kind, due_at, payload)
       ), planned AS (
         INSERT INTO ${timers} AS t (key, kind, generation, due_at, payload, status, updated_at)
         SELECT key, kind, 1, due_at, payload, 'scheduled', now() FROM wanted
         ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, generation = t.generation + 1, due_at = EXCLUDED.due_at,
           payload = EXCLUDED.payload, status = 'scheduled', enqueued_epoch = NULL, fired_at = NULL, outcome = NULL,
           updated_at = now()
         WHERE NOT (t.status <> 'cancelled' AND t.due_at = EXCLUDED.due_at AND t.payload = EXCLUDED.payload
                    AND t.kind = EXCLUDED.kind)
         RETURNING 1
       )
       ${prefixes.length === 0 ? 'SELECT count(*) FROM planned' : cancelOthers}`,
      [
        keys,
        wanted.map((plan) => plan.kind),
        wanted.map((plan) => plan.dueAt.toISOString()),
        wanted.map((plan) => JSON.stringify(plan.payload)),
        ...(prefixes.length === 1 ? prefixes : [...byLength.values()]),
      ],
    );
  }
}

function assertInTransaction(manager: EntityManager, key: string): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`Timer ${key}: a timer is written in the transaction of the change that causes it`);
  }
}
