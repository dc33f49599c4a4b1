import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Group, RequestOf } from '@jcg/contracts';
import { Outbox } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { ConvenorAppointmentEntity } from '../convenors/convenor-appointment.entity.js';
import { settleRole } from '../convenors/convenors.service.js';
import { GroupOrganizationEntity, OrganizationEntity } from '../organizations/organization.entity.js';
import { applyEligibility } from '../organizations/organizations.service.js';
import { GroupDecisionEntity } from './group-decision.entity.js';
import { GroupEntity } from './group.entity.js';
import { assertActive, lockGroup } from './groups.service.js';

/**
 * The parent decides which study groups take part in a group. What follows from it: an
 * organization that no longer qualifies has its participants suspended, one that qualifies
 * again has them restored (R1); a study group that leaves takes its co-convenor's appointment
 * with it (R2); the decision is kept; reporting owes reports to the new study groups (R6).
 */
@Injectable()
export class StudyGroupsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async set(input: RequestOf<'membership.groups.set-study-groups'>): Promise<Group> {
    return this.dataSource.transaction(async (manager) => {
      const group = await lockGroup(manager, input.groupId);
      assertActive(group);
      const previousStudyGroups = group.studyGroups;
      const same =
        previousStudyGroups.length === input.studyGroups.length &&
        input.studyGroups.every((sg) => previousStudyGroups.includes(sg));
      if (same) return group.toContract();
      group.studyGroups = input.studyGroups;
      await manager.update(GroupEntity, { id: group.id }, { studyGroups: input.studyGroups });

      const removed = previousStudyGroups.filter((sg) => !input.studyGroups.includes(sg));
      if (removed.length > 0) {
        const ending = await manager.find(ConvenorAppointmentEntity, {
          where: { groupId: group.id, studyGroup: In(removed), endedOn: IsNull() },
          lock: { mode: 'pessimistic_write' },
        });
        for (const appointment of ending) {
          await manager.update(ConvenorAppointmentEntity, { id: appointment.id }, { endedOn: input.decidedOn });
          await settleRole(manager, this.outbox, group.id, appointment.participantId);
        }
      }
      const admitted = await manager.find(GroupOrganizationEntity, { where: { groupId: group.id } });
      const organizations = admitted.length
        ? await manager.find(OrganizationEntity, { where: { id: In(admitted.map((a) => a.organizationId)) } })
        : [];
      for (const organization of organizations) await applyEligibility(manager, this.outbox, group, organization);

      await manager.insert(GroupDecisionEntity, {
        id: uuidv7(),
        groupId: group.id,
        kind: 'study-groups',
        decidedOn: input.decidedOn,
        reference: input.reference,
        until: null,
        studyGroupInput: input.studyGroups,
        recordedAt: this.clock.now(),
      });
      const contract = group.toContract();
      await this.outbox.record(
        manager,
        'group.study-groups-changed',
        { group: contract, previousStudyGroups },
        { groupId: group.id },
      );
      return contract;
    });
  }
}
