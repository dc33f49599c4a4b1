import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import type { EventDataOf, EventEnvelope, Meeting, RequestOf, ResponseOf } from '@jcg/contracts';
import { Inbox } from '@jcg/messaging';
import { AgendasService } from './agendas.service.js';

@Controller()
export class AgendasController {
  constructor(
    private readonly agendas: AgendasService,
    private readonly inbox: Inbox,
  ) {}

  @EventPattern('meeting.proposed')
  async onMeetingProposed(@Payload() event: EventEnvelope<Meeting>): Promise<void> {
    await this.inbox.handleOnce(event, 'agenda-meeting', (manager) => this.agendas.track(manager, event.data));
  }

  @EventPattern('meeting.announced')
  async onMeetingAnnounced(@Payload() event: EventEnvelope<EventDataOf<'meeting.announced'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'agenda-meeting', (manager) => this.agendas.track(manager, event.data.meeting));
  }

  @EventPattern('meeting.changed')
  async onMeetingChanged(@Payload() event: EventEnvelope<EventDataOf<'meeting.changed'>>): Promise<void> {
    await this.inbox.handleOnce(event, 'agenda-meeting', (manager) => this.agendas.track(manager, event.data.meeting));
  }

  @EventPattern('meeting.cancelled')
  async onMeetingCancelled(@Payload() event: EventEnvelope<Meeting>): Promise<void> {
    await this.inbox.handleOnce(event, 'agenda-meeting', (manager) => this.agendas.track(manager, event.data));
  }

  @MessagePattern('agenda.agendas.ensure-draft')
  ensureDraft(
    @Payload() request: RequestOf<'agenda.agendas.ensure-draft'>,
  ): Promise<ResponseOf<'agenda.agendas.ensure-draft'>> {
    return this.agendas.ensureDraft(request.groupId, request.meetingId, request.meeting);
  }

  @MessagePattern('agenda.agendas.get')
  get(@Payload() request: RequestOf<'agenda.agendas.get'>): Promise<ResponseOf<'agenda.agendas.get'>> {
    return this.agendas.get(request.groupId, request.meetingId);
  }

  @MessagePattern('agenda.agendas.set-items')
  setItems(@Payload() request: RequestOf<'agenda.agendas.set-items'>): Promise<ResponseOf<'agenda.agendas.set-items'>> {
    return this.agendas.setItems(request.groupId, request.meetingId, request.items);
  }

  @MessagePattern('agenda.agendas.adopt')
  adopt(@Payload() request: RequestOf<'agenda.agendas.adopt'>): Promise<ResponseOf<'agenda.agendas.adopt'>> {
    return this.agendas.adopt(request.groupId, request.meetingId);
  }
}
