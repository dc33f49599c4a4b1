import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { SignInLinks } from './sign-in-links.service.js';

@Controller()
export class SignInController {
  constructor(private readonly links: SignInLinks) {}

  @MessagePattern('notifications.sign-in.request')
  async request(
    @Payload() request: RequestOf<'notifications.sign-in.request'>,
  ): Promise<ResponseOf<'notifications.sign-in.request'>> {
    await this.links.request(request.email);
    return { accepted: true };
  }

  @MessagePattern('notifications.sign-in.redeem')
  async redeem(
    @Payload() request: RequestOf<'notifications.sign-in.redeem'>,
  ): Promise<ResponseOf<'notifications.sign-in.redeem'>> {
    return { participantId: await this.links.redeem(request.tokenHash) };
  }
}
