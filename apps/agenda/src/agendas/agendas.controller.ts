import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope, Meeting, RequestOf, ResponseOf } from '@jcg/contracts';
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
    await this.inbox.handleOnce(event, 'draft-agenda', (manager) => this.agendas.createDraft(manager, event.data));
  }

  @MessagePattern('agenda.agendas.get')
  get(@Payload() request: RequestOf<'agenda.agendas.get'>): Promise<ResponseOf<'agenda.agendas.get'>> {
    return this.agendas.get(request.groupId, request.meetingId);
  }
}
