import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { INBOUND_EVENTS, receiveInboundWebhook, type ResponseOf } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access } from '../auth/access.decorator.js';
import { openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { HttpProblems } from '../http/problems.js';

const header = (value: string | string[] | undefined): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;

/**
 * TSB's events, posted the Standard Webhooks way. The signature is the credential (no API key):
 * the raw bytes go to notifications, which verifies them with TSB's secret, de-duplicates by
 * webhook-id, validates, and hands the event to the owning service; 200 means it is stored there.
 */
@ApiTags('webhooks')
@Controller('v1/webhooks/tsb')
export class TsbInboundHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Post()
  @HttpCode(200)
  @Access('public')
  @ApiOperation({
    summary: "TSB's events (inbound webhook, signed with TSB's secret)",
    description: `Body \`{ "type", "timestamp", "data" }\`, headers webhook-id, webhook-timestamp (unix seconds, within 5 minutes of now) and webhook-signature (\`v1,\` + base64 HMAC-SHA256 of \`id.timestamp.body\` with TSB's whsec_ secret). 200 once the event is taken by the service that owns it; the same webhook-id again is answered 200 with \`duplicate: true\` and changes nothing. 401: bad or stale signature; 400: the body or its data does not match the contract; other refusals (404, 409, 422) are the owning service's, and nothing is recorded: send it again when it is right. Types: ${Object.entries(
      INBOUND_EVENTS,
    )
      .map(([type, e]) => `\`${type}\` (${e.description})`)
      .join('; ')}.`,
  })
  @ApiHeader({ name: 'webhook-id', required: true, description: 'Unique per event; the same on every retry' })
  @ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds of this attempt' })
  @ApiHeader({
    name: 'webhook-signature',
    required: true,
    description: 'v1,<base64 HMAC-SHA256>, space-separated if several',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['type', 'timestamp', 'data'],
      properties: {
        type: { type: 'string', enum: Object.keys(INBOUND_EVENTS) },
        timestamp: { type: 'string', format: 'date-time' },
        data: { type: 'object' },
      },
      example: {
        type: 'meeting.room-provisioned',
        timestamp: '2026-12-01T09:00:00Z',
        data: {
          groupId: '0193f1a2-6b7c-7d8e-9f00-112233445566',
          meetingId: '0193f1a2-6b7c-7d8e-9f00-665544332211',
          joinDetails: { url: 'https://itu.zoom.us/j/123456789', meetingNumber: '123 456 789' },
        },
      },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(receiveInboundWebhook.response) })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ): Promise<ResponseOf<'notifications.webhooks.receive'>> {
    const raw = request.rawBody;
    if (!raw || raw.length === 0) throw HttpProblems.invalidRequest(['Send the event as a JSON body.']);
    return this.client.request('notifications.webhooks.receive', {
      webhookId: header(headers['webhook-id']),
      webhookTimestamp: header(headers['webhook-timestamp']),
      webhookSignature: header(headers['webhook-signature']),
      bodyBase64: raw.toString('base64'),
    });
  }
}
