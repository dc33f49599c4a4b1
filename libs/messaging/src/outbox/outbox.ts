import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { parseEvent, type EventDataOf, type EventEnvelope, type EventType } from '@jcg/contracts';
import { Clock } from '@jcg/persistence';
import { contextOrNew } from '../message-context.js';

/** An event to record: its type, its data, and the group it concerns (null: none). */
export type OutboxEvent = { [T in EventType]: { type: T; data: EventDataOf<T>; groupId: string | null } }[EventType];

/**
 * The one way a service publishes an event: the event row is written with the same entity
 * manager (so in the same transaction) as the state change it reports. The relay publishes it
 * after the commit; a rollback takes the event with it.
 */
@Injectable()
export class Outbox {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  async record<T extends EventType>(
    manager: EntityManager,
    type: T,
    data: EventDataOf<T>,
    options: { groupId: string | null },
  ): Promise<EventEnvelope<EventDataOf<T>>> {
    const [envelope] = await this.recordAll(manager, [{ type, data, groupId: options.groupId } as OutboxEvent]);
    return envelope as EventEnvelope<EventDataOf<T>>;
  }

  /** `record` for many events, in one statement; they are published in this order. */
  async recordAll(manager: EntityManager, events: OutboxEvent[]): Promise<EventEnvelope[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        `Outbox.record("${events.map((e) => e.type).join('", "')}") needs the entity manager of an open transaction`,
      );
    }
    if (events.length === 0) return [];
    const context = contextOrNew();
    const occurredAt = this.clock.now().toISOString();
    const envelopes = events.map((event) =>
      parseEvent({
        id: uuidv7(),
        type: event.type,
        occurredAt,
        groupId: event.groupId,
        correlationId: context.correlationId,
        causationId: context.causationId,
        data: event.data,
      }),
    );
    await manager.query(
      `INSERT INTO ${qualified(manager, 'outbox')} (id, type, envelope, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::timestamptz[])`,
      [
        envelopes.map((e) => e.id),
        envelopes.map((e) => e.type),
        envelopes.map((e) => JSON.stringify(e)),
        envelopes.map((e) => e.occurredAt),
      ],
    );
    return envelopes;
  }
}

export function qualified(manager: EntityManager, table: string): string {
  const schema = (manager.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('The outbox and inbox need a data source with a service schema');
  return `"${schema}"."${table}"`;
}
