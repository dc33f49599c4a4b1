import { Controller, Inject, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventDataOf, EventEnvelope, Group } from '@jcg/contracts';
import { Inbox } from '@jcg/messaging';
import { KnownGroupEntity } from './known-group.entity.js';

/** What a service knows of a group. */
export type KnownGroup = Omit<Group, 'currentTorVersion'>;

/** A change of a group, as the directory applied it. */
export interface GroupChange {
  kind: 'registered' | 'concluded' | 'study-groups-changed';
  group: KnownGroup;
  /** For a change of study groups: the ones before. */
  previousStudyGroups: string[] | null;
}

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

  async all(manager: EntityManager = this.dataSource.manager): Promise<KnownGroup[]> {
    const rows = await manager.getRepository(KnownGroupEntity).find({ order: { id: 'ASC' } });
    return rows.map(({ updatedAt: _updatedAt, ...group }) => group);
  }
}

/**
 * What a service does when a group changes (reporting opens and cancels obligations): run in
 * the transaction that applies the change to the copy, so both stand or fall together.
 */
@Injectable()
export class GroupDirectoryHooks {
  private readonly listeners: ((change: GroupChange, manager: EntityManager) => Promise<void>)[] = [];

  onChange(listener: (change: GroupChange, manager: EntityManager) => Promise<void>): void {
    this.listeners.push(listener);
  }

  async run(change: GroupChange, manager: EntityManager): Promise<void> {
    for (const listener of this.listeners) await listener(change, manager);
  }
}

/** Keeps the copy up to date, once per event, however often the event is delivered. */
@Controller()
export class GroupDirectoryEvents {
  constructor(
    private readonly inbox: Inbox,
    private readonly groups: GroupDirectory,
    private readonly hooks: GroupDirectoryHooks,
  ) {}

  @EventPattern('group.registered')
  async onGroupRegistered(@Payload() event: EventEnvelope<EventDataOf<'group.registered'>>): Promise<void> {
    const { currentTorVersion: _version, ...group } = event.data;
    await this.inbox.handleOnce(event, 'group-directory', async (manager) => {
      await manager.getRepository(KnownGroupEntity).upsert(group, ['id']);
      await this.changed(manager, 'registered', group.id, null);
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
      await this.changed(manager, 'concluded', event.data.groupId, null);
    });
  }

  @EventPattern('group.study-groups-changed')
  async onStudyGroupsChanged(
    @Payload() event: EventEnvelope<EventDataOf<'group.study-groups-changed'>>,
  ): Promise<void> {
    await this.inbox.handleOnce(event, 'group-directory', async (manager) => {
      const { group, previousStudyGroups } = event.data;
      const result = await manager
        .getRepository(KnownGroupEntity)
        .update({ id: group.id }, { studyGroups: group.studyGroups });
      if (!result.affected)
        throw new Error(`group.study-groups-changed for ${group.id} arrived before group.registered`);
      await this.changed(manager, 'study-groups-changed', group.id, previousStudyGroups);
    });
  }

  private async changed(
    manager: EntityManager,
    kind: GroupChange['kind'],
    groupId: string,
    previous: string[] | null,
  ): Promise<void> {
    const group = await this.groups.find(groupId, manager);
    if (group) await this.hooks.run({ kind, group, previousStudyGroups: previous }, manager);
  }
}
