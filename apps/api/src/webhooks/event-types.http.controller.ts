import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { webhookEventCatalogue, webhookEventTypeSchema, type WebhookEventType } from '@jcg/contracts';
import { Access } from '../auth/access.decorator.js';
import { openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';

const eventTypesSchema = z.strictObject({ items: z.array(webhookEventTypeSchema) });

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiProblems(401, 403, 503)
@Controller('v1/webhooks/event-types')
export class WebhookEventTypesHttpController {
  @Get()
  @Access('tsb', 'admin')
  @ApiOperation({
    summary: 'The events a webhook endpoint can receive',
    description:
      'Every event of the platform, sorted by type, with the service that publishes it, what it means, the JSON Schema (draft 2020-12) of the webhook body `{ type, timestamp, data }` and an example body. ' +
      'Types are never renamed and payloads are only ever extended: ignore members you do not know. ' +
      'Where the data carries a `version`, deliveries of the same aggregate may arrive out of order (retries): keep the highest version.',
  })
  @ApiOkResponse({ schema: openApiSchema(eventTypesSchema) })
  list(): { items: WebhookEventType[] } {
    return { items: webhookEventCatalogue() };
  }
}
