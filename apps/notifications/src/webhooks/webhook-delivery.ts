import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { signatureHeader } from '@jcg/contracts';
import { Timers, qualified, type DueTimer } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { postWebhook, type WebhookResponse } from './http/post-webhook.js';
import { resolveTarget } from './http/resolve-target.js';
import { EndpointSlots } from './endpoint-slots.js';
import { attemptTimerKey, replayTimerKey, signingSecrets, type EndpointRow, type MessageRow } from './endpoint-row.js';
import { isGone, isSuccess, nextAttemptDelay } from './retry-schedule.js';
import { WebhookEndpoints } from './webhook-endpoints.service.js';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhook-options.js';

export const ATTEMPT_TIMER = 'webhook.attempt';
export const REPLAY_TIMER = 'webhook.replay';
/** Beyond an attempt's time limit, how long its claim on the message lasts (DNS, the database). */
const LEASE_MARGIN_MS = 5000;
/** An attempt held back while its endpoint is busy waits 200 ms, doubled each time, at most 30 s. */
const DEFER_BASE_MS = 200;
const DEFER_MAX_MS = 30_000;
/** How long an attempt waits for a busy endpoint's slot before it is planned again (see EndpointSlots). */
const SLOT_WAIT_MS = 1000;
/** Attempts that may wait for one of an endpoint's slots, per slot. */
const SLOT_WAITERS_PER_SLOT = 3;

interface AttemptPayload {
  endpointId: string;
  messageId: string;
}

interface AttemptResult {
  number: number;
  outcome: 'succeeded' | 'failed' | 'timed-out' | 'refused';
  response: WebhookResponse | null;
  error: string | null;
  startedAt: Date;
  /**
   * Writes the attempt's outcome and lets go of the message, in the transaction that also
   * settles it: a process that dies before that commit leaves the attempt `sending` (then
   * `interrupted`), never a finished attempt beside a message still to send.
   */
  record: (manager: EntityManager) => Promise<void>;
}

/** Why an attempt could not start. */
type NotClaimed = { busyUntil: Date } | { gone: true };

/**
 * Delivers webhook messages. Each message's next attempt is a durable timer (kind
 * `webhook.attempt`); a replay is one timer per endpoint (`webhook.replay`) that sends the
 * replayed messages one by one in event order. Before a request goes out, the message is
 * claimed in Postgres (a lease as long as the attempt may take) together with the attempt's
 * row: two workers never send one message at once, whatever Redis or a replay does. A process
 * killed during an attempt leaves it `sending`; once its lease is over, the next attempt marks it
 * `interrupted` (the receiver may have it) and sends again with the same webhook-id.
 */
@Injectable()
export class WebhookDelivery implements OnModuleInit {
  private readonly logger = new Logger(WebhookDelivery.name);
  private readonly slots: EndpointSlots;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
    private readonly timers: Timers,
    private readonly endpoints: WebhookEndpoints,
  ) {
    this.slots = new EndpointSlots(
      options.maxInFlightPerEndpoint,
      SLOT_WAIT_MS,
      options.maxInFlightPerEndpoint * SLOT_WAITERS_PER_SLOT,
    );
  }

  onModuleInit(): void {
    this.timers.handle<AttemptPayload>(ATTEMPT_TIMER, (timer) => this.onAttemptDue(timer));
    this.timers.handle<{ endpointId: string }>(REPLAY_TIMER, (timer) => this.onReplayDue(timer));
  }

  /** Plans a message's next attempt (its first: now) in the caller's transaction. */
  async planAttempt(
    manager: EntityManager,
    endpointId: string,
    messageId: string,
    dueAt = this.clock.now(),
  ): Promise<void> {
    await this.timers.schedule(manager, {
      key: attemptTimerKey(endpointId, messageId),
      kind: ATTEMPT_TIMER,
      dueAt,
      payload: { endpointId, messageId },
    });
  }

  /** Starts (or restarts) the replay of an endpoint's messages marked for it. */
  async planReplay(manager: EntityManager, endpointId: string, dueAt = this.clock.now()): Promise<void> {
    await this.timers.schedule(manager, {
      key: replayTimerKey(endpointId),
      kind: REPLAY_TIMER,
      dueAt,
      payload: { endpointId },
    });
  }

  private async onAttemptDue(timer: DueTimer<AttemptPayload>): Promise<string> {
    const { endpointId, messageId } = timer.payload;
    const endpoint = await this.endpoints.find(this.dataSource.manager, endpointId);
    if (!endpoint) return 'stale: the endpoint is gone';
    if (!endpoint.enabled) {
      // Made as the endpoint was being disabled: failed like the others, for a replay.
      await this.dataSource.query(
        `UPDATE ${this.table('webhook_messages')} SET status = 'failed', finished_at = $2, last_error = 'endpoint disabled'
          WHERE id = $1 AND status = 'pending' AND NOT replaying`,
        [messageId, this.clock.now()],
      );
      return 'skipped: endpoint disabled';
    }
    if (!(await this.slots.acquire(endpointId))) return this.defer(timer, endpointId, messageId);
    let result: AttemptResult;
    try {
      const claimed = await this.claim(messageId, 'scheduled');
      if ('gone' in claimed) return 'skipped: the message is no longer to send';
      if ('busyUntil' in claimed) {
        // Another worker has it (or had it and died): look again when its lease is over.
        await this.dataSource.transaction((manager) =>
          this.planAttempt(manager, endpointId, messageId, new Date(claimed.busyUntil.getTime() + 100)),
        );
        return 'deferred: being sent';
      }
      result = await this.send(endpoint, claimed.message, claimed.number);
    } finally {
      this.slots.release(endpointId);
    }
    let recovered = false;
    const label = await this.dataSource.transaction(async (manager) => {
      // The endpoint first, then the message: the order every writer of both takes. A success
      // changes nothing of the endpoint but its failing mark (cleared after the commit, below):
      // a share lock, so that the attempts to one endpoint settle side by side; a failure may
      // disable it, under the update lock.
      const succeeded = result.outcome === 'succeeded';
      const current = await this.endpoints.find(manager, endpointId, succeeded ? 'share' : 'update');
      const message = await this.lockMessage(manager, messageId);
      await result.record(manager);
      const settled = await timer.settle(manager, `attempt ${result.number}: ${result.outcome}`);
      const label = `attempt ${result.number}: ${result.outcome}`;
      // Disabled, replayed or deleted meanwhile: the log has the attempt, the rest is theirs.
      if (!current || !message || !settled || message.status !== 'pending' || message.replaying) {
        return `${label} (the message moved on meanwhile)`;
      }
      if (succeeded) {
        await this.finish(manager, messageId, 'succeeded', null);
        recovered = current.failing_since !== null;
        return label;
      }
      const error = result.error ?? 'failed';
      if (isGone(result.response?.status ?? null)) {
        await this.finish(manager, messageId, 'failed', error);
        if (current.enabled)
          await this.endpoints.disable(manager, current, 'the receiver answered 410 Gone', { notify: true });
        return `${label}, 410 Gone: endpoint disabled`;
      }
      const failingSince = await this.markFailing(manager, current, result.startedAt);
      const delay = nextAttemptDelay({
        attemptsMade: result.number,
        scheduleMs: this.options.retryScheduleMs,
        jitter: this.options.jitter,
        retryAfterMs: result.response?.retryAfterMs ?? null,
      });
      if (delay === null) await this.finish(manager, messageId, 'failed', error);
      const now = this.clock.now();
      if (current.enabled && now.getTime() - failingSince.getTime() >= this.options.disableAfterMs) {
        const days = ((now.getTime() - failingSince.getTime()) / 86_400_000).toFixed(1);
        await this.endpoints.disable(
          manager,
          { ...current, failing_since: failingSince },
          `every attempt failed for ${days} days`,
          { notify: true },
        );
        return `${label}, endpoint disabled`;
      }
      if (delay === null) return `${label}, schedule spent`;
      const dueAt = new Date(now.getTime() + delay);
      await manager.query(
        `UPDATE ${this.table('webhook_messages', manager)} SET next_attempt_at = $2, last_error = $3 WHERE id = $1`,
        [messageId, dueAt, error.slice(0, 1000)],
      );
      await this.planAttempt(manager, endpointId, messageId, dueAt);
      return `${label}, next in ${delay} ms`;
    });
    // Failing no more, unless an attempt that started after this one failed since.
    if (recovered) await this.markHealthy(endpointId, result.startedAt);
    return label;
  }

  /**
   * Sends an endpoint's replayed messages one at a time, oldest event first, and stops at the
   * first that fails (it and those after it stay failed, to replay again later). One replay of an
   * endpoint runs at a time, across processes: it holds a lease on the endpoint while it works.
   */
  private async onReplayDue(timer: DueTimer<{ endpointId: string }>): Promise<string> {
    const { endpointId } = timer.payload;
    const lease = () => new Date(this.clock.now().getTime() + this.options.timeoutMs + LEASE_MARGIN_MS);
    const [[taken]] = await this.dataSource.query<[{ replay_requests: number }[], number]>(
      `UPDATE ${this.table('webhook_endpoints')} SET replay_until = $2
        WHERE id = $1 AND (replay_until IS NULL OR replay_until < $3) RETURNING replay_requests`,
      [endpointId, lease(), this.clock.now()],
    );
    if (!taken) {
      const endpoint = await this.endpoints.find(this.dataSource.manager, endpointId);
      if (!endpoint) return 'stale: the endpoint is gone';
      await this.dataSource.transaction((manager) =>
        this.planReplay(manager, endpointId, new Date((endpoint.replay_until ?? this.clock.now()).getTime() + 100)),
      );
      return 'deferred: a replay of this endpoint is under way';
    }
    let sent = 0;
    try {
      for (;;) {
        const endpoint = await this.endpoints.find(this.dataSource.manager, endpointId);
        const [next] = await this.dataSource.query<{ id: string }[]>(
          `SELECT id FROM ${this.table('webhook_messages')} WHERE endpoint_id = $1 AND replaying AND status = 'pending'
            ORDER BY occurred_at, event_id LIMIT 1`,
          [endpointId],
        );
        if (!next || !endpoint) return `replayed ${sent}`;
        if (!endpoint.enabled)
          return await this.stopReplay(endpointId, taken.replay_requests, sent, 'endpoint disabled');
        await this.dataSource.query(`UPDATE ${this.table('webhook_endpoints')} SET replay_until = $2 WHERE id = $1`, [
          endpointId,
          lease(),
        ]);
        const claimed = await this.claim(next.id, 'replay');
        if ('gone' in claimed) continue;
        if ('busyUntil' in claimed) {
          // A scheduled attempt of it is still out: the replay goes on once its lease is over.
          await this.dataSource.transaction((manager) =>
            this.planReplay(manager, endpointId, new Date(claimed.busyUntil.getTime() + 100)),
          );
          return `replayed ${sent}, waiting for message ${next.id}`;
        }
        const result = await this.withSlot(endpointId, () => this.send(endpoint, claimed.message, claimed.number));
        const stop = await this.dataSource.transaction(async (manager) => {
          const current = await this.endpoints.find(manager, endpointId, 'update');
          await this.lockMessage(manager, next.id);
          await result.record(manager);
          if (result.outcome === 'succeeded') {
            await this.finish(manager, next.id, 'succeeded', null);
            await manager.query(
              `UPDATE ${this.table('webhook_endpoints', manager)} SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
              [endpointId],
            );
            return null;
          }
          await this.finish(manager, next.id, 'failed', result.error);
          if (current && current.enabled && isGone(result.response?.status ?? null)) {
            await this.endpoints.disable(manager, current, 'the receiver answered 410 Gone', { notify: true });
          } else if (current) {
            await this.markFailing(manager, current, result.startedAt);
          }
          return `message ${next.id}: ${result.error ?? result.outcome}`;
        });
        if (stop) return await this.stopReplay(endpointId, taken.replay_requests, sent, stop);
        sent += 1;
      }
    } finally {
      await this.dataSource.query(`UPDATE ${this.table('webhook_endpoints')} SET replay_until = NULL WHERE id = $1`, [
        endpointId,
      ]);
    }
  }

  /**
   * The replay stops: what it had still to send is failed again, unless another replay was asked
   * for meanwhile (its timer carries on with them).
   */
  private async stopReplay(endpointId: string, requestsAtStart: number, sent: number, why: string): Promise<string> {
    await this.dataSource.query(
      `UPDATE ${this.table('webhook_messages')} m SET status = 'failed', replaying = false, finished_at = $2
        FROM ${this.table('webhook_endpoints')} e
        WHERE m.endpoint_id = $1 AND e.id = m.endpoint_id AND m.replaying AND m.status = 'pending'
          AND e.replay_requests = $3`,
      [endpointId, this.clock.now(), requestsAtStart],
    );
    return `replayed ${sent}, stopped at ${why}`.slice(0, 500);
  }

  /** Held back: the endpoint has enough attempts out. The wait doubles each time (with jitter). */
  private async defer(timer: DueTimer<AttemptPayload>, endpointId: string, messageId: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [[row]] = await manager.query<[{ deferrals: number }[], number]>(
        `UPDATE ${this.table('webhook_messages', manager)} SET deferrals = deferrals + 1 WHERE id = $1 RETURNING deferrals`,
        [messageId],
      );
      if (!row) return 'stale: the message is gone';
      const wait = Math.min(DEFER_BASE_MS * 2 ** Math.min(row.deferrals - 1, 10), DEFER_MAX_MS) * (0.5 + Math.random());
      await timer.settle(manager, 'deferred: endpoint busy');
      await this.planAttempt(manager, endpointId, messageId, new Date(this.clock.now().getTime() + wait));
      return 'deferred: endpoint busy';
    });
  }

  /**
   * Claims the message for one attempt: it must still be to send (by the schedule, or by a
   * replay), and nobody else's attempt may be out. An attempt left `sending` by a process that
   * died is marked `interrupted` first. The attempt's row is written in the same transaction.
   */
  private async claim(
    messageId: string,
    trigger: 'scheduled' | 'replay',
  ): Promise<{ message: MessageRow; number: number } | NotClaimed> {
    return this.dataSource.transaction(async (manager) => {
      const message = await this.lockMessage(manager, messageId);
      const now = this.clock.now();
      if (!message || message.status !== 'pending' || message.replaying !== (trigger === 'replay'))
        return { gone: true };
      if (message.sending_until && message.sending_until > now) return { busyUntil: message.sending_until };
      const attempts = this.table('webhook_attempts', manager);
      if (message.sending_until) {
        // An attempt was under way and its lease is over: its process stopped.
        await manager.query(
          `UPDATE ${attempts} SET outcome = 'interrupted', error = 'the process stopped during the attempt; the receiver may have it'
            WHERE message_id = $1 AND outcome = 'sending'`,
          [messageId],
        );
      }
      const number = message.attempts + 1;
      await manager.query(
        `UPDATE ${this.table('webhook_messages', manager)} SET attempts = $2, sending_until = $3, deferrals = 0 WHERE id = $1`,
        [messageId, number, new Date(now.getTime() + this.options.timeoutMs + LEASE_MARGIN_MS)],
      );
      await manager.query(
        `INSERT INTO ${attempts} (message_id, number, trigger, started_at, outcome) VALUES ($1, $2, $3, $4, 'sending')`,
        [messageId, number, trigger, now],
      );
      return { message, number };
    });
  }

  /**
   * One attempt: the target checked again (DNS may have changed since the endpoint was
   * registered), the request signed with a fresh timestamp and sent. Never throws for what the
   * receiver does.
   */
  private async send(endpoint: EndpointRow, message: MessageRow, number: number): Promise<AttemptResult> {
    const startedAt = this.clock.now();
    const url = new URL(endpoint.url);
    const target = await resolveTarget(url, { allowLoopback: this.options.allowLoopback });
    let response: WebhookResponse | null = null;
    let outcome: AttemptResult['outcome'];
    let error: string | null;
    if (!target.ok) {
      outcome = 'refused';
      error = `not sent: ${target.reason}`;
    } else {
      const timestamp = Math.floor(this.clock.now().getTime() / 1000);
      response = await postWebhook({
        url,
        address: target.address,
        family: target.family,
        headers: {
          'webhook-id': message.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(
            signingSecrets(endpoint, this.clock.now()),
            message.id,
            timestamp,
            message.body,
          ),
        },
        body: message.body,
        timeoutMs: this.options.timeoutMs,
      });
      outcome = isSuccess(response.status) ? 'succeeded' : response.timedOut ? 'timed-out' : 'failed';
      error =
        outcome === 'succeeded'
          ? null
          : (response.error ?? (response.status !== null ? `the receiver answered ${response.status}` : 'no answer'));
    }
    const record = async (manager: EntityManager): Promise<void> => {
      await manager.query(
        `UPDATE ${this.table('webhook_attempts', manager)} SET outcome = $3, duration_ms = $4, status_code = $5,
           response = $6, error = $7 WHERE message_id = $1 AND number = $2 AND outcome = 'sending'`,
        [
          message.id,
          number,
          outcome,
          response ? Math.round(response.durationMs) : 0,
          response?.status ?? null,
          response?.responseExcerpt ?? null,
          error?.slice(0, 1000) ?? null,
        ],
      );
      await manager.query(
        `UPDATE ${this.table('webhook_messages', manager)} SET sending_until = NULL WHERE id = $1 AND attempts = $2`,
        [message.id, number],
      );
    };
    if (outcome !== 'succeeded')
      this.logger.warn(`Webhook ${message.id} to ${endpoint.url}, attempt ${number}: ${error}`);
    return { number, outcome, response, error, startedAt, record };
  }

  private async withSlot<T>(endpointId: string, run: () => Promise<T>): Promise<T> {
    this.slots.take(endpointId);
    try {
      return await run();
    } finally {
      this.slots.release(endpointId);
    }
  }

  private async lockMessage(manager: EntityManager, messageId: string): Promise<MessageRow | undefined> {
    const [row] = await manager.query<MessageRow[]>(
      `SELECT * FROM ${this.table('webhook_messages', manager)} WHERE id = $1 FOR UPDATE`,
      [messageId],
    );
    return row;
  }

  private async finish(
    manager: EntityManager,
    messageId: string,
    status: 'succeeded' | 'failed',
    error: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.table('webhook_messages', manager)} SET status = $2, replaying = false, next_attempt_at = NULL,
         finished_at = $3, last_error = $4 WHERE id = $1`,
      [messageId, status, this.clock.now(), error?.slice(0, 1000) ?? null],
    );
  }

  /** Since when every attempt to the endpoint failed (this one's start, when it is the first). */
  private async markFailing(manager: EntityManager, endpoint: EndpointRow, startedAt: Date): Promise<Date> {
    const since = endpoint.failing_since ?? startedAt;
    if (!endpoint.failing_since) {
      await manager.query(
        `UPDATE ${this.table('webhook_endpoints', manager)} SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL`,
        [endpoint.id, since],
      );
    }
    return since;
  }

  private async markHealthy(endpointId: string, succeededAttemptStart: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table('webhook_endpoints')} SET failing_since = NULL
        WHERE id = $1 AND failing_since IS NOT NULL AND failing_since <= $2`,
      [endpointId, succeededAttemptStart],
    );
  }

  private table(name: string, manager: EntityManager = this.dataSource.manager): string {
    return qualified(manager, name);
  }
}
