import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { Agenda, EventDataOf, EventEnvelope, Meeting } from '@jcg/contracts';
import { Inbox } from '@jcg/messaging';
import { MeetingMail } from './meeting-mail.js';

/**
 * Meeting events keep notifications' copy of the meeting (the newest version wins) and bring its
 * mail in line with that copy: the event's type says nothing the copy does not, so events may
 * arrive in any order, and twice.
 */
@Controller()
export class MeetingMailEvents {
  constructor(
    private readonly inbox: Inbox,
    private readonly mail: MeetingMail,
  ) {}

  @EventPattern('meeting.announced')
  async announced(@Payload() event: EventEnvelope<EventDataOf<'meeting.announced'>>): Promise<void> {
    await this.apply(event, event.data.meeting, event.data.agenda);
  }

  @EventPattern('meeting.changed')
  async changed(@Payload() event: EventEnvelope<EventDataOf<'meeting.changed'>>): Promise<void> {
    await this.apply(event, event.data.meeting);
  }

  @EventPattern('meeting.cancelled')
  async cancelled(@Payload() event: EventEnvelope<Meeting>): Promise<void> {
    await this.apply(event, event.data);
  }

  @EventPattern('agenda.revised')
  async agendaRevised(@Payload() event: EventEnvelope<EventDataOf<'agenda.revised'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'meeting-mail', (manager) =>
      this.mail.agendaRevised(manager, event.data.agenda),
    );
  }

  @EventPattern('meeting.announcement-reminder')
  async reminder(@Payload() event: EventEnvelope<EventDataOf<'meeting.announcement-reminder'>>): Promise<void> {
    const { meeting, daysBefore } = event.data;
    await this.inbox.handleOnce(event, 'meeting-mail', (manager) =>
      this.mail.notice(manager, 'reminder', meeting, `${daysBefore}d-${meeting.announcementDeadline}`, { daysBefore }),
    );
  }

  @EventPattern('meeting.announcement-missed')
  async missed(@Payload() event: EventEnvelope<EventDataOf<'meeting.announcement-missed'>>): Promise<void> {
    const { meeting, reason, detail } = event.data;
    await this.inbox.handleOnce(event, 'meeting-mail', (manager) =>
      this.mail.notice(manager, 'announcement-missed', meeting, `${reason}-${meeting.announcementDeadline}`, {
        reason,
        detail,
      }),
    );
  }

  private async apply(event: EventEnvelope, meeting: Meeting, agenda?: Agenda): Promise<void> {
    await this.inbox.handleOnce(event, 'meeting-mail', async (manager: EntityManager) => {
      await this.mail.lockGroup(manager, meeting.groupId);
      await this.mail.keep(manager, meeting, agenda);
      await this.mail.reconcile(manager, meeting.id);
    });
  }
}
