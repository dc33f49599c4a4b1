import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CommitSignal, GroupWriter, PollingLoop, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import type { EndpointRow, EndpointTarget } from './endpoint-row.js';
import { failureVerdict, isGone, nextAttemptDelay } from './retry-schedule.js';
import { LEASE_MARGIN_MS, WebhookDelivery, type AttemptResult } from './webhook-delivery.js';
import { WebhookEndpoints } from './webhook-endpoints.service.js';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhook-options.js';

/** Messages claimed at most per round. */
const BATCH = 100;
/**
 * How many slots' worth of messages may wait here per endpoint, claimed ahead of their turn: a
 * freed slot takes the next one with no round trip to Postgres, and each claim takes several
 * per endpoint. A waiting message starts within CLAIM_AHEAD time limits of its claim (the requests
 * ahead of it each end within theirs), so a lease is CLAIM_AHEAD + 1 time limits and a margin.
 */
export const CLAIM_AHEAD = 4;
/** How often the pump looks for work without being woken: retries another replica planned, its new messages. */
const POLL_MS = 500;
/** How long after a retry's due instant the pump wakes for it. */
const WAKE_LATE_MS = 5;
/** Retries due further away than this are left to the poll. */
const WAKE_HORIZON_MS = 60_000;
/** A settle that failed (Postgres away) is tried again after this long, while the attempts' leases last. */
const SETTLE_RETRY_MS = 1000;

/** A message claimed for one attempt, with what the attempt needs of its endpoint (read as it is claimed). */
interface Claimed extends EndpointTarget {
  id: string;
  endpoint_id: string;
  body: string;
  /** The attempt's number (the message's attempts, this one included). */
  attempts: number;
  /** Until when its lease lasts (ms): its claim's instant plus CLAIM_AHEAD + 1 attempts' time limits. */
  leaseUntil: number;
}

interface Sent {
  message: Claimed;
  result: AttemptResult;
}

/** What a settle found: endpoints failing no more (since when), retries planned (due, ms), endpoints it disabled. */
interface SettleOutcome {
  recovered: Map<string, Date>;
  retries: number[];
  disabled: string[];
}

/** What becomes of a message once its attempt is settled (`settle` false: the lease is let go, nothing else). */
interface MessageUpdate {
  id: string;
  number: number;
  settle: boolean;
  status: 'pending' | 'succeeded' | 'failed';
  nextAttemptAt: Date | null;
  finishedAt: Date | null;
  lastError: string | null;
}

/**
 * Sends the webhook messages that are due, in batches: the message row is the plan (pending, not
 * under replay, its next attempt due, no lease out), so there is no timer per message. Each round
 * claims in one statement up to a batch of due messages, oldest first, skipping rows another
 * replica is claiming: per endpoint, as many as fill its maxInFlightPerEndpoint slots and
 * CLAIM_AHEAD times as many to wait for a slot here (counting those this process already holds). Each gets a lease
 * and an attempt row (`sending`), and an attempt whose lease ran out (its process died) is marked
 * `interrupted` first. Requests go out at once, endpoints side by side, up to the endpoint's
 * slots; when a request is over, its slot goes to the endpoint's next waiting message at once,
 * with no round trip to Postgres, and the pump is woken to claim more. A waiting message starts
 * within CLAIM_AHEAD time limits of its claim (the requests ahead of it each end within theirs),
 * so its lease, one time limit more and a margin, lasts until its own request is over. The results are
 * settled in one transaction per group that finished close together (the outcome recorded, the
 * message finished or its next attempt set by the retry schedule, the endpoint marked failing or
 * disabled), so a slow receiver holds up only its own slots. Woken when this process commits new
 * messages, when a request is over, when one of its retries comes due, and every POLL_MS for the
 * rest. Messages still waiting when the process stops are handed back unsent (their claim undone).
 */
@Injectable()
export class WebhookPump implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookPump.name);
  private readonly loop = new PollingLoop('Webhook pump', () => this.round(), {
    intervalMs: POLL_MS,
    batchSize: BATCH,
  });
  /** Attempts whose request is out. */
  private readonly sending = new Set<Promise<void>>();
  /** Claimed messages waiting for a slot of their endpoint, in claim order. */
  private readonly waiting = new Map<string, Claimed[]>();
  /** Attempts whose request is over, settled a group at a time. */
  private readonly finished: GroupWriter<Sent, SettleOutcome>;
  /** When retries this process planned come due (ms, ascending), and the wake-up set for the first. */
  private dueTimes: number[] = [];
  private wake?: { at: number; timer: NodeJS.Timeout };
  private stopping = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
    private readonly delivery: WebhookDelivery,
    private readonly endpoints: WebhookEndpoints,
    signal: CommitSignal,
  ) {
    // The fan-out writes messages in the transactions of the events this process handles: send them at once.
    // Its polls keep their pace: they also find the attempts a crash left under an expired lease.
    this.loop.wakeOn(signal, { idleBackoff: false });
    this.finished = new GroupWriter<Sent, SettleOutcome>({
      write: (group) => this.settle(group),
      written: (_group, outcome) => this.afterSettle(outcome),
      failed: (group, error) => {
        // The attempts stay `sending` under their leases: settled on a later try, or, once a
        // lease runs out, marked `interrupted` and sent again by the next claim.
        const now = this.clock.now().getTime();
        this.logger.warn(`${group.length} webhook attempt(s) not settled yet: ${error.message}`);
        return this.stopping ? [] : group.filter((s) => s.message.leaseUntil > now + SETTLE_RETRY_MS);
      },
      retryMs: SETTLE_RETRY_MS,
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Stops claiming, then waits for the attempts out to finish and be settled (at most an attempt's time limit). */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.wake?.timer);
    await this.loop.stop();
    await this.handBack();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.timeoutMs + LEASE_MARGIN_MS);
    });
    const drained = (async () => {
      await Promise.allSettled([...this.sending]);
      await this.finished.drained();
    })();
    await Promise.race([drained, bound]);
    clearTimeout(timer);
  }

  private async round(): Promise<number> {
    const claimed = await this.claim();
    for (const message of claimed) {
      const queue = this.waiting.get(message.endpoint_id) ?? [];
      if (queue.length === 0) this.waiting.set(message.endpoint_id, queue);
      queue.push(message);
    }
    for (const endpointId of new Set(claimed.map((m) => m.endpoint_id))) this.dispatch(endpointId);
    return claimed.length;
  }

  /**
   * Sends the endpoint's waiting messages while it has free slots. One that could not finish
   * within its lease (it waited longer than the time limit: a replay held a slot, a lookup was
   * slow) is handed back instead, never sent under a lease that may run out.
   */
  private dispatch(endpointId: string): void {
    const queue = this.waiting.get(endpointId);
    const late: Claimed[] = [];
    while (
      !this.stopping &&
      queue &&
      queue.length > 0 &&
      this.delivery.slots.inUse(endpointId) < this.slotsPerEndpoint
    ) {
      const message = queue.shift()!;
      if (message.leaseUntil < this.clock.now().getTime() + this.options.timeoutMs) {
        late.push(message);
        continue;
      }
      this.delivery.slots.take(endpointId);
      const attempt: Promise<void> = this.attempt(message).finally(() => this.sending.delete(attempt));
      this.sending.add(attempt);
    }
    if (queue?.length === 0) this.waiting.delete(endpointId);
    if (late.length > 0) void this.giveBack(late);
  }

  private get slotsPerEndpoint(): number {
    return this.options.maxInFlightPerEndpoint;
  }

  /** Messages held here per endpoint, sending or waiting. */
  private held(): [endpointId: string, count: number][] {
    const held = new Map(this.delivery.slots.busyEndpoints());
    for (const [endpointId, queue] of this.waiting) held.set(endpointId, (held.get(endpointId) ?? 0) + queue.length);
    return [...held];
  }

  /**
   * Undoes the claims of the messages still waiting (of these endpoints: all by default): their
   * attempt row removed, their attempt count and lease given back, so the next claim sends them
   * without calling them interrupted. If Postgres is away, their leases run out and they are sent
   * again all the same.
   */
  private handBack(endpointIds: Iterable<string> = [...this.waiting.keys()]): Promise<void> {
    const waiting: Claimed[] = [];
    for (const endpointId of endpointIds) {
      waiting.push(...(this.waiting.get(endpointId) ?? []));
      this.waiting.delete(endpointId);
    }
    return this.giveBack(waiting);
  }

  /** Undoes the claims of these messages, taken out of the waiting ones already. */
  private async giveBack(waiting: Claimed[]): Promise<void> {
    if (waiting.length === 0) return;
    const manager = this.dataSource.manager;
    await manager
      .query(
        `WITH back AS (
           SELECT * FROM unnest($1::uuid[], $2::int[]) AS b(id, number)
         ), removed AS (
           DELETE FROM ${qualified(manager, 'webhook_attempts')} a USING back b
            WHERE a.message_id = b.id AND a.number = b.number AND a.outcome = 'sending'
         )
         UPDATE ${qualified(manager, 'webhook_messages')} m SET attempts = m.attempts - 1, sending_until = NULL
           FROM back b WHERE m.id = b.id AND m.attempts = b.number`,
        [waiting.map((m) => m.id), waiting.map((m) => m.attempts)],
      )
      .catch((error: Error) => {
        this.logger.warn(`${waiting.length} waiting webhook message(s) left to their leases: ${error.message}`);
      });
  }

  /**
   * Claims due messages, in one statement (one transaction): per enabled endpoint, at most
   * CLAIM_AHEAD + 1 times `maxInFlightPerEndpoint` counting those this process holds, oldest due first, rows locked by
   * another claim skipped. Each gets its lease and its attempt's row; an attempt whose lease ran
   * out (its process stopped) is marked `interrupted`.
   */
  private async claim(): Promise<Claimed[]> {
    const manager = this.dataSource.manager;
    const m = qualified(manager, 'webhook_messages');
    const a = qualified(manager, 'webhook_attempts');
    const e = qualified(manager, 'webhook_endpoints');
    const now = this.clock.now();
    const busy = this.held();
    const leaseUntil = now.getTime() + (1 + CLAIM_AHEAD) * this.options.timeoutMs + LEASE_MARGIN_MS;
    const due = `m.status = 'pending' AND NOT m.replaying AND m.next_attempt_at <= $1
      AND (m.sending_until IS NULL OR m.sending_until < $1)`;
    const claimed = await manager.query<Omit<Claimed, 'leaseUntil'>[]>(
      `WITH busy AS (
         SELECT * FROM unnest($3::uuid[], $4::int[]) AS b(endpoint_id, n)
       ), due AS (
         SELECT d.id FROM ${e} e
           LEFT JOIN busy b ON b.endpoint_id = e.id
           CROSS JOIN LATERAL (
             SELECT m.id FROM ${m} m WHERE m.endpoint_id = e.id AND ${due}
              ORDER BY m.next_attempt_at, m.id LIMIT greatest($5 - coalesce(b.n, 0), 0)
           ) d
          WHERE e.enabled
       ), picked AS (
         SELECT m.id, m.sending_until FROM ${m} m WHERE m.id IN (SELECT id FROM due) AND ${due}
          ORDER BY m.next_attempt_at, m.id LIMIT $6
          FOR UPDATE SKIP LOCKED
       ), interrupted AS (
         UPDATE ${a} a SET outcome = 'interrupted', error = 'the process stopped during the attempt; the receiver may have it'
           FROM picked p WHERE a.message_id = p.id AND p.sending_until IS NOT NULL AND a.outcome = 'sending'
       ), claimed AS (
         UPDATE ${m} m SET attempts = m.attempts + 1, sending_until = $2, deferrals = 0
           FROM picked p WHERE m.id = p.id
         RETURNING m.id, m.endpoint_id, m.body, m.attempts
       ), recorded AS (
         INSERT INTO ${a} (message_id, number, trigger, started_at, outcome)
         SELECT id, attempts, 'scheduled', $1, 'sending' FROM claimed
       )
       SELECT c.*, e.url, e.secret, e.previous_secret, e.previous_secret_until
         FROM claimed c JOIN ${e} e ON e.id = c.endpoint_id`,
      [
        now,
        new Date(leaseUntil),
        busy.map(([id]) => id),
        busy.map(([, n]) => n),
        (1 + CLAIM_AHEAD) * this.slotsPerEndpoint,
        BATCH,
      ],
    );
    // Settled while the lease still holds with a second to spare, or left to the lease's end.
    return claimed.map((message) => ({ ...message, leaseUntil: leaseUntil - LEASE_MARGIN_MS }));
  }

  /**
   * One attempt. Its endpoint's slot is free again once the request is over: the message keeps
   * its lease until settled, so no claim takes it meanwhile, and the next messages of the
   * endpoint go out while this one is settled.
   */
  private async attempt(message: Claimed): Promise<void> {
    let result: AttemptResult;
    try {
      result = await this.delivery.send(message, message, message.attempts);
    } catch (error) {
      // Not the receiver's doing: the attempt stays `sending` until its lease runs out, then it is sent again.
      this.logger.error(`Webhook ${message.id}, attempt ${message.attempts}: ${(error as Error).message}`);
      return;
    } finally {
      this.delivery.slots.release(message.endpoint_id);
      this.dispatch(message.endpoint_id);
      // More claimed when few are left waiting: each claim takes several, and the ones left cover its round trip.
      if ((this.waiting.get(message.endpoint_id)?.length ?? 0) <= (CLAIM_AHEAD * this.slotsPerEndpoint) / 2)
        this.loop.wake();
    }
    this.finished.push({ message, result });
  }

  /** What follows a settle: the disabled endpoints' waiting messages handed back, recoveries marked, retries woken for. */
  private async afterSettle(outcome: SettleOutcome): Promise<void> {
    // Their pending messages were failed with them: those waiting here are not sent (taken out at once).
    const handedBack = this.handBack(outcome.disabled);
    // Failing no more, unless an attempt that started after the success failed since.
    for (const [endpointId, startedAt] of outcome.recovered) {
      await this.delivery.markHealthy(endpointId, startedAt).catch((error: Error) => {
        this.logger.warn(`Endpoint ${endpointId} still marked failing: ${error.message}`);
      });
    }
    for (const due of outcome.retries) this.wakeAt(due);
    await handedBack;
  }

  /**
   * One transaction for a group of finished attempts. The endpoints first, in id order, then the
   * messages, in id order: the order every writer of both takes. An endpoint only with successes
   * is share-locked (a success changes nothing of it but its failing mark, cleared after the
   * commit), so attempts to one endpoint settle side by side across replicas; one with a failure
   * is locked for update, as it may be marked failing or disabled.
   */
  private async settle(group: Sent[]): Promise<SettleOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const endpoints = await this.lockEndpoints(manager, group);
      const messages = await this.lockMessages(manager, group);
      await this.recordAttempts(manager, group);
      const now = this.clock.now();
      const updates: MessageUpdate[] = [];
      const failingSince = new Map<string, Date>();
      const disable = new Map<string, { row: EndpointRow; reason: string }>();
      const recovered = new Map<string, Date>();
      const retries: number[] = [];
      const byStart = [...group].sort((x, y) => x.result.startedAt.getTime() - y.result.startedAt.getTime());
      for (const { message: claimed, result } of byStart) {
        const endpointId = claimed.endpoint_id;
        const endpoint = endpoints.get(endpointId);
        const message = messages.get(claimed.id);
        const update: MessageUpdate = {
          id: claimed.id,
          number: claimed.attempts,
          settle: false,
          status: 'pending',
          nextAttemptAt: null,
          finishedAt: null,
          lastError: null,
        };
        updates.push(update);
        // Disabled, replayed or deleted meanwhile (or in this very group): the log has the attempt, the rest is theirs.
        if (
          !endpoint ||
          !message ||
          message.status !== 'pending' ||
          message.replaying ||
          message.attempts !== claimed.attempts ||
          disable.has(endpointId)
        ) {
          continue;
        }
        update.settle = true;
        if (result.outcome === 'succeeded') {
          Object.assign(update, { status: 'succeeded', finishedAt: now });
          if (endpoint.failing_since !== null || failingSince.has(endpointId))
            recovered.set(endpointId, result.startedAt);
          continue;
        }
        const error = (result.error ?? 'failed').slice(0, 1000);
        const verdict = failureVerdict({
          status: result.response?.status ?? null,
          endpoint: { enabled: endpoint.enabled, failingSince: failingSince.get(endpointId) ?? endpoint.failing_since },
          startedAt: result.startedAt,
          now,
          disableAfterMs: this.options.disableAfterMs,
        });
        if (verdict.failingSince) failingSince.set(endpointId, verdict.failingSince);
        // Gone, or spent its schedule: failed for good. Otherwise tried again when the schedule says.
        const delay = isGone(result.response?.status ?? null)
          ? null
          : nextAttemptDelay({
              attemptsMade: claimed.attempts,
              scheduleMs: this.options.retryScheduleMs,
              jitter: this.options.jitter,
              retryAfterMs: result.response?.retryAfterMs ?? null,
            });
        if (delay === null) {
          Object.assign(update, { status: 'failed', finishedAt: now, lastError: error });
        } else {
          const due = now.getTime() + delay;
          Object.assign(update, { nextAttemptAt: new Date(due), lastError: error });
          retries.push(due);
        }
        // What it still had to send (this message's retry among them) is failed by the disabling.
        if (verdict.disable) {
          disable.set(endpointId, {
            row: { ...endpoint, failing_since: verdict.failingSince },
            reason: verdict.disable,
          });
        }
      }
      const e = qualified(manager, 'webhook_endpoints');
      for (const [endpointId, since] of failingSince) {
        if (endpoints.get(endpointId)?.failing_since) continue;
        await manager.query(`UPDATE ${e} SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL`, [
          endpointId,
          since,
        ]);
      }
      await this.updateMessages(manager, updates);
      for (const endpointId of [...disable.keys()].sort()) {
        const { row, reason } = disable.get(endpointId)!;
        await this.endpoints.disable(manager, row, reason, { notify: true });
      }
      return { recovered, retries, disabled: [...disable.keys()] };
    });
  }

  private async lockEndpoints(manager: EntityManager, group: Sent[]): Promise<Map<string, EndpointRow>> {
    const ids = [...new Set(group.map((s) => s.message.endpoint_id))].sort();
    const failing = new Set(group.filter((s) => s.result.outcome !== 'succeeded').map((s) => s.message.endpoint_id));
    const rows = new Map<string, EndpointRow>();
    // One statement per run of endpoints locked alike, so that the locks are taken in id order.
    for (let i = 0; i < ids.length;) {
      const update = failing.has(ids[i]);
      let j = i;
      while (j < ids.length && failing.has(ids[j]) === update) j++;
      const found = await manager.query<EndpointRow[]>(
        `SELECT * FROM ${qualified(manager, 'webhook_endpoints')} WHERE id = ANY($1::uuid[])
          ORDER BY id FOR ${update ? 'UPDATE' : 'SHARE'}`,
        [ids.slice(i, j)],
      );
      for (const row of found) rows.set(row.id, row);
      i = j;
    }
    return rows;
  }

  private async lockMessages(
    manager: EntityManager,
    group: Sent[],
  ): Promise<Map<string, { id: string; status: string; replaying: boolean; attempts: number }>> {
    const rows = await manager.query<{ id: string; status: string; replaying: boolean; attempts: number }[]>(
      `SELECT id, status, replaying, attempts FROM ${qualified(manager, 'webhook_messages')}
        WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [group.map((s) => s.message.id)],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Each attempt's outcome, as the receiver answered, and when its request started (a message may
   * have waited for a slot after its claim). An attempt already marked otherwise is left.
   */
  private async recordAttempts(manager: EntityManager, group: Sent[]): Promise<void> {
    await manager.query(
      `UPDATE ${qualified(manager, 'webhook_attempts')} a SET outcome = u.outcome, duration_ms = u.duration_ms,
         status_code = u.status_code, response = u.response, error = u.error, started_at = u.started_at
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::timestamptz[])
           AS u(message_id, number, outcome, duration_ms, status_code, response, error, started_at)
        WHERE a.message_id = u.message_id AND a.number = u.number AND a.outcome = 'sending'`,
      [
        group.map((s) => s.message.id),
        group.map((s) => s.message.attempts),
        group.map((s) => s.result.outcome),
        group.map((s) => (s.result.response ? Math.round(s.result.response.durationMs) : 0)),
        group.map((s) => s.result.response?.status ?? null),
        group.map((s) => s.result.response?.responseExcerpt ?? null),
        group.map((s) => s.result.error?.slice(0, 1000) ?? null),
        group.map((s) => s.result.startedAt),
      ],
    );
  }

  /** Lets go of each message's lease, and settles those still this attempt's. */
  private async updateMessages(manager: EntityManager, updates: MessageUpdate[]): Promise<void> {
    await manager.query(
      `UPDATE ${qualified(manager, 'webhook_messages')} m SET sending_until = NULL,
         status = CASE WHEN u.settle THEN u.status ELSE m.status END,
         replaying = CASE WHEN u.settle THEN false ELSE m.replaying END,
         next_attempt_at = CASE WHEN u.settle THEN u.next_attempt_at ELSE m.next_attempt_at END,
         finished_at = CASE WHEN u.settle THEN u.finished_at ELSE m.finished_at END,
         last_error = CASE WHEN u.settle THEN u.last_error ELSE m.last_error END
         FROM unnest($1::uuid[], $2::int[], $3::boolean[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[])
           AS u(id, number, settle, status, next_attempt_at, finished_at, last_error)
        WHERE m.id = u.id AND m.attempts = u.number`,
      [
        updates.map((u) => u.id),
        updates.map((u) => u.number),
        updates.map((u) => u.settle),
        updates.map((u) => u.status),
        updates.map((u) => u.nextAttemptAt),
        updates.map((u) => u.finishedAt),
        updates.map((u) => u.lastError),
      ],
    );
  }

  /**
   * Wakes the loop when a retry this process planned comes due, if that is soon (the poll finds
   * the others, and a retry minutes away need not be on time to the millisecond).
   */
  private wakeAt(dueMs: number): void {
    if (this.stopping || dueMs - this.clock.now().getTime() > WAKE_HORIZON_MS) return;
    const at = this.dueTimes.findIndex((t) => t > dueMs);
    this.dueTimes.splice(at < 0 ? this.dueTimes.length : at, 0, dueMs);
    this.armWake();
  }

  private armWake(): void {
    const next = this.dueTimes[0];
    if (next === undefined || this.stopping || this.wake?.at === next) return;
    clearTimeout(this.wake?.timer);
    const timer = setTimeout(
      () => {
        this.wake = undefined;
        const now = this.clock.now().getTime();
        this.dueTimes = this.dueTimes.filter((t) => t > now);
        this.loop.wake();
        this.armWake();
      },
      // A timer may fire a millisecond early by the clock: a little after, so that the message is due.
      Math.max(0, next - this.clock.now().getTime()) + WAKE_LATE_MS,
    );
    timer.unref();
    this.wake = { at: next, timer };
  }
}
