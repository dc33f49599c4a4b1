import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  acknowledgementSchema,
  bodyMeetingInputSchema,
  bodyMeetingReferenceSchema,
  bodyMeetingSchema,
  bodySchema,
  lateObligations,
  obligationSchema,
  submissionSchema,
  type BodyMeeting,
  type Obligation,
  type Principal,
  type ResponseOf,
} from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

const ReferenceParam = () => Param('reference', new ZodPipe(bodyMeetingReferenceSchema, 'path', 'reference'));
const listQuerySchema = z.strictObject({
  scope: z.enum(['upcoming', 'all']).default('upcoming'),
  body: bodySchema.optional(),
});
const putResponseSchema = z.object({
  bodyMeeting: bodyMeetingSchema,
  change: z.enum(['scheduled', 'moved', 'updated', 'cancelled', 'unchanged']),
});
/** The participant who acted, for the obligation's `submittedBy` (TSB and admin are not participants). */
const participantIdOf = (principal: Principal): string | null =>
  principal.kind === 'participant' ? principal.participantId : null;

/** The body calendar TSB keeps, and the reports each group owes (R6). */
@ApiTags('reporting')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 503)
@Controller('v1')
export class ReportingHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Put('body-meetings/:reference')
  @Access('tsb', 'admin')
  @ApiOperation({
    summary: "Enter (or update) a body's meeting under TSB's reference",
    description:
      'Sending the same meeting again changes nothing. Each active group reporting to the body owes a report due one calendar month before the first day (R6); a changed first day moves it, `status: cancelled` cancels it. A reference names one body for good (409 for another).',
  })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(bodyMeetingInputSchema),
      example: { body: 'SG17', firstDay: '2027-01-18', lastDay: '2027-01-27', place: 'Geneva' },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(putResponseSchema) })
  @ApiProblems(409)
  put(
    @ReferenceParam() reference: string,
    @Body(new ZodPipe(bodyMeetingInputSchema)) meeting: z.output<typeof bodyMeetingInputSchema>,
  ): Promise<ResponseOf<'reporting.body-meetings.put'>> {
    return this.client.request('reporting.body-meetings.put', { reference, meeting });
  }

  @Delete('body-meetings/:reference')
  @Access('tsb', 'admin')
  @ApiOperation({ summary: "Cancel a body's meeting: its pending report obligations are cancelled" })
  @ApiOkResponse({ schema: openApiSchema(bodyMeetingSchema) })
  @ApiProblems(404)
  cancel(@ReferenceParam() reference: string): Promise<BodyMeeting> {
    return this.client.request('reporting.body-meetings.cancel', { reference });
  }

  @Get('body-meetings')
  @Access('anyone')
  @ApiOperation({ summary: 'The meetings of the bodies groups report to (SGs, TSAG), by first day' })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(bodyMeetingSchema) })) })
  list(): Promise<{ items: BodyMeeting[] }> {
    return this.client.request('reporting.body-meetings.list', {});
  }

  @Get('body-meetings/:reference')
  @Access('anyone')
  @ApiOperation({ summary: 'One body meeting, by TSB reference' })
  @ApiOkResponse({ schema: openApiSchema(bodyMeetingSchema) })
  @ApiProblems(404)
  get(@ReferenceParam() reference: string): Promise<BodyMeeting> {
    return this.client.request('reporting.body-meetings.get', { reference });
  }

  @Get('groups/:groupId/obligations')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({
    summary: 'The reports the group owes, in due order (R6)',
    description:
      'Each with its state (`overdue` while pending after the due instant), due date, due instant (23:59:59 Geneva) and days left, counted in Geneva calendar days. `scope=all` includes the history; `body` keeps one body (422 if the group does not report to it).',
  })
  @ApiQuery({ name: 'scope', required: false, enum: ['upcoming', 'all'] })
  @ApiQuery({ name: 'body', required: false, schema: { type: 'string', example: 'SG17' } })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(obligationSchema) })) })
  @ApiProblems(404, 422)
  obligations(
    @UuidParam('groupId') groupId: string,
    @Query(new ZodPipe(listQuerySchema, 'query')) query: z.output<typeof listQuerySchema>,
  ): Promise<{ items: Obligation[] }> {
    return this.client.request('reporting.obligations.list', { groupId, ...query });
  }

  @Get('obligations/late')
  @Access('tsb', 'admin')
  @ApiOperation({ summary: 'Across all groups: the reports overdue or missed, most overdue first (for TSB)' })
  @ApiOkResponse({ schema: openApiSchema(lateObligations.response) })
  late(): Promise<ResponseOf<'reporting.obligations.late'>> {
    return this.client.request('reporting.obligations.late', {});
  }

  @Post('groups/:groupId/obligations/:obligationId/submission')
  @HttpCode(200)
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary: 'Record that the report went to the body, with its document reference',
    description: 'A TD number or a URL, for a report prepared elsewhere. The reminders and overdue notices stop.',
  })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(submissionSchema),
      example: { documentReference: 'T25-SG17-270118-TD-PLEN-0123' },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(obligationSchema) })
  @ApiProblems(404, 409)
  submit(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
    @Body(new ZodPipe(submissionSchema)) body: z.output<typeof submissionSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Obligation> {
    return this.client.request('reporting.obligations.submit', {
      groupId,
      obligationId,
      ...body,
      actorId: participantIdOf(principal),
    });
  }

  @Post('groups/:groupId/obligations/:obligationId/acknowledgement')
  @HttpCode(200)
  @Access('tsb')
  @ApiOperation({
    summary: 'TSB acknowledges a submitted report, with the TD number it gave it',
    description:
      'Required for a report compiled and submitted here: its document then carries the number in its name and title block. The same number again changes nothing; another one is refused (409).',
  })
  @ApiBody({
    required: false,
    schema: { ...openApiRequestSchema(acknowledgementSchema), example: { tdNumber: 'T25-SG17-270118-TD-GEN-0123' } },
  })
  @ApiOkResponse({ schema: openApiSchema(obligationSchema) })
  @ApiProblems(
    404,
    {
      status: 409,
      description: "Acknowledged with another number, or the number is another report's",
      code: 'TD_NUMBER_CONFLICT',
      title: 'Another TD number',
      detail:
        'The report was acknowledged as T25-SG17-270118-TD-GEN-0123; it cannot also be T25-SG17-270118-TD-GEN-0124.',
    },
    {
      status: 422,
      description: 'The number names another body or meeting, or is missing for a report compiled here',
      code: 'TD_NUMBER_MISMATCH',
      title: 'TD number of another meeting',
      detail: 'T25-SG20-270118-TD-GEN-0123 is not a number for this report: it names SG20, and the report is to SG17.',
    },
  )
  acknowledge(
    @UuidParam('groupId') groupId: string,
    @UuidParam('obligationId') obligationId: string,
    @Body(new ZodPipe(acknowledgementSchema.optional())) body: z.output<typeof acknowledgementSchema> | undefined,
  ): Promise<Obligation> {
    return this.client.request('reporting.obligations.acknowledge', { groupId, obligationId, ...body });
  }

  @Get('calendar/groups/:groupId/deadlines.ics')
  @Access('admin', 'tsb', 'member')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: "The group's report due dates as an iCalendar feed",
    description:
      'All-day events on the due dates, the due instant in the description; stable UIDs, SEQUENCE raised on a move.',
  })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545), METHOD:PUBLISH', schema: { type: 'string' } })
  @ApiProblems(404)
  async deadlines(@UuidParam('groupId') groupId: string): Promise<string> {
    return (await this.client.request('reporting.feeds.deadlines', { groupId })).calendar;
  }
}
