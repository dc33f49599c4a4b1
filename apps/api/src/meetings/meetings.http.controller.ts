import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  agendaItemsSchema,
  agendaSchema,
  announcementTimeSchema,
  joinDetailsSchema,
  meetingRecordSchema,
  meetingMoveSchema,
  meetingProposalSchema,
  meetingSchema,
  type Agenda,
  type Meeting,
  type Principal,
} from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

const actorOf = (principal: Principal): string | null =>
  principal.kind === 'participant' ? principal.participantId : null;

const proposalExample = {
  title: 'JCG-IoTSec e-meeting: demarcation between SG17 and SG20',
  startsAt: '2026-12-15T13:00:00Z',
  endsAt: '2026-12-15T15:00:00Z',
  timeZone: 'Europe/Zurich',
  tool: 'mymeetings',
};

@ApiTags('meetings')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 503)
@Controller('v1/groups/:groupId/meetings')
export class MeetingsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get()
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: "The group's meetings, by start" })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(meetingSchema) })) })
  list(@UuidParam('groupId') groupId: string): Promise<{ items: Meeting[] }> {
    return this.client.request('meetings.meetings.list', { groupId });
  }

  @Post()
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary: 'Propose a virtual meeting (a co-convenor, or TSB acting for them)',
    description:
      'Refused (422) when it can no longer be announced in time: its start must be at least the group\u2019s lead time (7 days for JCG-IoTSec) away (R4); the tool must be TSB-supported (R5). It is agreed once every other co-convenor concurs (R3).',
  })
  @ApiBody({ schema: { ...openApiRequestSchema(meetingProposalSchema), example: proposalExample } })
  @ApiCreatedResponse({ schema: openApiSchema(meetingSchema) })
  @ApiProblems(409, 422)
  propose(
    @UuidParam('groupId') groupId: string,
    @Body(new ZodPipe(meetingProposalSchema)) proposal: z.output<typeof meetingProposalSchema>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Meeting> {
    return this.client.request('meetings.meetings.propose', { groupId, actorId: actorOf(principal), proposal });
  }

  @Get(':meetingId')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: 'Read one meeting' })
  @ApiOkResponse({ schema: openApiSchema(meetingSchema) })
  get(@UuidParam('groupId') groupId: string, @UuidParam('meetingId') meetingId: string): Promise<Meeting> {
    return this.client.request('meetings.meetings.get', { groupId, meetingId });
  }

  @Post(':meetingId/concurrence')
  @HttpCode(200)
  @Access('convenor')
  @ApiOperation({ summary: 'Concur with a meeting another co-convenor proposed (R3)' })
  @ApiOkResponse({ schema: openApiSchema(meetingSchema) })
  @ApiProblems(409, 422)
  concur(
    @UuidParam('groupId') groupId: string,
    @UuidParam('meetingId') meetingId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Meeting> {
    return this.client.request('meetings.meetings.concur', {
      groupId,
      meetingId,
      participantId: actorOf(principal) ?? '',
    });
  }

  @Put(':meetingId/join-details')
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary:
      "Set the room's join details (TSB or a co-convenor, R5); after the announcement, participants get an update",
  })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(joinDetailsSchema),
      example: { url: 'https://meetings.example.int/j/123456', meetingNumber: '123 456', passcode: 'iot' },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(meetingSchema) })
  @ApiProblems(409)
  provision(
    @UuidParam('groupId') groupId: string,
    @UuidParam('meetingId') meetingId: string,
    @Body(new ZodPipe(joinDetailsSchema)) joinDetails: z.output<typeof joinDetailsSchema>,
  ): Promise<Meeting> {
    return this.client.request('meetings.meetings.provision', { groupId, meetingId, joinDetails });
  }

  @Post(':meetingId/announcement')
  @HttpCode(200)
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary: 'Announce the meeting to the mailing list with its draft agenda (R4)',
    description:
      'It must be agreed, have join details and a draft agenda, and start at least the lead time from now; otherwise 409 or 422 and nothing is sent.',
  })
  @ApiOkResponse({ schema: openApiSchema(meetingSchema) })
  @ApiProblems(409, 422)
  announce(@UuidParam('groupId') groupId: string, @UuidParam('meetingId') meetingId: string): Promise<Meeting> {
    return this.client.request('meetings.meetings.announce', { groupId, meetingId });
  }

  @Put(':meetingId/announcement-time')
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary: 'Have the meeting announced automatically at an instant (or null to clear it)',
    description:
      'The instant must be in the future and no later than the announcement deadline (R4). The co-convenors are reminded 3 days and 1 day before the deadline while the meeting is unannounced.',
  })
  @ApiBody({
    schema: { ...openApiRequestSchema(announcementTimeSchema), example: { announceAt: '2026-12-07T08:00:00Z' } },
  })
  @ApiOkResponse({ schema: openApiSchema(meetingSchema) })
  @ApiProblems(409, 422)
  scheduleAnnouncement(
    @UuidParam('groupId') groupId: string,
    @UuidParam('meetingId') meetingId: string,
    @Body(new ZodPipe(announcementTimeSchema)) body: z.output<typeof announcementTimeSchema>,
  ): Promise<Meeting> {
    return this.client.request('meetings.meetings.schedule-announcement', {
      groupId,
      meetingId,
      announceAt: body.announceAt,
    });
  }

  @Put(':meetingId/schedule')
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary: 'Move the meeting; an announced meeting is announced again, judged against the new start (R4)',
  })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(meetingMoveSchema),
      example: { startsAt: '2026-12-16T13:00:00Z', endsAt: '2026-12-16T15:00:00Z' },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(meetingSchema) })
  @ApiProblems(409, 422)
  move(
    @UuidParam('groupId') groupId: string,
    @UuidParam('meetingId') meetingId: string,
    @Body(new ZodPipe(meetingMoveSchema)) times: z.output<typeof meetingMoveSchema>,
  ): Promise<Meeting> {
    return this.client.request('meetings.meetings.move', { groupId, meetingId, ...times });
  }

  @Post(':meetingId/cancellation')
  @HttpCode(200)
  @Access('convenor', 'tsb')
  @ApiOperation({ summary: 'Cancel the meeting (any time before it is held)' })
  @ApiOkResponse({ schema: openApiSchema(meetingSchema) })
  @ApiProblems(409)
  cancel(@UuidParam('groupId') groupId: string, @UuidParam('meetingId') meetingId: string): Promise<Meeting> {
    return this.client.request('meetings.meetings.cancel', { groupId, meetingId });
  }

  @Post(':meetingId/record')
  @HttpCode(200)
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary:
      'After the meeting started: attendance (by organization), minutes, decisions and action items; the meeting is held',
  })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(meetingRecordSchema),
      example: {
        attendance: [{ name: 'Ana Silva', organization: 'Example Telecom' }],
        minutes: 'The group reviewed the SG17 and SG20 work items.',
        decisions: ['Draft the demarcation table for the next TSAG meeting'],
        actionItems: [{ description: 'Circulate the overlap matrix', owner: 'Co-convenors', due: '2027-01-15' }],
      },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(meetingSchema) })
  @ApiProblems(409)
  record(
    @UuidParam('groupId') groupId: string,
    @UuidParam('meetingId') meetingId: string,
    @Body(new ZodPipe(meetingRecordSchema)) record: z.output<typeof meetingRecordSchema>,
  ): Promise<Meeting> {
    return this.client.request('meetings.meetings.record', { groupId, meetingId, record });
  }

  @Post(':meetingId/closure')
  @HttpCode(200)
  @Access('convenor', 'tsb')
  @ApiOperation({ summary: 'Close a held meeting: its record is final' })
  @ApiOkResponse({ schema: openApiSchema(meetingSchema) })
  @ApiProblems(409)
  close(@UuidParam('groupId') groupId: string, @UuidParam('meetingId') meetingId: string): Promise<Meeting> {
    return this.client.request('meetings.meetings.close', { groupId, meetingId });
  }

  @Put(':meetingId/agenda')
  @Access('convenor', 'tsb')
  @ApiOperation({
    summary: 'Replace the agenda items',
    description:
      'Before the announcement the draft changes; after it, each change is a numbered revision (rev.1, rev.2 ...) sent to the list as the "revised draft agenda", allowed until the start (R4).',
  })
  @ApiBody({
    schema: {
      ...openApiRequestSchema(agendaItemsSchema),
      example: {
        items: [
          { title: 'Opening of the meeting', presenter: null, minutes: 5, documents: [] },
          {
            title: 'Review of SG17 and SG20 IoT security work items',
            presenter: 'Co-convenors',
            minutes: 60,
            documents: ['JCG-IoTSec-C-001'],
          },
        ],
      },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(agendaSchema) })
  @ApiProblems(409)
  setAgenda(
    @UuidParam('groupId') groupId: string,
    @UuidParam('meetingId') meetingId: string,
    @Body(new ZodPipe(agendaItemsSchema)) body: z.output<typeof agendaItemsSchema>,
  ): Promise<Agenda> {
    return this.client.request('agenda.agendas.set-items', { groupId, meetingId, items: body.items });
  }

  @Post(':meetingId/agenda/adoption')
  @HttpCode(200)
  @Access('convenor', 'tsb')
  @ApiOperation({ summary: 'The meeting adopts its agenda: no revision after that' })
  @ApiOkResponse({ schema: openApiSchema(agendaSchema) })
  @ApiProblems(409)
  adoptAgenda(@UuidParam('groupId') groupId: string, @UuidParam('meetingId') meetingId: string): Promise<Agenda> {
    return this.client.request('agenda.agendas.adopt', { groupId, meetingId });
  }

  @Get(':meetingId/agenda')
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: "The meeting's current agenda (the draft until it is announced)" })
  @ApiOkResponse({ schema: openApiSchema(agendaSchema) })
  agenda(@UuidParam('groupId') groupId: string, @UuidParam('meetingId') meetingId: string): Promise<Agenda> {
    return this.client.request('agenda.agendas.get', { groupId, meetingId });
  }
}
