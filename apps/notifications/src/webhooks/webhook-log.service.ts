import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestOf, ResponseOf, WebhookAttempt } from '@jcg/contracts';
import { invalidCursorError, qualified } from '@jcg/messaging';
import { Clock, decodeCursor, encodeCursor } from '@jcg/persistence';
import { messageOf, type MessageRow } from './endpoint-row.js';
import { WebhookDelivery } from './webhook-delivery.js';
import { WebhookEndpoints } from './webhook-endpoints.service.js';
import { WebhookErrors } from './webhooks.errors.js';

interface AttemptRow {
  number: number;
  trigger: 'scheduled' | 'replay';
  started_at: Date;
  duration_ms: number | null;
  outcome: WebhookAttempt['outcome'];
  status_code: number | null;
  response: string | null;
  error: string | null;
}

/** The delivery log of an endpoint (messages and their attempts) and its replays. */
@Injectable()
export class WebhookLog {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly endpoints: WebhookEndpoints,
    private readonly delivery: WebhookDelivery,
  ) {}

  async messages(
    request: RequestOf<'notifications.webhooks.list-messages'>,
  ): Promise<ResponseOf<'notifications.webhooks.list-messages'>> {
    await this.endpoints.row(this.dataSource.manager, request.endpointId);
    const after = request.cursor === undefined ? null : decodeCursor(request.cursor);
    if (request.cursor !== undefined && after === null) throw invalidCursorError();
    // Message ids are uuid v7 (time-ordered): newest first, pages by id.
    const rows = await this.dataSource.query<MessageRow[]>(
      `SELECT * FROM ${qualified(this.dataSource.manager, 'webhook_messages')}
        WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4`,
      [request.endpointId, request.status ?? null, after, request.limit + 1],
    );
    const page = rows.slice(0, request.limit);
    return {
      items: page.map(messageOf),
      nextCursor: rows.length > request.limit ? encodeCursor(page[page.length - 1].id) : null,
    };
  }

  async message(endpointId: string, messageId: string): Promise<ResponseOf<'notifications.webhooks.get-message'>> {
    const row = await this.messageRow(endpointId, messageId);
    const attempts = await this.dataSource.query<AttemptRow[]>(
      `SELECT * FROM ${qualified(this.dataSource.manager, 'webhook_attempts')} WHERE message_id = $1 ORDER BY number`,
      [messageId],
    );
    return {
      message: messageOf(row),
      body: row.body,
      attempts: attempts.map((a) => ({
        number: a.number,
        trigger: a.trigger,
        startedAt: a.started_at.toISOString(),
        durationMs: a.duration_ms,
        outcome: a.outcome,
        statusCode: a.status_code,
        response: a.response,
        error: a.error,
      })),
    };
  }

  /**
   * Sends one message again now, whatever became of it (same id and body, fresh signature): one
   * that failed, one that succeeded, or one still waiting for its next retry.
   */
  async replayMessage(endpointId: string, messageId: string): Promise<number> {
    await this.messageRow(endpointId, messageId);
    return this.replay(endpointId, `m.id = $2 AND NOT (m.status = 'pending' AND m.replaying)`, messageId);
  }

  /**
   * Sends again now, in event order, every message that failed since the given instant: those
   * failed for good, and those still waiting for a retry after an attempt that failed since then.
   */
  async replayFailed(endpointId: string, since: string): Promise<number> {
    const attempts = qualified(this.dataSource.manager, 'webhook_attempts');
    return this.replay(
      endpointId,
      `((m.status = 'failed' AND m.finished_at >= $2)
        OR (m.status = 'pending' AND NOT m.replaying
            AND EXISTS (SELECT 1 FROM ${attempts} a WHERE a.message_id = m.id AND a.started_at >= $2 AND a.outcome <> 'succeeded')))`,
      new Date(since),
    );
  }

  private async replay(endpointId: string, which: string, param: unknown): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.endpoints.row(manager, endpointId, true);
      if (!endpoint.enabled) throw WebhookErrors.endpointDisabled(endpointId);
      // A replay under way that stops early leaves alone what was asked for after it started.
      await manager.query(
        `UPDATE ${qualified(manager, 'webhook_endpoints')} SET replay_requests = replay_requests + 1 WHERE id = $1`,
        [endpointId],
      );
      const [, count] = await manager.query<[unknown, number]>(
        `UPDATE ${qualified(manager, 'webhook_messages')} m SET status = 'pending', replaying = true, finished_at = NULL,
           next_attempt_at = $3 WHERE m.endpoint_id = $1 AND ${which}`,
        [endpointId, param, this.clock.now()],
      );
      if (count > 0) await this.delivery.planReplay(manager, endpointId);
      return count;
    });
  }

  private async messageRow(endpointId: string, messageId: string): Promise<MessageRow> {
    await this.endpoints.row(this.dataSource.manager, endpointId);
    const [row] = await this.dataSource.query<MessageRow[]>(
      `SELECT * FROM ${qualified(this.dataSource.manager, 'webhook_messages')} WHERE id = $1 AND endpoint_id = $2`,
      [messageId, endpointId],
    );
    if (!row) throw WebhookErrors.messageNotFound(messageId);
    return row;
  }
}
