import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { groupSchema, type Group } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';

const jcgIotSecExample: Group = {
  id: '0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c',
  acronym: 'JCG-IoTSec',
  title: 'Joint Correspondence Group on IoT Security',
  parentBody: 'TSAG',
  studyGroups: ['SG17', 'SG20'],
  mailingList: 'jcgiotsec@lists.itu.int',
  status: 'active',
  announcementLeadDays: 7,
  concurrenceRequired: true,
};

@ApiTags('groups')
@ApiProblems(503)
@Controller('v1/groups')
export class GroupsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get()
  @ApiOperation({ summary: 'List the correspondence groups' })
  @ApiOkResponse({
    schema: { ...openApiSchema(z.object({ items: z.array(groupSchema) })), example: { items: [jcgIotSecExample] } },
  })
  list(): Promise<{ items: Group[] }> {
    return this.client.request('membership.groups.list', {});
  }

  @Get(':groupId')
  @ApiOperation({ summary: 'Read one correspondence group' })
  @ApiOkResponse({ schema: { ...openApiSchema(groupSchema), example: jcgIotSecExample } })
  @ApiProblems(400, 404)
  get(@Param('groupId', new ParseUUIDPipe()) groupId: string): Promise<Group> {
    return this.client.request('membership.groups.get', { groupId });
  }
}
