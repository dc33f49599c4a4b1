import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Group, GroupDecision, RequestOf } from '@jcg/contracts';
import { Outbox } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { MembershipErrors, isUniqueViolation } from '../membership.errors.js';
import { TorVersionEntity } from '../tor/tor-version.entity.js';
import { GroupDecisionEntity } from './group-decision.entity.js';
import { GroupEntity } from './group.entity.js';

/** Reads a group in a transaction, locked for update; 404 when it does not exist. */
export async function lockGroup(manager: EntityManager, groupId: string): Promise<GroupEntity> {
  const group = await manager.findOne(GroupEntity, { where: { id: groupId }, lock: { mode: 'pessimistic_write' } });
  if (!group) throw MembershipErrors.groupNotFound(groupId);
  return group;
}

/** R7: a concluded group keeps its history and takes no new decisions. */
export function assertActive(group: GroupEntity): void {
  if (group.status === 'concluded') throw MembershipErrors.groupConcluded(group.acronym);
}

@Injectable()
export class GroupsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Registers a group with its first ToR (version 1, approved) and tells the other services. */
  async register(input: RequestOf<'membership.groups.register'>): Promise<Group> {
    const { tor, ...fields } = input;
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (await this.findByAcronym(input.acronym, manager)) throw MembershipErrors.groupExists(input.acronym);
        const group = manager.create(GroupEntity, { id: uuidv7(), status: 'active', currentTorVersion: 1, ...fields });
        await manager.insert(GroupEntity, group);
        await manager.insert(TorVersionEntity, {
          groupId: group.id,
          version: 1,
          status: 'approved',
          summary: 'Terms of reference as established',
          text: tor.text,
          objectives: tor.objectives,
          proposedBy: null,
          proposedAt: this.clock.now(),
          sentAt: null,
          decidedOn: tor.approvedOn,
          decisionReference: tor.reference,
        });
        const contract = group.toContract();
        await this.outbox.record(manager, 'group.registered', contract, { groupId: group.id });
        return contract;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'groups_acronym')) throw MembershipErrors.groupExists(input.acronym);
      throw error;
    }
  }

  async list(): Promise<Group[]> {
    const rows = await this.dataSource.getRepository(GroupEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((g) => g.toContract());
  }

  async get(groupId: string): Promise<Group> {
    const group = await this.dataSource.getRepository(GroupEntity).findOneBy({ id: groupId });
    if (!group) throw MembershipErrors.groupNotFound(groupId);
    return group.toContract();
  }

  async findByAcronym(acronym: string, manager: EntityManager = this.dataSource.manager): Promise<Group | null> {
    const group = await manager
      .getRepository(GroupEntity)
      .createQueryBuilder('g')
      .where('lower(g.acronym) = lower(:acronym)', { acronym })
      .getOne();
    return group?.toContract() ?? null;
  }

  /** R7: the parent's decision to extend the group, with the study groups' input. */
  async extend(input: RequestOf<'membership.groups.extend'>): Promise<GroupDecision> {
    return this.dataSource.transaction(async (manager) => {
      const group = await lockGroup(manager, input.groupId);
      assertActive(group);
      const decision = await this.recordDecision(manager, group, 'extension', input);
      await this.outbox.record(manager, 'group.extended', decision, { groupId: group.id });
      return decision;
    });
  }

  /** R7: the parent's agreement that concludes the group. */
  async conclude(input: RequestOf<'membership.groups.conclude'>): Promise<GroupDecision> {
    return this.dataSource.transaction(async (manager) => {
      const group = await lockGroup(manager, input.groupId);
      assertActive(group);
      await manager.update(GroupEntity, { id: group.id }, { status: 'concluded' });
      const decision = await this.recordDecision(manager, group, 'conclusion', {
        ...input,
        until: null,
        studyGroupInput: [],
      });
      await this.outbox.record(manager, 'group.concluded', decision, { groupId: group.id });
      return decision;
    });
  }

  async decisions(groupId: string): Promise<GroupDecision[]> {
    await this.get(groupId);
    const rows = await this.dataSource
      .getRepository(GroupDecisionEntity)
      .find({ where: { groupId }, order: { recordedAt: 'ASC', id: 'ASC' } });
    return rows.map((d) => d.toContract());
  }

  private async recordDecision(
    manager: EntityManager,
    group: GroupEntity,
    kind: GroupDecision['kind'],
    input: { decidedOn: string; reference: string; until: string | null; studyGroupInput: string[] },
  ): Promise<GroupDecision> {
    const entity = manager.create(GroupDecisionEntity, {
      id: uuidv7(),
      groupId: group.id,
      kind,
      decidedOn: input.decidedOn,
      reference: input.reference,
      until: input.until,
      studyGroupInput: input.studyGroupInput,
      recordedAt: this.clock.now(),
    });
    await manager.insert(GroupDecisionEntity, entity);
    return entity.toContract();
  }
}
