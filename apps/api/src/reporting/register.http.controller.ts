import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  dateSchema,
  demarcationInputSchema,
  demarcationSchema,
  overlapMatrixSchema,
  topicInputSchema,
  topicKeySchema,
  topicSchema,
  workItemChangeSchema,
  workItemInputSchema,
  workItemSchema,
  type Principal,
  type ResponseOf,
} from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { actorOf } from '../auth/actor.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems, type ProblemExample } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { WORK_ITEM_COLUMNS, parseWorkItemsCsv, workItemsCsv } from './work-items.csv.js';

const UNKNOWN_TOPIC: ProblemExample = {
  status: 422,
  description: 'A topic not in the vocabulary, or a study group not in the group',
  code: 'UNKNOWN_TOPIC',
  title: 'Unknown topic',
  detail: '"quantum" is not in the group\'s topic vocabulary; add it first (PUT /v1/groups/{groupId}/topics/{key}).',
};
const WORK_ITEM_EXISTS: ProblemExample = {
  status: 409,
  description: 'The identifier is in the register already',
  code: 'WORK_ITEM_EXISTS',
  title: 'Work item already in the register',
  detail: 'X.1361 is already in the register (work item 0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c); change it there.',
};
const TopicParam = (name: string) => Param(name, new ZodPipe(topicKeySchema, 'path', name));
const asOfQuerySchema = z.strictObject({ asOf: dateSchema.optional() });
const asOfQuery = () => Query(new ZodPipe(asOfQuerySchema, 'query'));
const ApiAsOf = () =>
  ApiQuery({
    name: 'asOf',
    required: false,
    description: 'Read the register as it stood at the end of this date (Geneva time).',
    schema: { type: 'string', format: 'date', example: '2026-06-30' },
  });
const workItemExample = {
  kind: 'recommendation',
  identifier: 'X.1361',
  title: 'Security framework for the Internet of things based on the gateway model',
  studyGroup: 'SG17',
  status: 'in-force',
  statusDate: '2018-09-07',
  link: 'https://www.itu.int/rec/T-REC-X.1361',
  topics: ['device-identity'],
};

/** The work-item register (objective a), its topics, the overlap matrix and the demarcation line (b, c). */
@ApiTags('register')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 503)
@Controller('v1/groups/:groupId')
export class RegisterHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get('topics')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: "The group's topic vocabulary" })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(topicSchema) })) })
  topics(@UuidParam('groupId') groupId: string): Promise<ResponseOf<'reporting.topics.list'>> {
    return this.client.request('reporting.topics.list', { groupId });
  }

  @Put('topics/:key')
  @Access('convenor', 'tsb')
  @ApiOperation({ summary: 'Add a topic to the vocabulary (or rename it)' })
  @ApiBody({ schema: { ...openApiRequestSchema(topicInputSchema), example: { name: 'Device identity' } } })
  @ApiOkResponse({ schema: openApiSchema(topicSchema) })
  putTopic(
    @UuidParam('groupId') groupId: string,
    @TopicParam('key') key: string,
    @Body(new ZodPipe(topicInputSchema)) topic: z.output<typeof topicInputSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResponseOf<'reporting.topics.put'>> {
    return this.client.request('reporting.topics.put', { groupId, key, topic, actor: actorOf(principal) });
  }

  @Get('work-items')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: 'The work-item register: now, or as it stood on a date' })
  @ApiAsOf()
  @ApiOkResponse({ schema: openApiSchema(z.object({ asOf: z.string().nullable(), items: z.array(workItemSchema) })) })
  workItems(
    @UuidParam('groupId') groupId: string,
    @asOfQuery() query: z.output<typeof asOfQuerySchema>,
  ): Promise<ResponseOf<'reporting.work-items.list'>> {
    return this.client.request('reporting.work-items.list', { groupId, ...query });
  }

  @Post('work-items')
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary: 'Add a work item to the register',
    description:
      'The identifier is written as ITU writes one of its kind (`Q6/17`, `X.1361`, `X.iotsec-4`; a Question names its SG); the study group participates in the group; the topics are in its vocabulary (422 otherwise).',
  })
  @ApiBody({ schema: { ...openApiRequestSchema(workItemInputSchema), example: workItemExample } })
  @ApiCreatedResponse({ schema: openApiSchema(workItemSchema) })
  @ApiProblems(WORK_ITEM_EXISTS, UNKNOWN_TOPIC)
  create(
    @UuidParam('groupId') groupId: string,
    @Body(new ZodPipe(workItemInputSchema)) item: z.output<typeof workItemInputSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResponseOf<'reporting.work-items.create'>> {
    return this.client.request('reporting.work-items.create', { groupId, item, actor: actorOf(principal) });
  }

  @Put('work-items/:workItemId')
  @Access('convenor', 'tsb')
  @ApiOperation({ summary: 'Change a work item (its history keeps the values before)' })
  @ApiBody({
    schema: { ...openApiRequestSchema(workItemInputSchema), example: { ...workItemExample, status: 'approved' } },
  })
  @ApiOkResponse({ schema: openApiSchema(workItemSchema) })
  @ApiProblems(WORK_ITEM_EXISTS, UNKNOWN_TOPIC)
  update(
    @UuidParam('groupId') groupId: string,
    @UuidParam('workItemId') workItemId: string,
    @Body(new ZodPipe(workItemInputSchema)) item: z.output<typeof workItemInputSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResponseOf<'reporting.work-items.update'>> {
    return this.client.request('reporting.work-items.update', { groupId, workItemId, item, actor: actorOf(principal) });
  }

  @Delete('work-items/:workItemId')
  @Access('convenor', 'tsb')
  @ApiOperation({ summary: 'Take a work item out of the register (its history stays)' })
  @ApiOkResponse({ schema: openApiSchema(workItemSchema) })
  remove(
    @UuidParam('groupId') groupId: string,
    @UuidParam('workItemId') workItemId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResponseOf<'reporting.work-items.remove'>> {
    return this.client.request('reporting.work-items.remove', { groupId, workItemId, actor: actorOf(principal) });
  }

  @Get('work-items/:workItemId/history')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: "A work item's changes, oldest first: who, when, the values before and after" })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(workItemChangeSchema) })) })
  itemHistory(
    @UuidParam('groupId') groupId: string,
    @UuidParam('workItemId') workItemId: string,
  ): Promise<ResponseOf<'reporting.work-items.history'>> {
    return this.client.request('reporting.work-items.history', { groupId, workItemId });
  }

  @Get('register/changes')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: "Every change of the group's register, oldest first" })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(workItemChangeSchema) })) })
  changes(@UuidParam('groupId') groupId: string): Promise<ResponseOf<'reporting.work-items.history'>> {
    return this.client.request('reporting.work-items.history', { groupId });
  }

  @Get('work-items.csv')
  @Access('admin', 'tsb', 'member')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiAsOf()
  @ApiOperation({
    summary: 'The register as CSV (formula-safe)',
    description: `Columns: ${WORK_ITEM_COLUMNS.join(', ')} (topics separated by ";"). A value a spreadsheet would run as a formula is written with a leading quote.`,
  })
  @ApiOkResponse({ description: 'RFC 4180 CSV with a header line', schema: { type: 'string' } })
  async exportCsv(
    @UuidParam('groupId') groupId: string,
    @asOfQuery() query: z.output<typeof asOfQuerySchema>,
  ): Promise<string> {
    return workItemsCsv((await this.client.request('reporting.work-items.list', { groupId, ...query })).items);
  }

  @Post('work-items.csv')
  @HttpCode(200)
  @Access('convenor', 'tsb')
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary: 'Import work items from CSV: added or updated by identifier, all or none',
    description: `Send \`Content-Type: text/csv\` with the columns ${WORK_ITEM_COLUMNS.join(', ')} (the export's). A file with any bad line is refused as a whole (400 naming each line; 422 for an unknown topic or study group).`,
  })
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'identifier,kind,title,studyGroup,status,statusDate,link,topics\r\nX.1361,recommendation,Security framework for IoT,SG17,in-force,2018-09-07,,device-identity\r\n',
    },
  })
  @ApiOkResponse({ schema: openApiSchema(z.object({ added: z.int(), changed: z.int(), unchanged: z.int() })) })
  @ApiProblems(
    {
      status: 415,
      description: 'Not sent as CSV',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      title: 'Unsupported media type',
      detail: 'Send the CSV with "Content-Type: text/csv" (got "application/x-www-form-urlencoded").',
    },
    UNKNOWN_TOPIC,
  )
  importCsv(
    @UuidParam('groupId') groupId: string,
    @Body() csv: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResponseOf<'reporting.work-items.import'>> {
    const items = parseWorkItemsCsv(csv);
    return this.client.request('reporting.work-items.import', { groupId, items, actor: actorOf(principal) });
  }

  @Get('overlap-matrix')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({
    summary: 'Topics × study groups: overlaps, gaps, and the demarcation line',
    description:
      'Each cell lists the SG’s work items on the topic (withdrawn ones left out); `overlap` when two SGs or more have items, `gap` when none has. `asOf` reads the register and the demarcation as they stood.',
  })
  @ApiAsOf()
  @ApiOkResponse({ schema: openApiSchema(overlapMatrixSchema) })
  matrix(
    @UuidParam('groupId') groupId: string,
    @asOfQuery() query: z.output<typeof asOfQuerySchema>,
  ): Promise<ResponseOf<'reporting.matrix.get'>> {
    return this.client.request('reporting.matrix.get', { groupId, ...query });
  }

  @Put('demarcation/:topicKey')
  @Access('convenor', 'tsb')
  @ApiOperation({ summary: "Record a topic's proposed lead study group and the rationale (a new revision)" })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(demarcationInputSchema),
      example: {
        leadStudyGroup: 'SG17',
        rationale: 'Security mechanisms are SG17’s; SG20 applies them to IoT use cases.',
      },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(demarcationSchema) })
  @ApiProblems(422)
  putDemarcation(
    @UuidParam('groupId') groupId: string,
    @TopicParam('topicKey') topicKey: string,
    @Body(new ZodPipe(demarcationInputSchema)) line: z.output<typeof demarcationInputSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResponseOf<'reporting.demarcation.put'>> {
    return this.client.request('reporting.demarcation.put', { groupId, topicKey, line, actor: actorOf(principal) });
  }

  @Get('demarcation/:topicKey/history')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: "Every revision of a topic's demarcation line, oldest first" })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(demarcationSchema) })) })
  demarcationHistory(
    @UuidParam('groupId') groupId: string,
    @TopicParam('topicKey') topicKey: string,
  ): Promise<ResponseOf<'reporting.demarcation.history'>> {
    return this.client.request('reporting.demarcation.history', { groupId, topicKey });
  }
}
