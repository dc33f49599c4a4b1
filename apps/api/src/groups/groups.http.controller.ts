import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  conclusionSchema,
  extensionSchema,
  groupDecisionSchema,
  groupSchema,
  registerGroupRequestSchema,
  studyGroupsChangeSchema,
  type Group,
  type GroupDecision,
  type Principal,
} from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { jcgIotSecExample } from './group.examples.js';

@ApiTags('groups')
@ApiBearerAuth()
@ApiProblems(401, 403, 503)
@Controller('v1/groups')
export class GroupsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get()
  @Access('anyone')
  @ApiOperation({ summary: 'List the groups you can see (all of them for admin and TSB; your own for a participant)' })
  @ApiOkResponse({
    schema: { ...openApiSchema(z.object({ items: z.array(groupSchema) })), example: { items: [jcgIotSecExample] } },
  })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: Group[] }> {
    const { items } = await this.client.request('membership.groups.list', {});
    if (principal.kind !== 'participant') return { items };
    // A suspended participant (R1) opens nothing of the group, not even its entry here.
    return { items: items.filter((g) => principal.status === 'active' && g.id === principal.groupId) };
  }

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Register a group with its first Terms of Reference' })
  @ApiBody({ schema: openApiRequestSchema(registerGroupRequestSchema) })
  @ApiCreatedResponse({ schema: { ...openApiSchema(groupSchema), example: jcgIotSecExample } })
  @ApiProblems(400, 409)
  register(
    @Body(new ZodPipe(registerGroupRequestSchema)) body: z.output<typeof registerGroupRequestSchema>,
  ): Promise<Group> {
    return this.client.request('membership.groups.register', body);
  }

  @Get(':groupId')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: 'Read one group' })
  @ApiOkResponse({ schema: { ...openApiSchema(groupSchema), example: jcgIotSecExample } })
  @ApiProblems(400, 404)
  get(@UuidParam('groupId') groupId: string): Promise<Group> {
    return this.client.request('membership.groups.get', { groupId });
  }

  @Get(':groupId/decisions')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: "The parent body's decisions about the group: extensions and conclusion (R7)" })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(groupDecisionSchema) })) })
  @ApiProblems(400, 404)
  decisions(@UuidParam('groupId') groupId: string): Promise<{ items: GroupDecision[] }> {
    return this.client.request('membership.groups.decisions', { groupId });
  }

  @Post(':groupId/extensions')
  @Access('admin', 'tsb')
  @ApiOperation({ summary: "Record the parent's decision to extend the group (R7)" })
  @ApiBody({ schema: openApiRequestSchema(extensionSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(groupDecisionSchema) })
  @ApiProblems(400, 404, 409)
  extend(
    @UuidParam('groupId') groupId: string,
    @Body(new ZodPipe(extensionSchema)) body: z.output<typeof extensionSchema>,
  ): Promise<GroupDecision> {
    return this.client.request('membership.groups.extend', { ...body, groupId });
  }

  @Put(':groupId/study-groups')
  @Access('admin', 'tsb')
  @ApiOperation({
    summary: "Record the parent's decision on the study groups taking part in the group",
    description:
      'Organizations that no longer qualify have their participants suspended, and restored when they qualify again (R1); a study group that leaves takes its co-convenor appointment with it (R2); the group owes reports to its new study groups (R6).',
  })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(studyGroupsChangeSchema),
      example: { studyGroups: ['SG17', 'SG20', 'SG13'], decidedOn: '2026-12-01', reference: 'TSAG-R5' },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(groupSchema) })
  @ApiProblems(400, 404, 409)
  setStudyGroups(
    @UuidParam('groupId') groupId: string,
    @Body(new ZodPipe(studyGroupsChangeSchema)) body: z.output<typeof studyGroupsChangeSchema>,
  ): Promise<Group> {
    return this.client.request('membership.groups.set-study-groups', { ...body, groupId });
  }

  @Post(':groupId/conclusion')
  @HttpCode(201)
  @Access('admin', 'tsb')
  @ApiOperation({
    summary: "Record the parent's agreement that concludes the group: no new meetings from then on (R7)",
  })
  @ApiBody({ schema: openApiRequestSchema(conclusionSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(groupDecisionSchema) })
  @ApiProblems(400, 404, 409)
  conclude(
    @UuidParam('groupId') groupId: string,
    @Body(new ZodPipe(conclusionSchema)) body: z.output<typeof conclusionSchema>,
  ): Promise<GroupDecision> {
    return this.client.request('membership.groups.conclude', { ...body, groupId });
  }
}
