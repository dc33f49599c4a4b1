import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Timers, qualified, type DueTimer } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { postWebhook, type WebhookResponse } from './http/post-webhook.js';
import { resolveTarget } from './http/resolve-target.js';
import { attemptTimerKey, replayTimerKey, signingSecrets, type EndpointRow, type MessageRow } from './endpoint-row.js';
import { isGone, isSuccess, nextAttemptDelay } from './retry-schedule.js';
import { signatureHeader } from './signature.js';
import { WebhookEndpoints } from './webhook-endpoints.service.js';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhook-options.js';

export const ATTEMPT_TIMER = 'webhook.attempt';
export const REPLAY_TIMER = 'webhook.replay';
/** An attempt held back because its endpoint has enough in flight waits this long. */
const DEFER_MS = 200;

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
   * Writes the attempt's outcome, in the transaction that also settles its message: a process
   * that dies before that commit leaves the attempt `sending` (then `interrupted`), never a
   * `succeeded` attempt beside a message still to send.
   */
  record: (manager: EntityManager) => Promise<void>;
}

/**
 * Delivers webhook messages. Each message's next attempt is a durable timer (kind
 * `webhook.attempt`); a replay is one timer per endpoint (`webhook.replay`) that sends the
 * replayed messages one by one in event order. Every attempt is a row written before the request
 * goes out and completed after, so a process killed during one leaves it `interrupted` in the
 * log: the receiver may have it, and gets it again (same webhook-id) on the next attempt.
 */
@Injectable()
export class WebhookDelivery implements OnModuleInit {
  private readonly logger = new Logger(WebhookDelivery.name);
  private readonly inFlight = new Map<string, number>();
  private readonly replaying = new Set<string>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
    private readonly timers: Timers,
    private readonly endpoints: WebhookEndpoints,
  ) {}

  onModuleInit(): void {
    this.timers.handle<AttemptPayload>(ATTEMPT_TIMER, (timer) => this.onAttemptDue(timer));
    this.timers.handle<{ endpointId: string }>(REPLAY_TIMER, (timer) => this.onReplayDue(timer));
  }

  /** Plans a message's first attempt, now (in the transaction that made the message). */
  async planFirstAttempt(manager: EntityManager, endpointId: string, messageId: string): Promise<void> {
    await this.timers.schedule(manager, {
      key: attemptTimerKey(endpointId, messageId),
      kind: ATTEMPT_TIMER,
      dueAt: this.clock.now(),
      payload: { endpointId, messageId },
    });
  }

  /** Starts (or restarts) the replay of an endpoint's messages marked for it. */
  async planReplay(manager: EntityManager, endpointId: string): Promise<void> {
    await this.timers.schedule(manager, {
      key: replayTimerKey(endpointId),
      kind: REPLAY_TIMER,
      dueAt: this.clock.now(),
      payload: { endpointId },
    });
  }

  private async onAttemptDue(timer: DueTimer<AttemptPayload>): Promise<string> {
    const { endpointId, messageId } = timer.payload;
    const [message] = await this.dataSource.query<MessageRow[]>(
      `SELECT * FROM ${this.table('webhook_messages')} WHERE id = $1`,
      [messageId],
    );
    if (!message) return 'stale: the message is gone';
    if (message.status !== 'pending' || message.replaying) return `skipped: ${message.status}`;
    const endpoint = await this.endpoints.row(this.dataSource.manager, endpointId).catch(() => null);
    if (!endpoint) return 'stale: the endpoint is gone';
    if (!endpoint.enabled) {
      await this.finish(this.dataSource.manager, messageId, 'failed', 'endpoint disabled');
      return 'skipped: endpoint disabled';
    }
    if ((this.inFlight.get(endpointId) ?? 0) >= this.options.maxInFlightPerEndpoint) {
      // Enough to this endpoint at once: a slow receiver must not take every worker.
      await this.dataSource.transaction((manager) =>
        this.timers.schedule(manager, {
          key: timer.key,
          kind: ATTEMPT_TIMER,
          dueAt: new Date(this.clock.now().getTime() + DEFER_MS),
          payload: timer.payload,
        }),
      );
      return 'deferred: endpoint busy';
    }
    const result = await this.withSlot(endpointId, () => this.attempt(endpoint, message, 'scheduled'));
    return this.dataSource.transaction(async (manager) => {
      await result.record(manager);
      const current = await this.endpoints.row(manager, endpointId, true);
      await timer.settle(manager, `attempt ${result.number}: ${result.outcome}`);
      if (result.outcome === 'succeeded') {
        await this.finish(manager, messageId, 'succeeded', null);
        await this.markHealthy(manager, endpointId);
        return `attempt ${result.number}: succeeded`;
      }
      const error = result.error ?? 'failed';
      if (isGone(result.response?.status ?? null)) {
        await this.finish(manager, messageId, 'failed', error);
        await this.endpoints.disable(manager, current, 'the receiver answered 410 Gone', { notify: true });
        return `attempt ${result.number}: 410 Gone, endpoint disabled`;
      }
      const failingSince = current.failing_since ?? result.startedAt;
      await manager.query(`UPDATE ${this.table('webhook_endpoints', manager)} SET failing_since = $2 WHERE id = $1`, [
        endpointId,
        failingSince,
      ]);
      const now = this.clock.now();
      const delay = nextAttemptDelay({
        attemptsMade: result.number,
        scheduleMs: this.options.retryScheduleMs,
        jitter: this.options.jitter,
        retryAfterMs: result.response?.retryAfterMs ?? null,
      });
      if (delay === null) await this.finish(manager, messageId, 'failed', error);
      if (current.enabled && now.getTime() - failingSince.getTime() >= this.options.disableAfterMs) {
        const days = Math.round((now.getTime() - failingSince.getTime()) / 36e5) / 24;
        await this.endpoints.disable(
          manager,
          { ...current, failing_since: failingSince },
          `every attempt failed for ${days} days`,
          {
            notify: true,
          },
        );
        return `attempt ${result.number}: ${result.outcome}, endpoint disabled`;
      }
      if (delay === null) return `attempt ${result.number}: ${result.outcome}, schedule spent`;
      const dueAt = new Date(now.getTime() + delay);
      await manager.query(
        `UPDATE ${this.table('webhook_messages', manager)} SET next_attempt_at = $2, last_error = $3 WHERE id = $1`,
        [messageId, dueAt, error.slice(0, 1000)],
      );
      await this.timers.schedule(manager, { key: timer.key, kind: ATTEMPT_TIMER, dueAt, payload: timer.payload });
      return `attempt ${result.number}: ${result.outcome}, next in ${delay} ms`;
    });
  }

  /**
   * Sends an endpoint's replayed messages one at a time, oldest event first, and stops at the
   * first that fails (it and those after it stay failed, to replay again later).
   */
  private async onReplayDue(timer: DueTimer<{ endpointId: string }>): Promise<string> {
    const { endpointId } = timer.payload;
    if (this.replaying.has(endpointId)) {
      await this.dataSource.transaction((manager) =>
        this.timers.schedule(manager, {
          key: timer.key,
          kind: REPLAY_TIMER,
          dueAt: new Date(this.clock.now().getTime() + 1000),
          payload: timer.payload,
        }),
      );
      return 'deferred: a replay of this endpoint is under way';
    }
    this.replaying.add(endpointId);
    try {
      let sent = 0;
      for (;;) {
        const endpoint = await this.endpoints.row(this.dataSource.manager, endpointId).catch(() => null);
        const [message] = await this.dataSource.query<MessageRow[]>(
          `SELECT * FROM ${this.table('webhook_messages')} WHERE endpoint_id = $1 AND replaying AND status = 'pending'
            ORDER BY occurred_at, event_id LIMIT 1`,
          [endpointId],
        );
        if (!message || !endpoint) return `replayed ${sent}`;
        if (!endpoint.enabled) return this.stopReplay(endpointId, sent, 'endpoint disabled');
        const result = await this.withSlot(endpointId, () => this.attempt(endpoint, message, 'replay'));
        if (result.outcome !== 'succeeded') {
          await this.dataSource.transaction(async (manager) => {
            await result.record(manager);
            await this.finish(manager, message.id, 'failed', result.error);
          });
          return this.stopReplay(endpointId, sent, `message ${message.id}: ${result.error ?? result.outcome}`);
        }
        await this.dataSource.transaction(async (manager) => {
          await result.record(manager);
          await this.finish(manager, message.id, 'succeeded', null);
          await this.markHealthy(manager, endpointId);
        });
        sent += 1;
      }
    } finally {
      this.replaying.delete(endpointId);
    }
  }

  private async stopReplay(endpointId: string, sent: number, why: string): Promise<string> {
    await this.dataSource.query(
      `UPDATE ${this.table('webhook_messages')} SET status = 'failed', replaying = false, finished_at = $2
        WHERE endpoint_id = $1 AND replaying AND status = 'pending'`,
      [endpointId, this.clock.now()],
    );
    return `replayed ${sent}, stopped at ${why}`.slice(0, 500);
  }

  /**
   * One attempt: the target checked again (DNS may have changed since the endpoint was
   * registered), the attempt row written, the request signed with a fresh timestamp and sent, the
   * row completed. Never throws for what the receiver does.
   */
  private async attempt(
    endpoint: EndpointRow,
    message: MessageRow,
    trigger: 'scheduled' | 'replay',
  ): Promise<AttemptResult> {
    const attempts = this.table('webhook_attempts');
    // An attempt still `sending` is one a process did not live to finish.
    await this.dataSource.query(
      `UPDATE ${attempts} SET outcome = 'interrupted', error = 'the process stopped during the attempt; the receiver may have it'
        WHERE message_id = $1 AND outcome = 'sending'`,
      [message.id],
    );
    const startedAt = this.clock.now();
    const [{ number }] = await this.dataSource.query<{ number: number }[]>(
      `WITH counted AS (
         UPDATE ${this.table('webhook_messages')} SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts)
       INSERT INTO ${attempts} (message_id, number, trigger, started_at, outcome)
       SELECT $1, attempts, $2, $3, 'sending' FROM counted RETURNING number`,
      [message.id, trigger, startedAt],
    );
    const url = new URL(endpoint.url);
    const target = await resolveTarget(url, { allowLoopback: this.options.allowLoopback });
    let response: WebhookResponse | null = null;
    let outcome: AttemptResult['outcome'];
    let error: string | null;
    if (!target.ok) {
      outcome = 'refused';
      error = target.reason;
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
        `UPDATE ${this.table('webhook_attempts', manager)} SET outcome = $3, duration_ms = $4, status_code = $5, response = $6, error = $7
        WHERE message_id = $1 AND number = $2`,
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
    };
    if (outcome !== 'succeeded')
      this.logger.warn(`Webhook ${message.id} to ${endpoint.url}, attempt ${number}: ${error}`);
    return { number, outcome, response, error, startedAt, record };
  }

  private async withSlot<T>(endpointId: string, run: () => Promise<T>): Promise<T> {
    this.inFlight.set(endpointId, (this.inFlight.get(endpointId) ?? 0) + 1);
    try {
      return await run();
    } finally {
      const left = (this.inFlight.get(endpointId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(endpointId, left);
      else this.inFlight.delete(endpointId);
    }
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

  private async markHealthy(manager: EntityManager, endpointId: string): Promise<void> {
    await manager.query(
      `UPDATE ${this.table('webhook_endpoints', manager)} SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
      [endpointId],
    );
  }

  private table(name: string, manager: EntityManager = this.dataSource.manager): string {
    return qualified(manager, name);
  }
}
