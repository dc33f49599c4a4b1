import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { signatureHeader } from '@jcg/contracts';
import { Timers, qualified, type DueTimer } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import type { WebhookResponse } from './http/post-webhook.js';
import { WebhookPoster } from './http/webhook-poster.js';
import { resolveTarget } from './http/resolve-target.js';
import { EndpointSlots } from './endpoint-slots.js';
import { replayTimerKey, signingSecrets, type EndpointTarget, type MessageRow } from './endpoint-row.js';
import { failureVerdict, isSuccess } from './retry-schedule.js';
import { WebhookEndpoints } from './webhook-endpoints.service.js';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhook-options.js';

/**
 * The per-message attempt timer of earlier versions: the message row is now the whole plan (the
 * pump sends what is due), but timers of this kind may still be planned in a deployed database.
 */
export const ATTEMPT_TIMER = 'webhook.attempt';
export const REPLAY_TIMER = 'webhook.replay';
/** Beyond an attempt's time limit, how long its claim on the message lasts (DNS, the database). */
export const LEASE_MARGIN_MS = 5000;

export interface AttemptResult {
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
 * Sends webhook attempts, and replays. The scheduled attempts are the pump's (WebhookPump): it
 * claims due messages in batches and sends each through `send`. A replay is one timer per
 * endpoint (`webhook.replay`) that sends the replayed messages one by one in event order. Before
 * a request goes out, the message is claimed in Postgres (a lease as long as the attempt may
 * take) together with the attempt's row: two workers never send one message at once, whatever
 * Redis or a replay does. A process killed during an attempt leaves it `sending`; once its lease
 * is over, the next attempt marks it `interrupted` (the receiver may have it) and sends again
 * with the same webhook-id.
 */
@Injectable()
export class WebhookDelivery implements OnModuleInit {
  private readonly logger = new Logger(WebhookDelivery.name);
  /** Attempts under way per endpoint in this process, the pump's and the replays'. */
  readonly slots: EndpointSlots;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
    private readonly timers: Timers,
    private readonly endpoints: WebhookEndpoints,
    private readonly poster: WebhookPoster,
  ) {
    this.slots = new EndpointSlots(options.maxInFlightPerEndpoint, 0);
  }

  onModuleInit(): void {
    // The message row says all an old attempt timer meant: the pump sends the message when due.
    this.timers.handle(ATTEMPT_TIMER, () => Promise.resolve('the pump sends it'));
    this.timers.handle<{ endpointId: string }>(REPLAY_TIMER, (timer) => this.onReplayDue(timer));
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
        const claimed = await this.claim(next.id);
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
          if (current) {
            const verdict = failureVerdict({
              status: result.response?.status ?? null,
              endpoint: { enabled: current.enabled, failingSince: current.failing_since },
              startedAt: result.startedAt,
              now: this.clock.now(),
              disableAfterMs: this.options.disableAfterMs,
            });
            if (verdict.failingSince && !current.failing_since)
              await this.markFailing(manager, current.id, verdict.failingSince);
            if (verdict.disable) {
              const failing = { ...current, failing_since: verdict.failingSince };
              await this.endpoints.disable(manager, failing, verdict.disable, { notify: true });
            }
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

  /**
   * Claims the message for one attempt of its replay: it must still be to replay, and nobody
   * else's attempt may be out (a scheduled attempt the pump sent before the replay was asked for). An attempt left `sending` by a process that
   * died is marked `interrupted` first. The attempt's row is written in the same transaction.
   */
  private async claim(messageId: string): Promise<{ message: MessageRow; number: number } | NotClaimed> {
    return this.dataSource.transaction(async (manager) => {
      const message = await this.lockMessage(manager, messageId);
      const now = this.clock.now();
      if (!message || message.status !== 'pending' || !message.replaying) return { gone: true };
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
        `INSERT INTO ${attempts} (message_id, number, trigger, started_at, outcome) VALUES ($1, $2, 'replay', $3, 'sending')`,
        [messageId, number, now],
      );
      return { message, number };
    });
  }

  /**
   * One attempt: the target checked again (DNS may have changed since the endpoint was
   * registered), the request signed with a fresh timestamp and sent. Never throws for what the
   * receiver does.
   */
  async send(
    endpoint: EndpointTarget,
    message: Pick<MessageRow, 'id' | 'body'>,
    number: number,
  ): Promise<AttemptResult> {
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
      response = await this.poster.post({
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
  private async markFailing(manager: EntityManager, endpointId: string, since: Date): Promise<void> {
    await manager.query(
      `UPDATE ${this.table('webhook_endpoints', manager)} SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL`,
      [endpointId, since],
    );
  }

  async markHealthy(endpointId: string, succeededAttemptStart: Date): Promise<void> {
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
