import { Controller, Get, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  INBOUND_EVENTS,
  INBOUND_EVENT_TYPES,
  STANDARD_WEBHOOK_TOLERANCE_S,
  inboundEventCatalogue,
  inboundEventTypeSchema,
  receiveInboundWebhook,
  type InboundEventTypeEntry,
  type ResponseOf,
} from '@jcg/contracts';
import { BullMqClient, RemoteError } from '@jcg/messaging';
import { Access } from '../auth/access.decorator.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { HttpProblems } from '../http/problems.js';
import { RateLimitedByAddress } from '../rate-limit/rate-limited.decorator.js';

const header = (value: string | string[] | undefined): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;

/** An inbound event is small; anything bigger is refused before it reaches a queue. */
const MAX_INBOUND_BYTES = 256 * 1024;

const unauthenticated = (reason: string, detail: string) =>
  new RemoteError({
    status: 401,
    code: 'INVALID_WEBHOOK_SIGNATURE',
    title: 'Invalid webhook signature',
    detail,
    extensions: { reason },
  });

/**
 * TSB's events, posted the Standard Webhooks way. The signature is the credential (no API key):
 * the raw bytes go to notifications, which verifies them with TSB's secret, de-duplicates by
 * webhook-id, validates, and hands the event to the owning service; 200 means it is stored there.
 */
@ApiTags('webhooks')
@Controller('v1/webhooks/tsb')
export class TsbInboundHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get('event-types')
  @Access('tsb', 'admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The events TSB may send to POST /v1/webhooks/tsb',
    description:
      'Each type with what it does, the JSON Schema (draft 2020-12) of its `data` and an example body. Of two events about the same thing (a body meeting, a meeting room, an organization, a report), the one with the later `timestamp` wins, whichever arrives last.',
  })
  @ApiOkResponse({ schema: openApiSchema(z.strictObject({ items: z.array(inboundEventTypeSchema) })) })
  @ApiProblems(401, 403)
  eventTypes(): { items: InboundEventTypeEntry[] } {
    return { items: inboundEventCatalogue() };
  }

  @Post()
  @HttpCode(200)
  @Access('public')
  @RateLimitedByAddress('inboundWebhook')
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
        data: {
          description: "The type's data: GET /v1/webhooks/tsb/event-types gives the schema of each.",
          oneOf: INBOUND_EVENT_TYPES.map((type) => openApiRequestSchema(INBOUND_EVENTS[type].data)),
        },
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
  @ApiProblems(
    400,
    404,
    422,
    503,
    {
      status: 401,
      description: 'A bad signature, a timestamp more than 5 minutes off, or missing headers',
      code: 'INVALID_WEBHOOK_SIGNATURE',
      title: 'Invalid webhook signature',
      detail: "No webhook-signature matches the body with TSB's secret (sign the exact bytes sent: id.timestamp.body).",
    },
    {
      status: 409,
      description: 'The same webhook-id with another body, or the id being handed over right now',
      code: 'WEBHOOK_ID_REUSED',
      title: 'Webhook id reused',
      detail: 'The webhook-id evt_42 was taken before with another body: a new event needs a new id.',
    },
    {
      status: 413,
      description: 'The body is larger than an inbound event can be',
      code: 'PAYLOAD_TOO_LARGE',
      title: 'Payload too large',
      detail: 'An inbound event is at most 262144 bytes.',
    },
    {
      status: 429,
      description: 'Too many posts from this address (RATE_LIMIT_INBOUND_WEBHOOK); Retry-After says when to send again',
      code: 'RATE_LIMITED',
      title: 'Too many requests',
      detail: 'At most 1200 inbound webhook posts from one address per minute: try again in 17 s.',
    },
  )
  receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ): Promise<ResponseOf<'notifications.webhooks.receive'>> {
    const raw = request.rawBody;
    if (!raw || raw.length === 0) throw HttpProblems.invalidRequest(['Send the event as a JSON body.']);
    // What needs no secret is checked here, so a stranger's post never reaches a queue.
    if (raw.length > MAX_INBOUND_BYTES)
      throw new RemoteError({
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        title: 'Payload too large',
        detail: `An inbound event is at most ${MAX_INBOUND_BYTES} bytes.`,
      });
    const [id, timestamp, signature] = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) =>
      header(headers[h]),
    );
    if (!id || !timestamp || !signature)
      throw unauthenticated(
        'missing headers',
        'Send webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks).',
      );
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > STANDARD_WEBHOOK_TOLERANCE_S)
      throw unauthenticated(
        'stale timestamp',
        'The webhook-timestamp is more than 5 minutes from now (a replayed or delayed request).',
      );
    return this.client.request('notifications.webhooks.receive', {
      webhookId: id,
      webhookTimestamp: timestamp,
      webhookSignature: signature,
      bodyBase64: raw.toString('base64'),
    });
  }
}
