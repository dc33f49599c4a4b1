import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { dedupKey, type DeliveryKind, type DeliveryPayload } from './delivery.js';

export interface Recipient {
  participantId: string | null;
  name: string;
  email: string;
  timeZone: string | null;
}

/** Decides messages: one row per recipient, in the transaction of the event that causes them. */
@Injectable()
export class DeliveryPlanner {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  /** `variant` tells apart messages of one kind and sequence (the 3-day and the 1-day reminder). */
  async plan(
    manager: EntityManager,
    kind: DeliveryKind,
    payload: DeliveryPayload,
    sequence: number,
    recipients: Recipient[],
    variant = '',
  ): Promise<number> {
    const now = this.clock.now();
    let planned = 0;
    // In slices, so a fan-out to thousands stays within Postgres' parameter limit.
    for (let i = 0; i < recipients.length; i += 500) {
      const slice = recipients.slice(i, i + 500);
      const values: unknown[] = [];
      const rows = slice.map((r, j) => {
        const k = j * 10;
        values.push(
          uuidv7(),
          dedupKey(payload.meeting.id, kind, r.participantId ?? r.email, sequence, variant),
          payload.meeting.id,
          kind,
          r.participantId,
          r.name,
          r.email,
          r.timeZone,
          sequence,
          JSON.stringify(payload),
        );
        return `($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5}, $${k + 6}, $${k + 7}, $${k + 8}, $${k + 9}, $${k + 10}, 'pending', '${now.toISOString()}')`;
      });
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${qualified(manager, 'deliveries')}
           (id, dedup_key, meeting_id, kind, participant_id, recipient_name, recipient_email, recipient_time_zone, sequence, payload, status, created_at)
         VALUES ${rows.join(', ')} ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
        values,
      );
      planned += inserted.length;
    }
    return planned;
  }
}
