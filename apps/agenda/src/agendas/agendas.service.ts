import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Agenda, AgendaItem, Meeting } from '@jcg/contracts';
import { BullMqClient, CommandError, Outbox, RemoteError } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { AgendaEntity } from './agenda.entity.js';
import { standardAgenda } from './agenda.template.js';

const refuse = (status: number, code: string, title: string, detail: string) =>
  new CommandError({ status, code, title, detail });

@Injectable()
export class AgendasService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly client: BullMqClient,
  ) {}

  /**
   * Keeps what the agenda needs of its meeting (title, start, state) from the newest copy of the
   * meeting, by version, whatever the order events arrive in; the first news of a meeting (its
   * proposal, or any later event that overtook it) makes its draft from the standard template.
   */
  async track(manager: EntityManager, meeting: Meeting): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(AgendaEntity)
      .values({
        meetingId: meeting.id,
        groupId: meeting.groupId,
        label: 'draft',
        items: standardAgenda(),
        updatedAt: this.clock.now(),
        meetingTitle: meeting.title,
        startsAt: new Date(meeting.startsAt),
        meetingState: meeting.state,
        revision: 0,
        meetingVersion: meeting.version,
      })
      .orIgnore()
      .execute();
    await manager
      .createQueryBuilder()
      .update(AgendaEntity)
      .set({
        meetingTitle: meeting.title,
        startsAt: new Date(meeting.startsAt),
        meetingState: meeting.state,
        meetingVersion: meeting.version,
      })
      .where('meeting_id = :id AND meeting_version < :version', { id: meeting.id, version: meeting.version })
      .execute();
  }

  /** The meeting's agenda, made now if it has none yet (meetings asks when proposing and announcing). */
  async ensureDraft(groupId: string, meetingId: string, meeting: Meeting): Promise<Agenda> {
    if (meeting.id !== meetingId || meeting.groupId !== groupId) {
      throw refuse(400, 'MEETING_MISMATCH', 'Meeting mismatch', 'The meeting given is not the one named.');
    }
    return this.dataSource.transaction(async (manager) => {
      await this.track(manager, meeting);
      const agenda = await this.lock(manager, groupId, meetingId);
      return agenda.toContract();
    });
  }

  /**
   * Replaces the items. Before the announcement the draft simply changes; after it, each change is
   * a numbered revision (rev.1, rev.2 ...) sent to the list, allowed until the start (R4).
   */
  async setItems(groupId: string, meetingId: string, items: AgendaItem[]): Promise<Agenda> {
    const meeting = await this.currentMeeting(groupId, meetingId);
    return this.dataSource.transaction(async (manager) => {
      await this.track(manager, meeting);
      const agenda = await this.lock(manager, groupId, meetingId);
      if (agenda.label === 'adopted')
        throw refuse(
          409,
          'AGENDA_ADOPTED',
          'Agenda adopted',
          'The meeting adopted its agenda; it is not revised any more.',
        );
      if (agenda.meetingState === 'cancelled')
        throw refuse(409, 'MEETING_CANCELLED', 'Meeting cancelled', 'The meeting is cancelled.');
      const announced = agenda.meetingState === 'announced';
      if (announced && agenda.startsAt && this.clock.now().getTime() >= agenda.startsAt.getTime()) {
        throw refuse(
          409,
          'MEETING_STARTED',
          'Meeting started',
          'A revised draft agenda is allowed until the meeting starts (R4); adopt the agenda instead.',
        );
      }
      agenda.items = items;
      agenda.updatedAt = this.clock.now();
      if (announced) {
        agenda.revision += 1;
        agenda.label = `rev.${agenda.revision}`;
      }
      await manager.save(agenda);
      const contract = agenda.toContract();
      if (announced) {
        await this.outbox.record(
          manager,
          'agenda.revised',
          { agenda: contract, meetingTitle: agenda.meetingTitle, startsAt: agenda.startsAt!.toISOString() },
          { groupId },
        );
      }
      return contract;
    });
  }

  /** The agenda adopted at the meeting: only an announced meeting adopts one, and once. */
  async adopt(groupId: string, meetingId: string): Promise<Agenda> {
    const meeting = await this.currentMeeting(groupId, meetingId);
    return this.dataSource.transaction(async (manager) => {
      await this.track(manager, meeting);
      const agenda = await this.lock(manager, groupId, meetingId);
      if (agenda.meetingState !== 'announced' && agenda.meetingState !== 'held') {
        throw refuse(
          409,
          'MEETING_NOT_ANNOUNCED',
          'Meeting not announced',
          'Only an announced meeting adopts its agenda.',
        );
      }
      if (agenda.label === 'adopted')
        throw refuse(409, 'AGENDA_ADOPTED', 'Agenda adopted', 'The agenda is already adopted.');
      agenda.label = 'adopted';
      agenda.updatedAt = this.clock.now();
      await manager.save(agenda);
      return agenda.toContract();
    });
  }

  async get(groupId: string, meetingId: string): Promise<Agenda> {
    const agenda = await this.dataSource.getRepository(AgendaEntity).findOneBy({ meetingId, groupId });
    if (!agenda) throw this.notFound(meetingId);
    return agenda.toContract();
  }

  /**
   * The meeting as meetings knows it now: whether an edit is a revision to mail depends on
   * whether the meeting is announced, and the copy kept from events may not know it yet.
   */
  private async currentMeeting(groupId: string, meetingId: string): Promise<Meeting> {
    return this.client.request('meetings.meetings.get', { groupId, meetingId }).catch((error: unknown) => {
      if (error instanceof RemoteError && error.problem.status === 404) throw this.notFound(meetingId);
      throw error;
    });
  }

  private async lock(manager: EntityManager, groupId: string, meetingId: string): Promise<AgendaEntity> {
    const agenda = await manager.findOne(AgendaEntity, {
      where: { meetingId, groupId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!agenda) throw this.notFound(meetingId);
    return agenda;
  }

  private notFound(meetingId: string): CommandError {
    return refuse(
      404,
      'AGENDA_NOT_FOUND',
      'Agenda not found',
      `The group has no meeting ${meetingId} with an agenda (no such meeting in this group, or its agenda is not made yet).`,
    );
  }
}
