import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  torDecisionSchema,
  torProposalSchema,
  torVersionSchema,
  type Principal,
  type TorVersion,
} from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { NumberParam, UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

@ApiTags('terms of reference')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 503)
@Controller('v1/groups/:groupId/tor')
export class TorHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get()
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: 'Every version of the Terms of Reference, the current one and older ones, drafts included' })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(torVersionSchema) })) })
  list(@UuidParam('groupId') groupId: string): Promise<{ items: TorVersion[] }> {
    return this.client.request('membership.tor.list', { groupId });
  }

  @Get(':version')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: 'One version of the Terms of Reference' })
  @ApiOkResponse({ schema: openApiSchema(torVersionSchema) })
  get(@UuidParam('groupId') groupId: string, @NumberParam('version') version: number): Promise<TorVersion> {
    return this.client.request('membership.tor.get', { groupId, version });
  }

  @Post()
  @Access('convenor')
  @ApiOperation({ summary: 'Propose a revision of the Terms of Reference (a co-convenor): a new draft version (R7)' })
  @ApiBody({ schema: openApiRequestSchema(torProposalSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(torVersionSchema) })
  @ApiProblems(409)
  propose(
    @UuidParam('groupId') groupId: string,
    @Body(new ZodPipe(torProposalSchema)) body: z.output<typeof torProposalSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TorVersion> {
    return this.client.request('membership.tor.propose', {
      ...body,
      groupId,
      proposedBy: principal.kind === 'participant' ? principal.participantId : null,
    });
  }

  @Post(':version/send')
  @HttpCode(200)
  @Access('convenor')
  @ApiOperation({ summary: 'Send a draft revision to the parent body' })
  @ApiOkResponse({ schema: openApiSchema(torVersionSchema) })
  @ApiProblems(409)
  send(@UuidParam('groupId') groupId: string, @NumberParam('version') version: number): Promise<TorVersion> {
    return this.client.request('membership.tor.send', { groupId, version });
  }

  @Post(':version/decision')
  @HttpCode(200)
  @Access('admin', 'tsb')
  @ApiOperation({ summary: "Record the parent's decision on a revision sent to it; an approved one becomes current" })
  @ApiBody({ schema: openApiRequestSchema(torDecisionSchema) })
  @ApiOkResponse({ schema: openApiSchema(torVersionSchema) })
  @ApiProblems(409)
  decide(
    @UuidParam('groupId') groupId: string,
    @NumberParam('version') version: number,
    @Body(new ZodPipe(torDecisionSchema)) body: z.output<typeof torDecisionSchema>,
  ): Promise<TorVersion> {
    return this.client.request('membership.tor.decide', { ...body, groupId, version });
  }
}
