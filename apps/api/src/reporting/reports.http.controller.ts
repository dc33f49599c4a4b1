import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  narrativeInputSchema,
  narrativeRevisionSchema,
  objectiveSchema,
  reportSchema,
  reportSummarySchema,
  type Principal,
  type ResponseOf,
} from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { actorOf } from '../auth/actor.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

const ObjectiveParam = () => Param('objective', new ZodPipe(objectiveSchema, 'path', 'objective'));
/**
 * Documents the objective path parameter. Its type is written `z.infer`, not `z.output`: zod 4.6
 * also has a function `z.output`, which swc (tests) would emit as the parameter's design type.
 */
const ApiObjective = () =>
  ApiParam({ name: 'objective', enum: objectiveSchema.options, description: "The ToR objective's letter" });
const versionQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).max(100_000).optional() });
const docxQuerySchema = versionQuerySchema.extend({
  original: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
const ApiVersion = () =>
  ApiQuery({
    name: 'version',
    required: false,
    schema: { type: 'integer', minimum: 1 },
    description: 'A version; the latest by default.',
  });

/** Compiled reports for an obligation (R6): draft, narratives, the TD as .docx or Markdown, submission. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 503, {
  status: 404,
  description: 'No such obligation, report or version',
  code: 'REPORT_NOT_FOUND',
  title: 'Report not found',
  detail: 'The report has no version 7.',
})
@Controller('v1/groups/:groupId/obligations/:obligationId/report')
export class ReportsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Post()
  @HttpCode(200)
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary: 'Compile the report (again): its facts from what the system knows; the narratives are kept',
    description:
      'Meetings held since the previous submitted report to that body (attendance by organization and by SG, agendas, decisions, action items), ToR revisions and lifecycle decisions, register changes, the overlap matrix and the demarcation. Also done automatically 14 days before the due date. After a submission, a new draft version.',
  })
  @ApiOkResponse({ schema: openApiSchema(reportSchema) })
  @ApiProblems(409)
  compile(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResponseOf<'reporting.reports.compile'>> {
    return this.client.request('reporting.reports.compile', { groupId, obligationId, actor: actorOf(principal) });
  }

  @Get()
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: 'The report (its latest version, or one) with its content' })
  @ApiVersion()
  @ApiOkResponse({ schema: openApiSchema(reportSchema) })
  get(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
    @Query(new ZodPipe(versionQuerySchema, 'query')) query: z.output<typeof versionQuerySchema>,
  ): Promise<ResponseOf<'reporting.reports.get'>> {
    return this.client.request('reporting.reports.get', { groupId, obligationId, ...query });
  }

  @Get('versions')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: "The report's versions: drafts and frozen ones, with their documents' SHA-256" })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(reportSummarySchema) })) })
  versions(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
  ): Promise<ResponseOf<'reporting.reports.versions'>> {
    return this.client.request('reporting.reports.versions', { groupId, obligationId });
  }

  @Put('narratives/:objective')
  @ApiObjective()
  @Access('convenor')
  @ApiOperation({
    summary: 'Write the narrative of one objective, (a) to (d): a new revision in the draft',
    description:
      'With `version`, the edit is for that version: a submitted one never changes (409). Without it, the edit goes to the draft, and makes a new draft when the latest version was submitted.',
  })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(narrativeInputSchema),
      example: { text: 'SG17 and SG20 both study device identity; the group proposes ...' },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(reportSchema) })
  @ApiProblems({
    status: 409,
    description: 'That version was submitted: it never changes',
    code: 'REPORT_FROZEN',
    title: 'Submitted report',
    detail: 'Version 1 was submitted on 2027-01-04T10:00:00.000Z and never changes; edit the draft instead.',
  })
  write(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
    @ObjectiveParam() objective: z.infer<typeof objectiveSchema>,
    @Body(new ZodPipe(narrativeInputSchema)) narrative: z.output<typeof narrativeInputSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResponseOf<'reporting.reports.write-narrative'>> {
    return this.client.request('reporting.reports.write-narrative', {
      groupId,
      obligationId,
      objective,
      narrative,
      actor: actorOf(principal),
    });
  }

  @Get('narratives/:objective/history')
  @ApiObjective()
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: "Every revision of one objective's narrative, oldest first" })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(narrativeRevisionSchema) })) })
  history(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
    @ObjectiveParam() objective: z.infer<typeof objectiveSchema>,
  ): Promise<ResponseOf<'reporting.reports.narrative-history'>> {
    return this.client.request('reporting.reports.narrative-history', { groupId, obligationId, objective });
  }

  @Get('document.docx')
  @Access('admin', 'tsb', 'member')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOperation({
    summary: 'The report as an ITU-T TD (.docx)',
    description:
      'Without `version`: a preview of the draft (compiled now if there is none). A submitted version exactly as frozen (its SHA-256 in `X-Content-SHA256`); once TSB acknowledged it, the numbered TD (`original=true`: the document as submitted and mailed).',
  })
  @ApiVersion()
  @ApiQuery({ name: 'original', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({
    description: 'A Word document',
    schema: { type: 'string', format: 'binary' },
    headers: { 'X-Content-SHA256': { description: 'SHA-256 (hex) of the document', schema: { type: 'string' } } },
  })
  docx(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
    @Query(new ZodPipe(docxQuerySchema, 'query')) query: z.output<typeof docxQuerySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return this.file(groupId, obligationId, query.version, 'docx', reply, query.original);
  }

  @Get('document.md')
  @Access('admin', 'tsb', 'member')
  @ApiProduces('text/markdown')
  @ApiOperation({ summary: 'The report as Markdown (a preview of the draft without `version`)' })
  @ApiVersion()
  @ApiOkResponse({ description: 'Markdown', schema: { type: 'string' } })
  markdown(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
    @Query(new ZodPipe(versionQuerySchema, 'query')) query: z.output<typeof versionQuerySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return this.file(groupId, obligationId, query.version, 'md', reply);
  }

  @Post('submission')
  @HttpCode(200)
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary: "Submit the draft: frozen for good, mailed to the body's secretariat and to the list",
    description:
      'The .docx and its SHA-256 are kept as submitted; the obligation is recorded as submitted (its reminders stop) and `report.submitted` carries the document. TSB then acknowledges it with its TD number.',
  })
  @ApiOkResponse({ schema: openApiSchema(reportSchema) })
  @ApiProblems(409)
  submit(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResponseOf<'reporting.reports.submit'>> {
    return this.client.request('reporting.reports.submit', { groupId, obligationId, actor: actorOf(principal) });
  }

  private async file(
    groupId: string,
    obligationId: string,
    version: number | undefined,
    format: 'docx' | 'md',
    reply: FastifyReply,
    original?: boolean,
  ): Promise<Buffer> {
    const file = await this.client.request('reporting.reports.document', {
      groupId,
      obligationId,
      version,
      format,
      ...(original === undefined ? {} : { original }),
    });
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`)
      .header('x-content-sha256', file.sha256);
    return Buffer.from(file.base64, 'base64');
  }
}
