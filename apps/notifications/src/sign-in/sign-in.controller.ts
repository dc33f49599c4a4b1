import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { SignInLinks } from './sign-in-links.service.js';

@Controller()
export class SignInController {
  private readonly logger = new Logger(SignInController.name);

  constructor(private readonly links: SignInLinks) {}

  @MessagePattern('notifications.sign-in.request')
  request(@Payload() request: RequestOf<'notifications.sign-in.request'>): ResponseOf<'notifications.sign-in.request'> {
    // Answered before any work: the time it takes must not tell whether the address is known.
    // Lost if this process dies in the next instant; the person then asks again.
    void this.links
      .request(request.email)
      .catch((error: unknown) => this.logger.warn(`A sign-in link could not be made: ${(error as Error).message}`));
    return { accepted: true };
  }

  @MessagePattern('notifications.sign-in.redeem')
  async redeem(
    @Payload() request: RequestOf<'notifications.sign-in.redeem'>,
  ): Promise<ResponseOf<'notifications.sign-in.redeem'>> {
    return this.links.redeem(request.tokenHash);
  }
}
