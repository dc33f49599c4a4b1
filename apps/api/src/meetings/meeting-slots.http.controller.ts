import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { slotFieldsSchema, slotRangeChecked, suggestSlots, type ResponseOf } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access } from '../auth/access.decorator.js';
import { openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

// A query string carries text: the numbers are read as numbers.
const slotQuerySchema = slotRangeChecked(
  slotFieldsSchema.extend({
    durationMinutes: z.coerce.number().int().min(15).max(480).multipleOf(15),
    limit: z.coerce.number().int().min(1).max(10).default(5),
  }),
);

/** The meeting planner's slot suggestions, for the console and for integrators alike. */
@ApiTags('meetings')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 503)
@Controller('v1/groups/:groupId/meeting-slots')
export class MeetingSlotsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get()
  @Access('member', 'tsb', 'admin')
  @ApiOperation({
    summary: "Suggest starting times that suit the most participants' working day",
    description:
      "For a meeting of `durationMinutes` between `from` and `to` (at most 31 days apart), the best starting times at 15-minute steps: most of the group's active participants with the whole meeting between 07:00 and 22:00 local first, then fewest minutes outside it, then earliest; suggestions are at least the meeting's length apart. Each says, per time zone, the local start and end and whether it is inside. Never earlier than a proposal made now may start (R4: `earliestStart`).",
  })
  @ApiQuery({
    name: 'durationMinutes',
    required: true,
    schema: { type: 'integer', minimum: 15, maximum: 480, multipleOf: 15 },
  })
  @ApiQuery({ name: 'from', required: true, schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'to', required: true, schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 10, default: 5 } })
  @ApiOkResponse({ schema: openApiSchema(suggestSlots.response) })
  suggest(
    @UuidParam('groupId') groupId: string,
    @Query(new ZodPipe(slotQuerySchema, 'query')) query: z.output<typeof slotQuerySchema>,
  ): Promise<ResponseOf<'meetings.slots.suggest'>> {
    return this.client.request('meetings.slots.suggest', { groupId, ...query });
  }
}
