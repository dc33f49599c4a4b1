import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
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
  organizationInputSchema,
  organizationSchema,
  pageOf,
  pageRequestSchema,
  participationSchema,
  type Organization,
} from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access } from '../auth/access.decorator.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

const pageQuerySchema = pageRequestSchema.extend({ limit: z.coerce.number().int().min(1).max(200).default(50) });
const admissionSchema = z.strictObject({ organizationId: z.uuid() });
const admissionResponseSchema = z.object({ groupId: z.uuid(), organizationId: z.uuid(), admittedAt: z.string() });

@ApiTags('organizations')
@ApiBearerAuth()
@ApiProblems(401, 403, 503)
@Controller('v1')
export class OrganizationsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get('organizations')
  @Access('admin', 'tsb')
  @ApiOperation({ summary: 'List organizations (cursor pagination)' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiOkResponse({ schema: openApiSchema(pageOf(organizationSchema)) })
  @ApiProblems(400)
  list(@Query(new ZodPipe(pageQuerySchema, 'query')) query: z.output<typeof pageQuerySchema>) {
    return this.client.request('membership.organizations.list', query);
  }

  @Post('organizations')
  @Access('admin', 'tsb')
  @ApiOperation({ summary: 'Register an ITU-T member organization and the study groups it participates in' })
  @ApiBody({ schema: openApiRequestSchema(organizationInputSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(organizationSchema) })
  @ApiProblems(400, 409)
  register(
    @Body(new ZodPipe(organizationInputSchema)) body: z.output<typeof organizationInputSchema>,
  ): Promise<Organization> {
    return this.client.request('membership.organizations.register', body);
  }

  @Get('organizations/:organizationId')
  @Access('admin', 'tsb')
  @ApiOperation({ summary: 'Read one organization' })
  @ApiOkResponse({ schema: openApiSchema(organizationSchema) })
  @ApiProblems(400, 404)
  get(@UuidParam('organizationId') organizationId: string): Promise<Organization> {
    return this.client.request('membership.organizations.get', { organizationId });
  }

  @Put('organizations/:organizationId/participation')
  @Access('admin', 'tsb')
  @ApiOperation({
    summary: 'Set the study groups an organization participates in (TSB)',
    description:
      'R1: in every group it was admitted to, its participants are suspended when it no longer qualifies, and restored when it qualifies again.',
  })
  @ApiBody({ schema: openApiRequestSchema(participationSchema) })
  @ApiOkResponse({ schema: openApiSchema(organizationSchema) })
  @ApiProblems(400, 404)
  setParticipation(
    @UuidParam('organizationId') organizationId: string,
    @Body(new ZodPipe(participationSchema)) body: z.output<typeof participationSchema>,
  ): Promise<Organization> {
    return this.client.request('membership.organizations.set-participation', { ...body, organizationId });
  }

  @Post('groups/:groupId/organizations')
  @Access('admin', 'tsb', 'convenor')
  @ApiOperation({
    summary: 'Admit an organization to a group',
    description:
      "R1: it must participate in one of the group's study groups; otherwise 422, with the study groups that qualify.",
  })
  @ApiBody({ schema: openApiRequestSchema(admissionSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(admissionResponseSchema) })
  @ApiProblems(400, 404, 409, 422)
  admit(
    @UuidParam('groupId') groupId: string,
    @Body(new ZodPipe(admissionSchema)) body: z.output<typeof admissionSchema>,
  ) {
    return this.client.request('membership.groups.admit-organization', { ...body, groupId });
  }
}
