import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Agenda, AgendaItem, Meeting } from '@jcg/contracts';
import { CommandError, Outbox } from '@jcg/messaging';
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
  ) {}

  /** A proposed meeting gets its draft agenda from the standard template (once, whatever the redeliveries). */
  async createDraft(manager: EntityManager, eventId: string, meeting: Meeting): Promise<void> {
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
        lastMeetingEventId: eventId,
      })
      .orIgnore()
      .execute();
  }

  /** Keeps what the agenda needs of its meeting (start, state), from the newest meeting event. */
  async track(manager: EntityManager, eventId: string, meeting: Meeting): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(AgendaEntity)
      .set({
        meetingTitle: meeting.title,
        startsAt: new Date(meeting.startsAt),
        meetingState: meeting.state,
        lastMeetingEventId: eventId,
      })
      .where('meeting_id = :id AND (last_meeting_event_id IS NULL OR last_meeting_event_id < :eventId)', {
        id: meeting.id,
        eventId,
      })
      .execute();
    const exists = await manager.existsBy(AgendaEntity, { meetingId: meeting.id });
    // Events may arrive before meeting.proposed: retried until the agenda exists.
    if (!result.affected && !exists) throw new Error(`the agenda of ${meeting.id} does not exist yet`);
  }

  /**
   * Replaces the items. Before the announcement the draft simply changes; after it, each change is
   * a numbered revision (rev.1, rev.2 ...) sent to the list, allowed until the start (R4).
   */
  async setItems(groupId: string, meetingId: string, items: AgendaItem[]): Promise<Agenda> {
    return this.dataSource.transaction(async (manager) => {
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
    return this.dataSource.transaction(async (manager) => {
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

  private async lock(manager: EntityManager, groupId: string, meetingId: string): Promise<AgendaEntity> {
    const agenda = await manager.findOne(AgendaEntity, {
      where: { meetingId, groupId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!agenda) throw this.notFound(meetingId);
    return agenda;
  }

  private notFound(meetingId: string): CommandError {
    return refuse(404, 'AGENDA_NOT_FOUND', 'Agenda not found', `The meeting ${meetingId} has no agenda yet.`);
  }
}
