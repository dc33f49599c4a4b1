import { Body, Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { apiKeyOwnerSchema, apiKeySchema, generateApiKey, text, type ApiKey } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access } from '../auth/access.decorator.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

const newKeySchema = z.strictObject({ label: text(100), owner: apiKeyOwnerSchema });
const createdKeySchema = z.object({ key: z.string(), apiKey: apiKeySchema });

@ApiTags('API keys')
@ApiBearerAuth()
@ApiProblems(401, 403, 503)
@Controller('v1/api-keys')
export class ApiKeysHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get()
  @Access('admin')
  @ApiOperation({ summary: 'List API keys (never their secrets)' })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(apiKeySchema) })) })
  list(): Promise<{ items: ApiKey[] }> {
    return this.client.request('membership.api-keys.list', {});
  }

  @Post()
  @Access('admin')
  @ApiOperation({
    summary: 'Create an API key for a participant, for TSB or for an administrator',
    description: 'The key is in this response only: it is stored as a hash and cannot be shown again.',
  })
  @ApiBody({ schema: openApiRequestSchema(newKeySchema) })
  @ApiCreatedResponse({ schema: openApiSchema(createdKeySchema) })
  @ApiProblems(400, 404, 422)
  async create(
    @Body(new ZodPipe(newKeySchema)) body: z.output<typeof newKeySchema>,
  ): Promise<{ key: string; apiKey: ApiKey }> {
    const made = generateApiKey(uuidv7());
    const apiKey = await this.client.request('membership.api-keys.create', {
      id: made.id,
      secretHash: made.secretHash,
      ...body,
    });
    return { key: made.key, apiKey };
  }

  @Delete(':keyId')
  @Access('admin')
  @ApiOperation({ summary: 'Revoke an API key: refused from its next request on' })
  @ApiOkResponse({ schema: openApiSchema(apiKeySchema) })
  @ApiProblems(400, 404)
  revoke(@UuidParam('keyId') keyId: string): Promise<ApiKey> {
    return this.client.request('membership.api-keys.revoke', { keyId });
  }
}
