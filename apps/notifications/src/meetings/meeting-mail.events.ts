import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventDataOf, EventEnvelope, Meeting } from '@jcg/contracts';
import { Inbox } from '@jcg/messaging';
import { MeetingMail } from './meeting-mail.js';

@Controller()
export class MeetingMailEvents {
  constructor(
    private readonly inbox: Inbox,
    private readonly mail: MeetingMail,
  ) {}

  @EventPattern('meeting.announced')
  async announced(@Payload() event: EventEnvelope<EventDataOf<'meeting.announced'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'meeting-mail', (manager) =>
      this.mail.announced(manager, event.id, event.data.meeting, event.data.agenda),
    );
  }

  @EventPattern('meeting.changed')
  async changed(@Payload() event: EventEnvelope<EventDataOf<'meeting.changed'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'meeting-mail', (manager) =>
      this.mail.changed(manager, event.id, event.data.meeting),
    );
  }

  @EventPattern('meeting.announcement-reminder')
  async reminder(@Payload() event: EventEnvelope<EventDataOf<'meeting.announcement-reminder'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'meeting-mail', (manager) =>
      this.mail.reminder(manager, event.data.meeting, event.data.daysBefore),
    );
  }

  @EventPattern('agenda.revised')
  async agendaRevised(@Payload() event: EventEnvelope<EventDataOf<'agenda.revised'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'meeting-mail', (manager) =>
      this.mail.agendaRevised(manager, event.data.agenda),
    );
  }

  @EventPattern('meeting.cancelled')
  async cancelled(@Payload() event: EventEnvelope<Meeting>): Promise<void> {
    await this.inbox.handleOnce(event, 'meeting-mail', (manager) => this.mail.cancelled(manager, event.id, event.data));
  }
}
