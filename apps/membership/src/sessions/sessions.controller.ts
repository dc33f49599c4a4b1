import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { SessionsService } from './sessions.service.js';

@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @MessagePattern('membership.sessions.open')
  open(@Payload() request: RequestOf<'membership.sessions.open'>): Promise<ResponseOf<'membership.sessions.open'>> {
    return this.sessions.open(request);
  }

  @MessagePattern('membership.sessions.authenticate')
  authenticate(
    @Payload() request: RequestOf<'membership.sessions.authenticate'>,
  ): Promise<ResponseOf<'membership.sessions.authenticate'>> {
    return this.sessions.authenticate(request);
  }

  @MessagePattern('membership.sessions.revoke')
  async revoke(
    @Payload() request: RequestOf<'membership.sessions.revoke'>,
  ): Promise<ResponseOf<'membership.sessions.revoke'>> {
    return { revoked: await this.sessions.revoke(request) };
  }
}
