import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { v7 as uuidv7 } from 'uuid';
import { WEBHOOK_EVENT_TYPES, type EventEnvelope } from '@jcg/contracts';
import { Inbox, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { WebhookDelivery } from './webhook-delivery.js';

/**
 * Turns each public event into one message per endpoint that wants it, in the inbox transaction
 * (a redelivered event makes nothing twice). The body is fixed here, once: every attempt and
 * replay sends these bytes. An endpoint that is disabled gets its message recorded as failed, so
 * a replay after it is enabled again delivers what it missed. The endpoints are read under a share
 * lock, so an endpoint being disabled or enabled at that moment is seen as it ends up.
 */
@Controller()
export class WebhookFanOut {
  constructor(
    private readonly inbox: Inbox,
    private readonly delivery: WebhookDelivery,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @EventPattern([...WEBHOOK_EVENT_TYPES])
  async publish(@Payload() event: EventEnvelope): Promise<void> {
    await this.inbox.handleOnce(event, 'webhooks', async (manager) => {
      const endpoints = await manager.query<{ id: string; enabled: boolean }[]>(
        `SELECT id, enabled FROM ${qualified(manager, 'webhook_endpoints')}
          WHERE (event_types IS NULL OR $1 = ANY(event_types))
            AND (group_id IS NULL OR $2::uuid IS NULL OR group_id = $2::uuid)
          FOR SHARE`,
        [event.type, event.groupId],
      );
      if (endpoints.length === 0) return;
      const body = JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event.data });
      const now = this.clock.now();
      for (const endpoint of endpoints) {
        const [made] = await manager.query<{ id: string }[]>(
          `INSERT INTO ${qualified(manager, 'webhook_messages')}
             (id, endpoint_id, event_id, event_type, occurred_at, body, status, next_attempt_at, last_error, created_at, finished_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING id`,
          [
            uuidv7(),
            endpoint.id,
            event.id,
            event.type,
            event.occurredAt,
            body,
            endpoint.enabled ? 'pending' : 'failed',
            endpoint.enabled ? now : null,
            endpoint.enabled ? null : 'endpoint disabled',
            now,
            endpoint.enabled ? null : now,
          ],
        );
        if (made && endpoint.enabled) await this.delivery.planAttempt(manager, endpoint.id, made.id);
      }
    });
  }
}
