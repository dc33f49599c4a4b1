import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@jcg/contracts';
import { qualified } from '../outbox/outbox.js';

/**
 * The one way a service handles an event: the event id is recorded in the inbox in the same
 * transaction as the handler's effects, so a redelivered event finds its id and does nothing.
 */
@Injectable()
export class Inbox {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `effects` once per (event, handler). Returns false when the event was handled before.
   * A concurrent duplicate waits on the inbox row and then skips.
   */
  async handleOnce(
    envelope: EventEnvelope,
    handler: string,
    effects: (manager: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${qualified(manager, 'inbox')} (event_id, handler, event_type) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [envelope.id, handler, envelope.type],
      );
      if (inserted.length === 0) return false;
      await effects(manager);
      return true;
    });
  }
}
