import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import type { AnyPayload, DeliveryKind } from './delivery.js';

export interface Recipient {
  participantId: string | null;
  name: string;
  email: string;
  timeZone: string | null;
}

/** One message to decide: to whom, in which stream, reflecting which state of the meeting. */
export interface PlannedMessage {
  kind: DeliveryKind;
  recipient: Recipient;
  stream: string;
  /** The SEQUENCE written in the message. */
  sequence: number;
  /** The meeting's own SEQUENCE the message reflects. */
  meetingSequence: number;
  /** Whether the recipient's calendar holds the meeting after it (calendar messages only). */
  hold: boolean | null;
  payload: AnyPayload;
  /** Unique per message: deciding the same message twice is a no-op. */
  dedupKey: string;
}

const COLUMNS = [
  'id',
  'dedup_key',
  'meeting_id',
  'obligation_id',
  'stream',
  'kind',
  'participant_id',
  'recipient_name',
  'recipient_email',
  'recipient_time_zone',
  'sequence',
  'meeting_sequence',
  'hold',
  'payload',
] as const;

/** Decides messages: one row each, in the transaction of the event that causes them. */
@Injectable()
export class DeliveryPlanner {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  async plan(manager: EntityManager, messages: PlannedMessage[]): Promise<number> {
    const now = this.clock.now();
    let planned = 0;
    // In slices, so a fan-out to thousands stays within Postgres' parameter limit.
    for (let i = 0; i < messages.length; i += 400) {
      const slice = messages.slice(i, i + 400);
      const values: unknown[] = [now];
      const rows = slice.map((m) => {
        values.push(
          uuidv7(),
          m.dedupKey,
          'meeting' in m.payload ? m.payload.meeting.id : null,
          'obligation' in m.payload ? m.payload.obligation.id : null,
          m.stream,
          m.kind,
          m.recipient.participantId,
          m.recipient.name,
          m.recipient.email,
          m.recipient.timeZone,
          m.sequence,
          m.meetingSequence,
          m.hold,
          JSON.stringify(m.payload),
        );
        const base = values.length - COLUMNS.length;
        return `(${COLUMNS.map((_, k) => `$${base + k + 1}`).join(', ')}, 'pending', $1)`;
      });
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${qualified(manager, 'deliveries')} (${COLUMNS.join(', ')}, status, created_at)
         VALUES ${rows.join(', ')} ON CONFLICT (dedup_key) WHERE status <> 'superseded' DO NOTHING RETURNING id`,
        values,
      );
      planned += inserted.length;
    }
    return planned;
  }

  /**
   * Marks what a stream decided and did not send yet as out of date. A message taken for sending
   * (`queued`) is left alone (it may be at the SMTP server already): the decisions count it as
   * out, and what they decide follows it. The stream's messages still to send or taken are
   * share-locked first, in id order, until the decision commits: none is claimed, and no result
   * written, between the decision's reads.
   */
  async supersedeUnsent(manager: EntityManager, meetingId: string, streams: string[]): Promise<void> {
    if (streams.length === 0) return;
    const table = qualified(manager, 'deliveries');
    await manager.query(
      `SELECT id FROM ${table} WHERE meeting_id = $1 AND stream = ANY($2::text[])
          AND status IN ('pending', 'queued', 'failed')
        ORDER BY id FOR SHARE`,
      [meetingId, streams],
    );
    await manager.query(
      `UPDATE ${table} SET status = 'superseded'
        WHERE meeting_id = $1 AND stream = ANY($2::text[]) AND status IN ('pending', 'failed')`,
      [meetingId, streams],
    );
  }
}
