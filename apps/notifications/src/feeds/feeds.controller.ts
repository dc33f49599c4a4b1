import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { FeedsService } from './feeds.service.js';

@Controller()
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @MessagePattern('notifications.feeds.group')
  async group(
    @Payload() request: RequestOf<'notifications.feeds.group'>,
  ): Promise<ResponseOf<'notifications.feeds.group'>> {
    return { calendar: await this.feeds.groupFeed(request.groupId) };
  }

  @MessagePattern('notifications.feeds.participant')
  async participant(
    @Payload() request: RequestOf<'notifications.feeds.participant'>,
  ): Promise<ResponseOf<'notifications.feeds.participant'>> {
    return { calendar: await this.feeds.participantFeed(request.tokenHash) };
  }

  @MessagePattern('notifications.feeds.issue-token')
  async issue(
    @Payload() request: RequestOf<'notifications.feeds.issue-token'>,
  ): Promise<ResponseOf<'notifications.feeds.issue-token'>> {
    await this.feeds.issueToken(request.groupId, request.participantId, request.tokenHash);
    return { participantId: request.participantId };
  }
}
