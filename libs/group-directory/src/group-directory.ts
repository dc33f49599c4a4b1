import { Controller, Inject, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventDataOf, EventEnvelope, Group } from '@jcg/contracts';
import { Inbox } from '@jcg/messaging';
import { KnownGroupEntity } from './known-group.entity.js';

/** What a service knows of a group. */
export type KnownGroup = Omit<Group, 'currentTorVersion'>;

/** Reads the service's copy of the groups. */
@Injectable()
export class GroupDirectory {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Pass the entity manager of an open transaction: the read then takes no second connection. */
  async find(groupId: string, manager: EntityManager = this.dataSource.manager): Promise<KnownGroup | null> {
    const row = await manager.getRepository(KnownGroupEntity).findOneBy({ id: groupId });
    if (!row) return null;
    const { updatedAt: _updatedAt, ...group } = row;
    return group;
  }
}

/** Keeps the copy up to date, once per event, however often the event is delivered. */
@Controller()
export class GroupDirectoryEvents {
  constructor(private readonly inbox: Inbox) {}

  @EventPattern('group.registered')
  async onGroupRegistered(@Payload() event: EventEnvelope<EventDataOf<'group.registered'>>): Promise<void> {
    const { currentTorVersion: _version, ...group } = event.data;
    await this.inbox.handleOnce(event, 'group-directory', async (manager) => {
      await manager.getRepository(KnownGroupEntity).upsert(group, ['id']);
    });
  }

  /** R7: a concluded group takes no new meetings; the services that schedule read this status. */
  @EventPattern('group.concluded')
  async onGroupConcluded(@Payload() event: EventEnvelope<EventDataOf<'group.concluded'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'group-directory', async (manager) => {
      const result = await manager
        .getRepository(KnownGroupEntity)
        .update({ id: event.data.groupId }, { status: 'concluded' });
      // Events may arrive out of order: wait (retry with backoff) until the group itself is known.
      if (!result.affected)
        throw new Error(`group.concluded for ${event.data.groupId} arrived before group.registered`);
    });
  }
}
