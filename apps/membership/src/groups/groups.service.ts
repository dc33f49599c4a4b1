import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Group, RequestOf } from '@jcg/contracts';
import { CommandError, Outbox } from '@jcg/messaging';
import { GroupEntity } from './group.entity.js';

const UNIQUE_VIOLATION = '23505';

function groupExists(acronym: string): CommandError {
  return new CommandError({
    status: 409,
    code: 'GROUP_EXISTS',
    title: 'Group exists',
    detail: `A group with the acronym "${acronym}" is already registered.`,
  });
}

@Injectable()
export class GroupsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Registers a group and tells the other services, in one transaction. */
  async register(input: RequestOf<'membership.groups.register'>): Promise<Group> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const taken = await manager
          .getRepository(GroupEntity)
          .createQueryBuilder('g')
          .where('lower(g.acronym) = lower(:acronym)', { acronym: input.acronym })
          .getExists();
        if (taken) throw groupExists(input.acronym);
        const entity = manager.getRepository(GroupEntity).create({ id: uuidv7(), status: 'active', ...input });
        const group = (await manager.getRepository(GroupEntity).save(entity)).toContract();
        await this.outbox.record(manager, 'group.registered', group, { groupId: group.id });
        return group;
      });
    } catch (error) {
      // Two registrations of one acronym at once: the unique index decides.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw groupExists(input.acronym);
      }
      throw error;
    }
  }

  async list(): Promise<Group[]> {
    const rows = await this.dataSource.getRepository(GroupEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((g) => g.toContract());
  }

  async get(groupId: string): Promise<Group> {
    const group = await this.dataSource.getRepository(GroupEntity).findOneBy({ id: groupId });
    if (!group) {
      throw new CommandError({ status: 404, code: 'GROUP_NOT_FOUND', title: 'Group not found', detail: `No group has the id ${groupId}.` });
    }
    return group.toContract();
  }

  async findByAcronym(acronym: string): Promise<Group | null> {
    const group = await this.dataSource
      .getRepository(GroupEntity)
      .createQueryBuilder('g')
      .where('lower(g.acronym) = lower(:acronym)', { acronym })
      .getOne();
    return group?.toContract() ?? null;
  }
}
