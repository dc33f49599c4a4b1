import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { sealSecret, type RequestOf, type ResponseOf } from '@jcg/contracts';
import { InboundWebhooks } from './inbound-webhooks.service.js';
import { WebhookEndpoints } from './webhook-endpoints.service.js';
import { WebhookLog } from './webhook-log.service.js';

/** Webhook endpoints, their delivery log and replays, and the events TSB posts. */
@Controller()
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly log: WebhookLog,
    private readonly inbound: InboundWebhooks,
  ) {}

  /** The secret goes back sealed to the caller's reply key: the reply stays in Redis a while. */
  @MessagePattern('notifications.webhooks.create-endpoint')
  async create(
    @Payload() request: RequestOf<'notifications.webhooks.create-endpoint'>,
  ): Promise<ResponseOf<'notifications.webhooks.create-endpoint'>> {
    const { endpoint, secret } = await this.endpoints.create(request);
    return { endpoint, sealedSecret: sealSecret(secret, request.replyKey) };
  }

  @MessagePattern('notifications.webhooks.list-endpoints')
  async list(): Promise<ResponseOf<'notifications.webhooks.list-endpoints'>> {
    return { items: await this.endpoints.list() };
  }

  @MessagePattern('notifications.webhooks.get-endpoint')
  get(
    @Payload() request: RequestOf<'notifications.webhooks.get-endpoint'>,
  ): Promise<ResponseOf<'notifications.webhooks.get-endpoint'>> {
    return this.endpoints.get(request.endpointId);
  }

  @MessagePattern('notifications.webhooks.update-endpoint')
  update(
    @Payload() request: RequestOf<'notifications.webhooks.update-endpoint'>,
  ): Promise<ResponseOf<'notifications.webhooks.update-endpoint'>> {
    return this.endpoints.update(request.endpointId, request.patch);
  }

  @MessagePattern('notifications.webhooks.delete-endpoint')
  async remove(
    @Payload() request: RequestOf<'notifications.webhooks.delete-endpoint'>,
  ): Promise<ResponseOf<'notifications.webhooks.delete-endpoint'>> {
    await this.endpoints.remove(request.endpointId);
    return { endpointId: request.endpointId, deleted: true };
  }

  @MessagePattern('notifications.webhooks.rotate-secret')
  async rotate(
    @Payload() request: RequestOf<'notifications.webhooks.rotate-secret'>,
  ): Promise<ResponseOf<'notifications.webhooks.rotate-secret'>> {
    const { endpoint, secret } = await this.endpoints.rotateSecret(request.endpointId, request.overlapSeconds);
    return { endpoint, sealedSecret: sealSecret(secret, request.replyKey) };
  }

  @MessagePattern('notifications.webhooks.list-messages')
  messages(
    @Payload() request: RequestOf<'notifications.webhooks.list-messages'>,
  ): Promise<ResponseOf<'notifications.webhooks.list-messages'>> {
    return this.log.messages(request);
  }

  @MessagePattern('notifications.webhooks.get-message')
  message(
    @Payload() request: RequestOf<'notifications.webhooks.get-message'>,
  ): Promise<ResponseOf<'notifications.webhooks.get-message'>> {
    return this.log.message(request.endpointId, request.messageId);
  }

  @MessagePattern('notifications.webhooks.replay-message')
  async replayMessage(
    @Payload() request: RequestOf<'notifications.webhooks.replay-message'>,
  ): Promise<ResponseOf<'notifications.webhooks.replay-message'>> {
    return {
      endpointId: request.endpointId,
      replayed: await this.log.replayMessage(request.endpointId, request.messageId),
    };
  }

  @MessagePattern('notifications.webhooks.replay-failed')
  async replayFailed(
    @Payload() request: RequestOf<'notifications.webhooks.replay-failed'>,
  ): Promise<ResponseOf<'notifications.webhooks.replay-failed'>> {
    return { endpointId: request.endpointId, replayed: await this.log.replayFailed(request.endpointId, request.since) };
  }

  @MessagePattern('notifications.webhooks.receive')
  receive(
    @Payload() request: RequestOf<'notifications.webhooks.receive'>,
  ): Promise<ResponseOf<'notifications.webhooks.receive'>> {
    return this.inbound.receive(request);
  }
}
