import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { parseEvent, type EventDataOf, type EventEnvelope, type EventType } from '@jcg/contracts';
import { Clock } from '@jcg/persistence';
import { contextOrNew } from '../message-context.js';

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
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox.record("${type}") needs the entity manager of an open transaction`);
    }
    const context = contextOrNew();
    const envelope = parseEvent({
      id: uuidv7(),
      type,
      occurredAt: this.clock.now().toISOString(),
      groupId: options.groupId,
      correlationId: context.correlationId,
      causationId: context.causationId,
      data,
    }) as EventEnvelope<EventDataOf<T>>;
    await manager.query(
      `INSERT INTO ${qualified(manager, 'outbox')} (id, type, envelope, occurred_at) VALUES ($1, $2, $3, $4)`,
      [envelope.id, envelope.type, JSON.stringify(envelope), envelope.occurredAt],
    );
    return envelope;
  }
}

export function qualified(manager: EntityManager, table: string): string {
  const schema = (manager.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('The outbox and inbox need a data source with a service schema');
  return `"${schema}"."${table}"`;
}
