import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { MeetingsService } from './meetings.service.js';
import { SlotPlanner } from './slot-planner.js';

@Controller()
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly slots: SlotPlanner,
  ) {}

  @MessagePattern('meetings.slots.suggest')
  suggestSlots(@Payload() request: RequestOf<'meetings.slots.suggest'>): Promise<ResponseOf<'meetings.slots.suggest'>> {
    return this.slots.suggest(request);
  }

  @MessagePattern('meetings.meetings.propose')
  propose(
    @Payload() request: RequestOf<'meetings.meetings.propose'>,
  ): Promise<ResponseOf<'meetings.meetings.propose'>> {
    return this.meetings.propose(request);
  }

  @MessagePattern('meetings.meetings.get')
  get(@Payload() request: RequestOf<'meetings.meetings.get'>): Promise<ResponseOf<'meetings.meetings.get'>> {
    return this.meetings.get(request.groupId, request.meetingId);
  }

  @MessagePattern('meetings.meetings.list')
  async list(@Payload() request: RequestOf<'meetings.meetings.list'>): Promise<ResponseOf<'meetings.meetings.list'>> {
    return { items: await this.meetings.list(request.groupId) };
  }

  @MessagePattern('meetings.meetings.concur')
  concur(@Payload() request: RequestOf<'meetings.meetings.concur'>): Promise<ResponseOf<'meetings.meetings.concur'>> {
    return this.meetings.concur(request);
  }

  @MessagePattern('meetings.meetings.provision')
  provision(
    @Payload() request: RequestOf<'meetings.meetings.provision'>,
  ): Promise<ResponseOf<'meetings.meetings.provision'>> {
    return this.meetings.provision(request);
  }

  @MessagePattern('meetings.meetings.announce')
  announce(
    @Payload() request: RequestOf<'meetings.meetings.announce'>,
  ): Promise<ResponseOf<'meetings.meetings.announce'>> {
    return this.meetings.announce(request);
  }

  @MessagePattern('meetings.meetings.move')
  move(@Payload() request: RequestOf<'meetings.meetings.move'>): Promise<ResponseOf<'meetings.meetings.move'>> {
    return this.meetings.move(request);
  }

  @MessagePattern('meetings.meetings.schedule-announcement')
  scheduleAnnouncement(
    @Payload() request: RequestOf<'meetings.meetings.schedule-announcement'>,
  ): Promise<ResponseOf<'meetings.meetings.schedule-announcement'>> {
    return this.meetings.scheduleAnnouncement(request);
  }

  @MessagePattern('meetings.meetings.record')
  record(@Payload() request: RequestOf<'meetings.meetings.record'>): Promise<ResponseOf<'meetings.meetings.record'>> {
    return this.meetings.record(request);
  }

  @MessagePattern('meetings.meetings.close')
  close(@Payload() request: RequestOf<'meetings.meetings.close'>): Promise<ResponseOf<'meetings.meetings.close'>> {
    return this.meetings.close(request);
  }

  @MessagePattern('meetings.meetings.cancel')
  cancel(@Payload() request: RequestOf<'meetings.meetings.cancel'>): Promise<ResponseOf<'meetings.meetings.cancel'>> {
    return this.meetings.cancel(request);
  }
}
