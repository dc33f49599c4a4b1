import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { ParticipantsService } from './participants.service.js';

@Controller()
export class ParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @MessagePattern('membership.participants.register')
  register(
    @Payload() request: RequestOf<'membership.participants.register'>,
  ): Promise<ResponseOf<'membership.participants.register'>> {
    return this.participants.register(request);
  }

  @MessagePattern('membership.participants.update')
  update(
    @Payload() request: RequestOf<'membership.participants.update'>,
  ): Promise<ResponseOf<'membership.participants.update'>> {
    return this.participants.update(request);
  }

  @MessagePattern('membership.participants.leave')
  leave(
    @Payload() request: RequestOf<'membership.participants.leave'>,
  ): Promise<ResponseOf<'membership.participants.leave'>> {
    return this.participants.leave(request);
  }

  @MessagePattern('membership.participants.list')
  list(
    @Payload() request: RequestOf<'membership.participants.list'>,
  ): Promise<ResponseOf<'membership.participants.list'>> {
    return this.participants.list(request);
  }

  @MessagePattern('membership.participants.get')
  get(
    @Payload() request: RequestOf<'membership.participants.get'>,
  ): Promise<ResponseOf<'membership.participants.get'>> {
    return this.participants.get(request.groupId, request.participantId);
  }

  @MessagePattern('membership.roster.get')
  roster(@Payload() request: RequestOf<'membership.roster.get'>): Promise<ResponseOf<'membership.roster.get'>> {
    return this.participants.roster(request.groupId);
  }
}
