import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { ConvenorAppointment, RequestOf } from '@jcg/contracts';
import { Outbox } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { GroupEntity } from '../groups/group.entity.js';
import { assertActive, lockGroup } from '../groups/groups.service.js';
import { MembershipErrors } from '../membership.errors.js';
import { ParticipantEntity } from '../participants/participant.entity.js';
import { lockParticipant } from '../participants/participants.service.js';
import { roleAfterAppointments } from '../rules/convenor.rule.js';
import { ConvenorAppointmentEntity } from './convenor-appointment.entity.js';

/** A participant is a co-convenor while they hold a current appointment (R2). */
export async function settleRole(
  manager: EntityManager,
  outbox: Outbox,
  groupId: string,
  participantId: string,
): Promise<void> {
  const participant = await lockParticipant(manager, groupId, participantId);
  const held = await manager.countBy(ConvenorAppointmentEntity, { participantId, endedOn: IsNull() });
  const role = roleAfterAppointments(held);
  if (participant.role === role) return;
  participant.role = role;
  await manager.update(ParticipantEntity, { id: participant.id }, { role });
  await outbox.record(manager, 'participant.updated', participant.toContract(), { groupId });
}

/** R2: one co-convenor per participating study group, appointed by that study group. */
@Injectable()
export class ConvenorsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A new appointment replaces the study group's current co-convenor, who stays in the history. */
  async appoint(input: RequestOf<'membership.convenors.appoint'>): Promise<ConvenorAppointment> {
    return this.dataSource.transaction(async (manager) => {
      const group = await lockGroup(manager, input.groupId);
      assertActive(group);
      if (!group.studyGroups.includes(input.studyGroup)) {
        throw MembershipErrors.notAParticipatingStudyGroup(input.studyGroup, group.acronym, group.studyGroups);
      }
      const appointee = await lockParticipant(manager, group.id, input.participantId);
      if (appointee.status !== 'active') throw MembershipErrors.appointeeNotActive();

      const current = await manager.findOne(ConvenorAppointmentEntity, {
        where: { groupId: group.id, studyGroup: input.studyGroup, endedOn: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      const appointment = manager.create(ConvenorAppointmentEntity, {
        id: uuidv7(),
        groupId: group.id,
        studyGroup: input.studyGroup,
        participantId: appointee.id,
        appointedOn: input.appointedOn,
        reference: input.reference,
        endedOn: null,
        replacedBy: null,
        recordedAt: this.clock.now(),
      });
      if (current) {
        await manager.update(
          ConvenorAppointmentEntity,
          { id: current.id },
          { endedOn: input.appointedOn, replacedBy: appointment.id },
        );
      }
      await manager.insert(ConvenorAppointmentEntity, appointment);

      const touched = new Set([appointee.id, ...(current ? [current.participantId] : [])]);
      for (const participantId of touched) await settleRole(manager, this.outbox, group.id, participantId);

      const contract = this.toContract(appointment, appointee.name);
      await this.outbox.record(
        manager,
        'convenor.appointed',
        {
          appointment: contract,
          replacedParticipantId: current && current.participantId !== appointee.id ? current.participantId : null,
        },
        { groupId: group.id },
      );
      return contract;
    });
  }

  async history(groupId: string): Promise<ConvenorAppointment[]> {
    if (!(await this.dataSource.getRepository(GroupEntity).existsBy({ id: groupId })))
      throw MembershipErrors.groupNotFound(groupId);
    const rows = await this.dataSource
      .getRepository(ConvenorAppointmentEntity)
      .createQueryBuilder('a')
      .innerJoin(ParticipantEntity, 'p', 'p.id = a.participant_id')
      .addSelect('p.name', 'participant_name')
      .where('a.group_id = :groupId', { groupId })
      .orderBy('a.study_group', 'ASC')
      .addOrderBy('a.recorded_at', 'ASC')
      .getRawAndEntities();
    return rows.entities.map((entity, i) =>
      this.toContract(entity, String((rows.raw[i] as { participant_name: string }).participant_name)),
    );
  }

  private toContract(entity: ConvenorAppointmentEntity, participantName: string): ConvenorAppointment {
    return {
      id: entity.id,
      groupId: entity.groupId,
      studyGroup: entity.studyGroup,
      participantId: entity.participantId,
      participantName,
      appointedOn: entity.appointedOn,
      reference: entity.reference,
      endedOn: entity.endedOn,
      replacedBy: entity.replacedBy,
    };
  }
}
