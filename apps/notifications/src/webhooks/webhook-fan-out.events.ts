import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { v7 as uuidv7 } from 'uuid';
import { WEBHOOK_EVENT_TYPES, type EventEnvelope } from '@jcg/contracts';
import { Inbox, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import type { EntityManager } from 'typeorm';

/**
 * Turns each public event into one message per endpoint that wants it, in the inbox transaction
 * (a redelivered event makes nothing twice), for all the events of that transaction at once: one
 * statement reads their endpoints, one writes their messages. The body is fixed here, once: every
 * attempt and replay sends these bytes. An endpoint that is disabled gets its message recorded as
 * failed, so a replay after it is enabled again delivers what it missed. The endpoints are read
 * under a share lock (in id order), so an endpoint being disabled or enabled at that moment is
 * seen as it ends up. A message to send is due at once: the webhook pump sends it.
 */
@Controller()
export class WebhookFanOut {
  constructor(
    private readonly inbox: Inbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @EventPattern([...WEBHOOK_EVENT_TYPES])
  async publish(@Payload() event: EventEnvelope): Promise<void> {
    await this.inbox.handleInBatch(event, 'webhooks', this.fanOut);
  }

  private readonly fanOut = async (manager: EntityManager, events: EventEnvelope[]): Promise<void> => {
    const wanted = await manager.query<{ id: string; enabled: boolean; n: string }[]>(
      `SELECT e.id, e.enabled, ev.n
         FROM ${qualified(manager, 'webhook_endpoints')} e
         JOIN unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS ev(type, group_id, n)
           ON (e.event_types IS NULL OR ev.type = ANY(e.event_types))
          AND (e.group_id IS NULL OR ev.group_id IS NULL OR e.group_id = ev.group_id)
        ORDER BY e.id, ev.n
        FOR SHARE OF e`,
      [events.map((event) => event.type), events.map((event) => event.groupId)],
    );
    if (wanted.length === 0) return;
    // A message due now is the whole plan: the pump (woken after this commit) sends it.
    await manager.query(
      `INSERT INTO ${qualified(manager, 'webhook_messages')}
         (id, endpoint_id, event_id, event_type, occurred_at, body, status, next_attempt_at, last_error, created_at, finished_at)
       SELECT u.id, u.endpoint_id, ev.id, ev.type, ev.occurred_at, ev.body,
              CASE WHEN u.enabled THEN 'pending' ELSE 'failed' END,
              CASE WHEN u.enabled THEN $1::timestamptz END,
              CASE WHEN u.enabled THEN NULL ELSE 'endpoint disabled' END,
              $1, CASE WHEN u.enabled THEN NULL ELSE $1::timestamptz END
         FROM unnest($2::uuid[], $3::uuid[], $4::boolean[], $5::bigint[]) AS u(id, endpoint_id, enabled, n)
         JOIN unnest($6::uuid[], $7::text[], $8::timestamptz[], $9::text[]) WITH ORDINALITY
           AS ev(id, type, occurred_at, body, n) ON ev.n = u.n
       ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
      [
        this.clock.now(),
        wanted.map(() => uuidv7()),
        wanted.map((w) => w.id),
        wanted.map((w) => w.enabled),
        wanted.map((w) => w.n),
        events.map((event) => event.id),
        events.map((event) => event.type),
        events.map((event) => event.occurredAt),
        events.map((event) => JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event.data })),
      ],
    );
  };
}
