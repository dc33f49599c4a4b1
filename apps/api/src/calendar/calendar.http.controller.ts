import { Controller, Get, Header, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashApiKeySecret } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access } from '../auth/access.decorator.js';
import { openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

const CALENDAR = 'text/calendar; charset=utf-8';
const feedTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a feed token');

@ApiTags('calendar')
@ApiProblems(400, 404, 503)
@Controller('v1')
export class CalendarHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get('calendar/groups/:groupId.ics')
  @ApiBearerAuth()
  @Access('admin', 'tsb', 'member')
  @Header('content-type', CALENDAR)
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: "The group's announced meetings as an iCalendar feed; cancelled ones are marked STATUS:CANCELLED",
  })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545), METHOD:PUBLISH, instants in UTC', schema: { type: 'string' } })
  @ApiProblems(401, 403)
  async group(@UuidParam('groupId') groupId: string): Promise<string> {
    return (await this.client.request('notifications.feeds.group', { groupId })).calendar;
  }

  @Get('calendar/feeds/:token.ics')
  @Access('public')
  @Header('content-type', CALENDAR)
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: "A participant's own feed, for calendar applications (the secret token in the URL is the credential)",
    description:
      'Empty while the participant is suspended or gone (R8). Issue a new token to make an old URL stop working.',
  })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545), METHOD:PUBLISH', schema: { type: 'string' } })
  async participant(@Param('token', new ZodPipe(feedTokenSchema, 'path', 'token')) token: string): Promise<string> {
    return (await this.client.request('notifications.feeds.participant', { tokenHash: hashApiKeySecret(token) }))
      .calendar;
  }

  @Post('groups/:groupId/participants/:participantId/calendar-feed')
  @ApiBearerAuth()
  @Access('admin', 'self')
  @ApiOperation({ summary: 'Issue the participant a new feed URL (shown once; the previous one stops working)' })
  @ApiCreatedResponse({ schema: openApiSchema(z.object({ url: z.string() })) })
  @ApiProblems(401, 403)
  async issue(
    @UuidParam('groupId') groupId: string,
    @UuidParam('participantId') participantId: string,
  ): Promise<{ url: string }> {
    await this.client.request('membership.participants.get', { groupId, participantId });
    const token = randomBytes(32).toString('base64url');
    await this.client.request('notifications.feeds.issue-token', {
      groupId,
      participantId,
      tokenHash: hashApiKeySecret(token),
    });
    return { url: `/v1/calendar/feeds/${token}.ics` };
  }
}
