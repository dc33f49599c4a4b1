import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { deliverySummarySchema, type DeliverySummary } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access } from '../auth/access.decorator.js';
import { openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';

const replaySchema = z.object({ meetingId: z.uuid(), requeued: z.int().min(0) });

@ApiTags('meetings')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 503)
@Controller('v1/groups/:groupId/meetings/:meetingId/deliveries')
export class DeliveriesHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get()
  @Access('convenor', 'tsb', 'admin')
  @ApiOperation({
    summary: "What became of the meeting's mail",
    description:
      'Messages by kind (announcement, invite, update ...) and status (sent, queued, failed, superseded: replaced by a newer message before it went out), and the failed ones with their reason. Failed messages are sent again automatically once the SMTP server answers again; an administrator can replay them.',
  })
  @ApiOkResponse({ schema: openApiSchema(deliverySummarySchema) })
  async summary(
    @UuidParam('groupId') groupId: string,
    @UuidParam('meetingId') meetingId: string,
  ): Promise<DeliverySummary> {
    await this.client.request('meetings.meetings.get', { groupId, meetingId }); // 404 for a meeting not of this group
    return this.client.request('notifications.deliveries.summary', { groupId, meetingId });
  }

  @Post('replay')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({
    summary: "Send the meeting's failed messages again",
    description:
      'Those a newer message to the same recipient replaced are left out. Answers how many were queued again.',
  })
  @ApiOkResponse({ schema: openApiSchema(replaySchema) })
  async replay(
    @UuidParam('groupId') groupId: string,
    @UuidParam('meetingId') meetingId: string,
  ): Promise<z.infer<typeof replaySchema>> {
    await this.client.request('meetings.meetings.get', { groupId, meetingId }); // 404 for a meeting not of this group
    return this.client.request('notifications.deliveries.replay', { groupId, meetingId });
  }
}
