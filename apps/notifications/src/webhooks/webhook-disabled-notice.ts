import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeliveryPlanner } from '../deliveries/delivery-planner.js';
import type { EndpointRow } from './endpoint-row.js';

/** Mails an endpoint's contact that the system disabled it: a delivery like any other mail. */
@Injectable()
export class WebhookDisabledNotice {
  constructor(private readonly planner: DeliveryPlanner) {}

  async plan(manager: EntityManager, endpoint: EndpointRow): Promise<void> {
    const disabledAt = (endpoint.disabled_at ?? new Date()).toISOString();
    await this.planner.plan(manager, [
      {
        kind: 'webhook-disabled',
        recipient: { participantId: null, name: '', email: endpoint.contact_email, timeZone: null },
        stream: `webhook:${endpoint.id}`,
        sequence: 0,
        meetingSequence: 0,
        hold: null,
        payload: {
          endpoint: { id: endpoint.id, url: endpoint.url, description: endpoint.description },
          reason: endpoint.disabled_reason ?? 'disabled',
          disabledAt,
          failingSince: endpoint.failing_since?.toISOString() ?? null,
        },
        dedupKey: `webhook-disabled:${endpoint.id}:${disabledAt}`,
      },
    ]);
  }
}
