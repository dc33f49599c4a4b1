import { Body, Controller, Get, Header, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  pageOf,
  participantChangeSchema,
  participantInputSchema,
  participantRoleSchema,
  participantSchema,
  participantStatusSchema,
  rosterEntrySchema,
  type Participant,
  type Principal,
} from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { HttpProblems } from '../http/problems.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { rosterCsv } from './roster.csv.js';

const listQuerySchema = z.strictObject({
  status: participantStatusSchema.optional(),
  role: participantRoleSchema.optional(),
  organizationId: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const rosterSchema = z.object({ group: z.string(), mailingList: z.string(), items: z.array(rosterEntrySchema) });

@ApiTags('participants')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 503)
@Controller('v1/groups/:groupId')
export class ParticipantsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get('participants')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: 'List participants, filtered by status, organization and role (cursor pagination)' })
  @ApiQuery({ name: 'status', required: false, enum: participantStatusSchema.options })
  @ApiQuery({ name: 'role', required: false, enum: participantRoleSchema.options })
  @ApiQuery({ name: 'organizationId', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiOkResponse({ schema: openApiSchema(pageOf(participantSchema)) })
  list(
    @UuidParam('groupId') groupId: string,
    @Query(new ZodPipe(listQuerySchema, 'query')) query: z.output<typeof listQuerySchema>,
  ) {
    return this.client.request('membership.participants.list', { ...query, groupId });
  }

  @Post('participants')
  @Access('admin', 'tsb', 'convenor')
  @ApiOperation({
    summary: 'Register a participant through an admitted organization',
    description: 'The e-mail address is unique in the group (case-insensitive); the time zone is an IANA name.',
  })
  @ApiBody({ schema: openApiRequestSchema(participantInputSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(participantSchema) })
  @ApiProblems(409, 422)
  register(
    @UuidParam('groupId') groupId: string,
    @Body(new ZodPipe(participantInputSchema)) body: z.output<typeof participantInputSchema>,
  ): Promise<Participant> {
    return this.client.request('membership.participants.register', { ...body, groupId });
  }

  @Get('participants/:participantId')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: 'Read one participant' })
  @ApiOkResponse({ schema: openApiSchema(participantSchema) })
  get(@UuidParam('groupId') groupId: string, @UuidParam('participantId') participantId: string): Promise<Participant> {
    return this.client.request('membership.participants.get', { groupId, participantId });
  }

  @Patch('participants/:participantId')
  @Access('admin', 'tsb', 'convenor', 'self')
  @ApiOperation({ summary: "Change a participant's name, e-mail, time zone or role (participant or observer)" })
  @ApiBody({ schema: openApiRequestSchema(participantChangeSchema) })
  @ApiOkResponse({ schema: openApiSchema(participantSchema) })
  @ApiProblems(409)
  update(
    @UuidParam('groupId') groupId: string,
    @UuidParam('participantId') participantId: string,
    @Body(new ZodPipe(participantChangeSchema)) change: z.output<typeof participantChangeSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Participant> {
    // The address is how a person signs in (a link is mailed to it): only an administrator changes it.
    if (change.email !== undefined && principal.kind !== 'admin') {
      throw HttpProblems.forbidden(
        "A participant's e-mail address is changed by an administrator: it is how they sign in.",
      );
    }
    return this.client.request('membership.participants.update', { groupId, participantId, change });
  }

  @Post('participants/:participantId/leave')
  @HttpCode(200)
  @Access('admin', 'tsb', 'convenor', 'self')
  @ApiOperation({
    summary: 'Leave the group: the record and its history stay; the participant\u2019s API keys are revoked',
  })
  @ApiOkResponse({ schema: openApiSchema(participantSchema) })
  @ApiProblems(409)
  leave(
    @UuidParam('groupId') groupId: string,
    @UuidParam('participantId') participantId: string,
  ): Promise<Participant> {
    return this.client.request('membership.participants.leave', { groupId, participantId });
  }

  @Get('roster.json')
  @Access('admin', 'tsb', 'convenor')
  @ApiOperation({ summary: "The mailing list's roster (active participants), for the list administrator" })
  @ApiOkResponse({ schema: openApiSchema(rosterSchema) })
  roster(@UuidParam('groupId') groupId: string) {
    return this.client.request('membership.roster.get', { groupId });
  }

  @Get('roster.csv')
  @Access('admin', 'tsb', 'convenor')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "The mailing list's roster as CSV: name, email, organization, role, time zone" })
  @ApiOkResponse({ description: 'RFC 4180 CSV with a header line', schema: { type: 'string' } })
  async rosterAsCsv(@UuidParam('groupId') groupId: string): Promise<string> {
    return rosterCsv((await this.client.request('membership.roster.get', { groupId })).items);
  }
}
