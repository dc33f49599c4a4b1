import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Organization, RequestOf, ResponseOf } from '@jcg/contracts';
import { Outbox } from '@jcg/messaging';
import { Clock, decodeCursor, encodeCursor } from '@jcg/persistence';
import { GroupEntity } from '../groups/group.entity.js';
import { assertActive, lockGroup } from '../groups/groups.service.js';
import { MembershipErrors, isUniqueViolation } from '../membership.errors.js';
import { ParticipantEntity } from '../participants/participant.entity.js';
import { isEligible, statusWhenEligibility } from '../rules/eligibility.rule.js';
import { GroupOrganizationEntity, OrganizationEntity } from './organization.entity.js';

export async function findOrganization(
  manager: EntityManager,
  organizationId: string,
  lock = false,
): Promise<OrganizationEntity> {
  const organization = await manager.findOne(OrganizationEntity, {
    where: { id: organizationId },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!organization) throw MembershipErrors.organizationNotFound(organizationId);
  return organization;
}

/**
 * R1: the participants of an organization in a group are suspended while it does not qualify for
 * the group, and restored when it does again: one event each. Nothing is deleted.
 */
export async function applyEligibility(
  manager: EntityManager,
  outbox: Outbox,
  group: Pick<GroupEntity, 'id' | 'studyGroups'>,
  organization: Pick<OrganizationEntity, 'id' | 'studyGroups'>,
): Promise<void> {
  const eligible = isEligible(group.studyGroups, organization.studyGroups);
  const participants = await manager.find(ParticipantEntity, {
    where: { groupId: group.id, organizationId: organization.id },
    order: { id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
  for (const participant of participants) {
    const status = statusWhenEligibility(participant.status, eligible);
    if (status === participant.status) continue;
    participant.status = status;
    await manager.update(ParticipantEntity, { id: participant.id }, { status });
    await outbox.record(
      manager,
      status === 'suspended' ? 'participant.suspended' : 'participant.restored',
      participant.toContract(),
      { groupId: group.id },
    );
  }
}

/** R1: organizations, the study groups they participate in, and their admission to groups. */
@Injectable()
export class OrganizationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async register(input: RequestOf<'membership.organizations.register'>): Promise<Organization> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const entity = manager.create(OrganizationEntity, { id: uuidv7(), ...input });
        await manager.insert(OrganizationEntity, entity);
        return entity.toContract();
      });
    } catch (error) {
      if (isUniqueViolation(error, 'organizations_name')) throw MembershipErrors.organizationExists(input.name);
      throw error;
    }
  }

  async list(input: RequestOf<'membership.organizations.list'>): Promise<ResponseOf<'membership.organizations.list'>> {
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
    if (after === null) throw MembershipErrors.invalidCursor();
    const rows = await this.dataSource.getRepository(OrganizationEntity).find({
      where: after ? { id: MoreThan(after) } : {},
      order: { id: 'ASC' },
      take: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    return {
      items: page.map((o) => o.toContract()),
      nextCursor: rows.length > input.limit ? encodeCursor(page[page.length - 1].id) : null,
    };
  }

  async get(organizationId: string): Promise<Organization> {
    return (await findOrganization(this.dataSource.manager, organizationId)).toContract();
  }

  /**
   * R1: TSB says which study groups an organization participates in. In every group it was
   * admitted to, its participants are suspended when it no longer qualifies, and restored when
   * it qualifies again. Nothing is deleted.
   */
  async setParticipation(input: RequestOf<'membership.organizations.set-participation'>): Promise<Organization> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await findOrganization(manager, input.organizationId, true);
      const previousStudyGroups = organization.studyGroups;
      organization.studyGroups = input.studyGroups;
      await manager.update(OrganizationEntity, { id: organization.id }, { studyGroups: input.studyGroups });

      const admissions = await manager.find(GroupOrganizationEntity, { where: { organizationId: organization.id } });
      const groups = admissions.length
        ? await manager.find(GroupEntity, { where: { id: In(admissions.map((a) => a.groupId)) } })
        : [];
      for (const group of groups) await applyEligibility(manager, this.outbox, group, organization);
      const contract = organization.toContract();
      await this.outbox.record(
        manager,
        'organization.participation-changed',
        { organization: contract, previousStudyGroups },
        { groupId: null },
      );
      return contract;
    });
  }

  /** R1: an organization joins a group only while it participates in one of the group's study groups. */
  async admit(
    input: RequestOf<'membership.groups.admit-organization'>,
  ): Promise<ResponseOf<'membership.groups.admit-organization'>> {
    return this.dataSource.transaction(async (manager) => {
      const group = await lockGroup(manager, input.groupId);
      assertActive(group);
      const organization = await findOrganization(manager, input.organizationId);
      if (!isEligible(group.studyGroups, organization.studyGroups)) {
        throw MembershipErrors.notEligible(organization.name, group.acronym, group.studyGroups);
      }
      if (await manager.existsBy(GroupOrganizationEntity, { groupId: group.id, organizationId: organization.id })) {
        throw MembershipErrors.alreadyAdmitted(organization.name, group.acronym);
      }
      const admittedAt = this.clock.now();
      await manager.insert(GroupOrganizationEntity, { groupId: group.id, organizationId: organization.id, admittedAt });
      return { groupId: group.id, organizationId: organization.id, admittedAt: admittedAt.toISOString() };
    });
  }
}
