import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { v7 as uuidv7 } from 'uuid';
import { WEBHOOK_EVENT_TYPES, type EventEnvelope } from '@jcg/contracts';
import { Inbox, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';

/**
 * Turns each public event into one message per endpoint that wants it, in the inbox transaction
 * (a redelivered event makes nothing twice). The body is fixed here, once: every attempt and
 * replay sends these bytes. An endpoint that is disabled gets its message recorded as failed, so
 * a replay after it is enabled again delivers what it missed. The endpoints are read under a share
 * lock, so an endpoint being disabled or enabled at that moment is seen as it ends up. A message
 * to send is due at once: the webhook pump sends it.
 */
@Controller()
export class WebhookFanOut {
  constructor(
    private readonly inbox: Inbox,
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
      // A message due now is the whole plan: the pump (woken after this commit) sends it.
      await manager.query(
        `INSERT INTO ${qualified(manager, 'webhook_messages')}
           (id, endpoint_id, event_id, event_type, occurred_at, body, status, next_attempt_at, last_error, created_at, finished_at)
         SELECT u.id, u.endpoint_id, $1, $2, $3, $4,
                CASE WHEN u.enabled THEN 'pending' ELSE 'failed' END,
                CASE WHEN u.enabled THEN $5::timestamptz END,
                CASE WHEN u.enabled THEN NULL ELSE 'endpoint disabled' END,
                $5, CASE WHEN u.enabled THEN NULL ELSE $5::timestamptz END
           FROM unnest($6::uuid[], $7::uuid[], $8::boolean[]) AS u(id, endpoint_id, enabled)
         ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
        [
          event.id,
          event.type,
          event.occurredAt,
          body,
          this.clock.now(),
          endpoints.map(() => uuidv7()),
          endpoints.map((e) => e.id),
          endpoints.map((e) => e.enabled),
        ],
      );
    });
  }
}
