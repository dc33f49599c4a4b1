import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { checkReply, type BodyMeeting, type RequestOf, type ResponseOf } from '@jcg/contracts';
import { GroupDirectory } from '@jcg/group-directory';
import { Outbox } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { ObligationsService } from '../obligations/obligations.service.js';
import { ReportingErrors } from '../reporting.errors.js';
import { bodyMeetingChange } from '../rules/body-meeting-change.rule.js';
import { BodyMeetingEntity } from './body-meeting.entity.js';

/**
 * The meetings of the bodies groups report to, as TSB enters them: an upsert by TSB's reference,
 * so the same meeting sent again changes nothing. A changed first day is a move, `cancelled` a
 * cancellation; every group reporting to the body has its obligation opened, moved or cancelled
 * in the same transaction (R6).
 */
@Injectable()
export class BodyCalendarService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly obligations: ObligationsService,
    private readonly groups: GroupDirectory,
  ) {}

  async put(input: RequestOf<'reporting.body-meetings.put'>): Promise<ResponseOf<'reporting.body-meetings.put'>> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const { meeting: wanted } = input;
      // Concurrent sends of a new reference: one inserts, the others find it and compare.
      await manager
        .createQueryBuilder()
        .insert()
        .into(BodyMeetingEntity)
        .values({ id: uuidv7(), reference: input.reference, ...wanted, version: 0, createdAt: now, updatedAt: now })
        .orIgnore()
        .execute();
      const meeting = await this.lock(manager, input.reference);
      if (meeting.body !== wanted.body) throw ReportingErrors.referenceOfAnotherBody(input.reference, meeting.body);
      const isNew = meeting.version === 0;
      const previousFirstDay = meeting.firstDay;
      const change = bodyMeetingChange(isNew ? null : meeting, wanted);
      if (change !== 'unchanged' || isNew) {
        Object.assign(meeting, wanted, { version: meeting.version + 1, updatedAt: now });
        await manager.update(
          BodyMeetingEntity,
          { id: meeting.id },
          { ...wanted, version: meeting.version, updatedAt: now },
        );
        await this.follow(manager, meeting);
        const contract = meeting.toContract();
        if (change === 'scheduled')
          await this.outbox.record(manager, 'body-meeting.scheduled', contract, { groupId: null });
        if (change === 'moved') {
          await this.outbox.record(
            manager,
            'body-meeting.moved',
            { bodyMeeting: contract, previousFirstDay },
            { groupId: null },
          );
        }
        if (change === 'cancelled')
          await this.outbox.record(manager, 'body-meeting.cancelled', contract, { groupId: null });
      }
      return checkReply('reporting.body-meetings.put', { bodyMeeting: meeting.toContract(), change });
    });
  }

  /** TSB deleted the meeting: a cancellation (the record stays, with its obligations' history). */
  async cancel(input: RequestOf<'reporting.body-meetings.cancel'>): Promise<BodyMeeting> {
    const existing = await this.get(input.reference);
    const result = await this.put({
      reference: input.reference,
      meeting: {
        body: existing.body,
        firstDay: existing.firstDay,
        lastDay: existing.lastDay,
        place: existing.place,
        status: 'cancelled',
      },
    });
    return result.bodyMeeting;
  }

  async get(reference: string): Promise<BodyMeeting> {
    const meeting = await this.dataSource.getRepository(BodyMeetingEntity).findOneBy({ reference });
    if (!meeting) throw ReportingErrors.bodyMeetingNotFound(reference);
    return meeting.toContract();
  }

  async list(): Promise<BodyMeeting[]> {
    const rows = await this.dataSource
      .getRepository(BodyMeetingEntity)
      .find({ order: { firstDay: 'ASC', reference: 'ASC' } });
    return rows.map((m) => m.toContract());
  }

  /** Every group's obligation for this meeting follows it. */
  private async follow(manager: EntityManager, meeting: BodyMeetingEntity): Promise<void> {
    await this.obligations.reconcileMeeting(manager, await this.groups.all(manager), meeting);
  }

  private async lock(manager: EntityManager, reference: string): Promise<BodyMeetingEntity> {
    const meeting = await manager.findOne(BodyMeetingEntity, {
      where: { reference },
      lock: { mode: 'pessimistic_write' },
    });
    if (!meeting) throw ReportingErrors.bodyMeetingNotFound(reference);
    return meeting;
  }
}
