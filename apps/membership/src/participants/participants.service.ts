import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, MoreThan, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Participant, RequestOf, ResponseOf } from '@jcg/contracts';
import { Outbox } from '@jcg/messaging';
import { Clock, decodeCursor, encodeCursor } from '@jcg/persistence';
import { ApiKeyEntity } from '../api-keys/api-key.entity.js';
import { ConvenorAppointmentEntity } from '../convenors/convenor-appointment.entity.js';
import { GroupEntity } from '../groups/group.entity.js';
import { assertActive, lockGroup } from '../groups/groups.service.js';
import { MembershipErrors, isUniqueViolation } from '../membership.errors.js';
import { GroupOrganizationEntity, OrganizationEntity } from '../organizations/organization.entity.js';
import { findOrganization } from '../organizations/organizations.service.js';
import { isEligible } from '../rules/eligibility.rule.js';
import { ParticipantEntity } from './participant.entity.js';
import { endSignIns } from '../sessions/sessions.service.js';

export async function lockParticipant(
  manager: EntityManager,
  groupId: string,
  participantId: string,
): Promise<ParticipantEntity> {
  const participant = await manager.findOne(ParticipantEntity, {
    where: { id: participantId, groupId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!participant) throw MembershipErrors.participantNotFound(participantId);
  return participant;
}

function calendarDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

@Injectable()
export class ParticipantsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A person joins a group through an organization that is admitted and eligible (R1). */
  async register(input: RequestOf<'membership.participants.register'>): Promise<Participant> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const group = await lockGroup(manager, input.groupId);
        assertActive(group);
        const organization = await findOrganization(manager, input.organizationId);
        if (
          !(await manager.existsBy(GroupOrganizationEntity, { groupId: group.id, organizationId: organization.id }))
        ) {
          throw MembershipErrors.organizationNotAdmitted(organization.name, group.acronym);
        }
        if (!isEligible(group.studyGroups, organization.studyGroups)) {
          throw MembershipErrors.notEligible(organization.name, group.acronym, group.studyGroups);
        }
        await this.assertEmailFree(manager, group.id, input.email);
        const participant = manager.create(ParticipantEntity, {
          id: uuidv7(),
          groupId: group.id,
          organizationId: organization.id,
          name: input.name,
          email: input.email,
          timeZone: input.timeZone,
          role: input.role,
          status: 'active',
          joinedAt: this.clock.now(),
          leftAt: null,
        });
        await manager.insert(ParticipantEntity, participant);
        await this.outbox.record(manager, 'participant.joined', participant.toContract(), { groupId: group.id });
        return participant.toContract();
      });
    } catch (error) {
      if (isUniqueViolation(error, 'participants_email')) throw MembershipErrors.emailTaken(input.email);
      throw error;
    }
  }

  async update(input: RequestOf<'membership.participants.update'>): Promise<Participant> {
    const { change } = input;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const participant = await lockParticipant(manager, input.groupId, input.participantId);
        if (participant.status === 'left') throw MembershipErrors.participantLeft();
        if (change.role && participant.role === 'co-convenor') throw MembershipErrors.roleHeldByAppointment();
        if (change.email && change.email.toLowerCase() !== participant.email.toLowerCase()) {
          await this.assertEmailFree(manager, participant.groupId, change.email);
          // The address is how a person signs in: their sessions end and earlier links stop working.
          await endSignIns(manager, participant.id, this.clock.now());
        }
        Object.assign(participant, change);
        await manager.update(ParticipantEntity, { id: participant.id }, change);
        await this.outbox.record(manager, 'participant.updated', participant.toContract(), {
          groupId: participant.groupId,
        });
        return participant.toContract();
      });
    } catch (error) {
      if (isUniqueViolation(error, 'participants_email')) throw MembershipErrors.emailTaken(change.email ?? '');
      throw error;
    }
  }

  /** The participant leaves: the record stays, their keys are revoked, their appointments end. */
  async leave(input: RequestOf<'membership.participants.leave'>): Promise<Participant> {
    return this.dataSource.transaction(async (manager) => {
      const participant = await lockParticipant(manager, input.groupId, input.participantId);
      if (participant.status === 'left') throw MembershipErrors.participantLeft();
      const now = this.clock.now();
      participant.status = 'left';
      participant.leftAt = now;
      if (participant.role === 'co-convenor') participant.role = 'participant';
      await manager.update(
        ParticipantEntity,
        { id: participant.id },
        { status: 'left', leftAt: now, role: participant.role },
      );
      await manager.update(ApiKeyEntity, { participantId: participant.id, revokedAt: IsNull() }, { revokedAt: now });
      await manager.update(
        ConvenorAppointmentEntity,
        { participantId: participant.id, endedOn: IsNull() },
        { endedOn: calendarDate(now) },
      );
      await this.outbox.record(manager, 'participant.left', participant.toContract(), { groupId: participant.groupId });
      return participant.toContract();
    });
  }

  async list(input: RequestOf<'membership.participants.list'>): Promise<ResponseOf<'membership.participants.list'>> {
    await this.assertGroup(input.groupId);
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
    if (after === null) throw MembershipErrors.invalidCursor();
    const where: FindOptionsWhere<ParticipantEntity> = { groupId: input.groupId };
    if (input.status) where.status = input.status;
    if (input.role) where.role = input.role;
    if (input.organizationId) where.organizationId = input.organizationId;
    if (after) where.id = MoreThan(after);
    const rows = await this.dataSource
      .getRepository(ParticipantEntity)
      .find({ where, order: { id: 'ASC' }, take: input.limit + 1 });
    const page = rows.slice(0, input.limit);
    return {
      items: page.map((p) => p.toContract()),
      nextCursor: rows.length > input.limit ? encodeCursor(page[page.length - 1].id) : null,
    };
  }

  async get(groupId: string, participantId: string): Promise<Participant> {
    const participant = await this.dataSource
      .getRepository(ParticipantEntity)
      .findOneBy({ id: participantId, groupId });
    if (!participant) throw MembershipErrors.participantNotFound(participantId);
    return participant.toContract();
  }

  /** R8: the mailing list is every active participant; suspended ones and those who left are not on it. */
  async roster(groupId: string): Promise<ResponseOf<'membership.roster.get'>> {
    const group = await this.assertGroup(groupId);
    const rows = await this.dataSource
      .getRepository(ParticipantEntity)
      .createQueryBuilder('p')
      .innerJoin(OrganizationEntity, 'o', 'o.id = p.organization_id')
      .select([
        'p.name AS name',
        'p.email AS email',
        'o.name AS organization',
        'p.role AS role',
        'p.time_zone AS "timeZone"',
      ])
      .where('p.group_id = :groupId AND p.status = :status', { groupId, status: 'active' })
      .orderBy('lower(p.name)', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getRawMany<ResponseOf<'membership.roster.get'>['items'][number]>();
    return { group: group.acronym, mailingList: group.mailingList, items: rows };
  }

  private async assertGroup(groupId: string): Promise<GroupEntity> {
    const group = await this.dataSource.getRepository(GroupEntity).findOneBy({ id: groupId });
    if (!group) throw MembershipErrors.groupNotFound(groupId);
    return group;
  }

  private async assertEmailFree(manager: EntityManager, groupId: string, email: string): Promise<void> {
    const taken = await manager
      .getRepository(ParticipantEntity)
      .createQueryBuilder('p')
      .where('p.group_id = :groupId AND lower(p.email) = lower(:email) AND p.status <> :left', {
        groupId,
        email,
        left: 'left',
      })
      .getExists();
    if (taken) throw MembershipErrors.emailTaken(email);
  }
}
