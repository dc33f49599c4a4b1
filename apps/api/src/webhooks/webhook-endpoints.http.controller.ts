import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  deleteWebhookEndpoint,
  getWebhookMessage,
  listWebhookEndpoints,
  replayWebhookMessage,
  listWebhookMessages,
  replayFailedWebhooks,
  rotateWebhookSecret,
  newReplyKey,
  openSealedSecret,
  webhookEndpointInputSchema,
  webhookEndpointPatchSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
  webhookMessageStatusSchema,
  type Principal,
  type ResponseOf,
  type WebhookEndpoint,
} from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { actorOf } from '../auth/actor.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

/** A new secret is shown this once; it crossed the queues sealed to this request's own key. */
interface WithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

// The bodies are the contracts' requests without the path's ids (and the reply key, the API's own).
const rotateBodySchema = rotateWebhookSecret.request.omit({ endpointId: true, replyKey: true });
const replayBodySchema = replayFailedWebhooks.request.omit({ endpointId: true });
// A query string carries text: the page size is read as a number.
const messagesQuerySchema = listWebhookMessages.request
  .omit({ endpointId: true })
  .extend({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/**
 * Outbound webhooks (Standard Webhooks): TSB's and the administrator's endpoints, each with a
 * whsec_ secret shown once; the delivery log of each; replays; secret rotation.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 503, {
  status: 404,
  description: 'No such endpoint or message',
  code: 'WEBHOOK_ENDPOINT_NOT_FOUND',
  title: 'Webhook endpoint not found',
  detail: 'No webhook endpoint has the id 0193f1a2-6b7c-7d8e-9f00-112233445566.',
})
@Controller('v1/webhooks/endpoints')
export class WebhookEndpointsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Post()
  @Access('tsb', 'admin')
  @ApiOperation({
    summary: 'Register an endpoint; its secret is in this answer only',
    description:
      "An https URL that does not resolve to a private, loopback or link-local address (checked again at each delivery). `eventTypes` null means every type, present and future. With `groupId`, only that group's events (and those of no group, such as body meetings). Deliveries are signed with the secret (Standard Webhooks); keep it, it is never shown again (rotate it to get a new one).",
  })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(webhookEndpointInputSchema),
      example: {
        url: 'https://tsb.example.int/hooks/jcg',
        description: 'TSB meeting calendar',
        eventTypes: ['meeting.announced', 'meeting.changed', 'meeting.cancelled'],
        contactEmail: 'tsb-integration@itu.int',
      },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(webhookEndpointWithSecretSchema) })
  @ApiProblems({
    status: 422,
    description: 'The URL is not allowed, or an event type is unknown',
    code: 'WEBHOOK_URL_NOT_ALLOWED',
    title: 'Webhook URL not allowed',
    detail: 'The URL must use https.',
  })
  async create(
    @Body(new ZodPipe(webhookEndpointInputSchema)) body: z.output<typeof webhookEndpointInputSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WithSecret> {
    if (body.groupId) await this.client.request('membership.groups.get', { groupId: body.groupId });
    const { replyKey, privateKey } = newReplyKey();
    const { endpoint, sealedSecret } = await this.client.request('notifications.webhooks.create-endpoint', {
      ...body,
      createdBy: actorOf(principal),
      replyKey,
    });
    return { endpoint, secret: openSealedSecret(sealedSecret, privateKey) };
  }

  @Get()
  @Access('tsb', 'admin')
  @ApiOperation({ summary: 'The endpoints, oldest first (never their secrets)' })
  @ApiOkResponse({ schema: openApiSchema(listWebhookEndpoints.response) })
  list(): Promise<ResponseOf<'notifications.webhooks.list-endpoints'>> {
    return this.client.request('notifications.webhooks.list-endpoints', {});
  }

  @Get(':endpointId')
  @Access('tsb', 'admin')
  @ApiOperation({ summary: 'One endpoint: whether it is enabled, why not, since when it fails' })
  @ApiOkResponse({ schema: openApiSchema(webhookEndpointSchema) })
  get(@UuidParam('endpointId') endpointId: string): Promise<ResponseOf<'notifications.webhooks.get-endpoint'>> {
    return this.client.request('notifications.webhooks.get-endpoint', { endpointId });
  }

  @Patch(':endpointId')
  @Access('tsb', 'admin')
  @ApiOperation({
    summary: 'Change an endpoint, disable it or enable it again',
    description:
      'Enabling a disabled endpoint clears its failure record; what failed meanwhile is sent again by a replay. Disabling it keeps recording what it would receive, as failed, for a replay later.',
  })
  @ApiBody({ schema: { ...openApiRequestSchema(webhookEndpointPatchSchema), example: { enabled: true } } })
  @ApiOkResponse({ schema: openApiSchema(webhookEndpointSchema) })
  @ApiProblems(422)
  async update(
    @UuidParam('endpointId') endpointId: string,
    @Body(new ZodPipe(webhookEndpointPatchSchema)) patch: z.output<typeof webhookEndpointPatchSchema>,
  ): Promise<ResponseOf<'notifications.webhooks.update-endpoint'>> {
    if (patch.groupId) await this.client.request('membership.groups.get', { groupId: patch.groupId });
    return this.client.request('notifications.webhooks.update-endpoint', { endpointId, patch });
  }

  @Delete(':endpointId')
  @Access('tsb', 'admin')
  @ApiOperation({ summary: 'Delete an endpoint with its log; nothing more is sent to it' })
  @ApiOkResponse({ schema: openApiSchema(deleteWebhookEndpoint.response) })
  remove(@UuidParam('endpointId') endpointId: string): Promise<ResponseOf<'notifications.webhooks.delete-endpoint'>> {
    return this.client.request('notifications.webhooks.delete-endpoint', { endpointId });
  }

  @Post(':endpointId/rotate-secret')
  @HttpCode(200)
  @Access('tsb', 'admin')
  @ApiOperation({
    summary: 'A new secret, with an overlap in which deliveries carry both signatures',
    description:
      'During the overlap (24 h by default) each delivery is signed with the new and the old secret (two space-separated v1 signatures), so the receiver can switch to the new secret at any moment of it.',
  })
  @ApiBody({
    schema: { ...openApiRequestSchema(rotateBodySchema), example: { overlapSeconds: 86400 } },
    required: false,
  })
  @ApiOkResponse({ schema: openApiSchema(webhookEndpointWithSecretSchema) })
  async rotate(
    @UuidParam('endpointId') endpointId: string,
    @Body(new ZodPipe(rotateBodySchema.optional())) body: z.output<typeof rotateBodySchema> | undefined,
  ): Promise<WithSecret> {
    const { replyKey, privateKey } = newReplyKey();
    const { endpoint, sealedSecret } = await this.client.request('notifications.webhooks.rotate-secret', {
      endpointId,
      replyKey,
      ...body,
    });
    return { endpoint, secret: openSealedSecret(sealedSecret, privateKey) };
  }

  @Get(':endpointId/messages')
  @Access('tsb', 'admin')
  @ApiOperation({ summary: 'The delivery log: messages to the endpoint, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: webhookMessageStatusSchema.options })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ schema: openApiSchema(listWebhookMessages.response) })
  messages(
    @UuidParam('endpointId') endpointId: string,
    @Query(new ZodPipe(messagesQuerySchema, 'query')) query: z.output<typeof messagesQuerySchema>,
  ): Promise<ResponseOf<'notifications.webhooks.list-messages'>> {
    return this.client.request('notifications.webhooks.list-messages', { endpointId, ...query });
  }

  @Get(':endpointId/messages/:messageId')
  @Access('tsb', 'admin')
  @ApiOperation({
    summary: 'One message: its body and every attempt (time, status, duration, first KB of the answer, error)',
  })
  @ApiOkResponse({ schema: openApiSchema(getWebhookMessage.response) })
  message(
    @UuidParam('endpointId') endpointId: string,
    @UuidParam('messageId') messageId: string,
  ): Promise<ResponseOf<'notifications.webhooks.get-message'>> {
    return this.client.request('notifications.webhooks.get-message', { endpointId, messageId });
  }

  @Post(':endpointId/messages/:messageId/replay')
  @HttpCode(200)
  @Access('tsb', 'admin')
  @ApiOperation({ summary: 'Send one message again (same webhook-id and body, fresh signature)' })
  @ApiOkResponse({ schema: openApiSchema(replayWebhookMessage.response) })
  @ApiProblems(409)
  replayMessage(
    @UuidParam('endpointId') endpointId: string,
    @UuidParam('messageId') messageId: string,
  ): Promise<ResponseOf<'notifications.webhooks.replay-message'>> {
    return this.client.request('notifications.webhooks.replay-message', { endpointId, messageId });
  }

  @Post(':endpointId/replay')
  @HttpCode(200)
  @Access('tsb', 'admin')
  @ApiOperation({
    summary: 'Send again, in event order, everything that failed since a time',
    description:
      'One message at a time, oldest event first; the replay stops at the first message that fails again (it and those after it stay failed). The endpoint must be enabled.',
  })
  @ApiBody({ schema: { ...openApiRequestSchema(replayBodySchema), example: { since: '2026-11-28T00:00:00Z' } } })
  @ApiOkResponse({ schema: openApiSchema(replayFailedWebhooks.response) })
  @ApiProblems({
    status: 409,
    description: 'The endpoint is disabled',
    code: 'WEBHOOK_ENDPOINT_DISABLED',
    title: 'Webhook endpoint disabled',
    detail: 'The endpoint is disabled: enable it (PATCH enabled: true) before replaying to it.',
  })
  replayFailed(
    @UuidParam('endpointId') endpointId: string,
    @Body(new ZodPipe(replayBodySchema)) body: z.output<typeof replayBodySchema>,
  ): Promise<ResponseOf<'notifications.webhooks.replay-failed'>> {
    return this.client.request('notifications.webhooks.replay-failed', { endpointId, since: body.since });
  }
}
