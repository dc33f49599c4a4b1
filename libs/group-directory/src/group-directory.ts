import { Controller, Inject, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { EventDataOf, EventEnvelope, Group } from '@jcg/contracts';
import { Inbox } from '@jcg/messaging';
import { KnownGroupEntity } from './known-group.entity.js';

/** Reads the service's copy of the groups. */
@Injectable()
export class GroupDirectory {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async find(groupId: string): Promise<Group | null> {
    const row = await this.dataSource.getRepository(KnownGroupEntity).findOneBy({ id: groupId });
    if (!row) return null;
    const { updatedAt: _updatedAt, ...group } = row;
    return group;
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(KnownGroupEntity).count();
  }
}

/** Keeps the copy up to date, once per event, however often the event is delivered. */
@Controller()
export class GroupDirectoryEvents {
  constructor(private readonly inbox: Inbox) {}

  @EventPattern('group.registered')
  async onGroupRegistered(@Payload() event: EventEnvelope<EventDataOf<'group.registered'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'group-directory', async (manager) => {
      await manager.getRepository(KnownGroupEntity).upsert({ ...event.data }, ['id']);
    });
  }
}
