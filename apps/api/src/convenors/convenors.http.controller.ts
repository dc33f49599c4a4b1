import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { appointmentInputSchema, convenorAppointmentSchema, type ConvenorAppointment } from '@jcg/contracts';
import { BullMqClient } from '@jcg/messaging';
import { Access } from '../auth/access.decorator.js';
import { openApiRequestSchema, openApiSchema } from '../docs/openapi.js';
import { ApiProblems } from '../docs/problem.responses.js';
import { UuidParam } from '../http/params.js';
import { ZodPipe } from '../http/zod.pipe.js';

@ApiTags('co-convenors')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 503)
@Controller('v1/groups/:groupId/convenors')
export class ConvenorsHttpController {
  constructor(private readonly client: BullMqClient) {}

  @Get()
  @Access('admin', 'tsb', 'member')
  @ApiOperation({ summary: 'Every co-convenor appointment; the current ones have no end date (R2)' })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(convenorAppointmentSchema) })) })
  history(@UuidParam('groupId') groupId: string): Promise<{ items: ConvenorAppointment[] }> {
    return this.client.request('membership.convenors.history', { groupId });
  }

  @Post()
  @Access('admin', 'tsb')
  @ApiOperation({
    summary: 'Record the appointment of a co-convenor by a participating study group',
    description: "R2: it replaces the study group's current co-convenor, who stays in the history.",
  })
  @ApiBody({ schema: openApiRequestSchema(appointmentInputSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(convenorAppointmentSchema) })
  @ApiProblems(422)
  appoint(
    @UuidParam('groupId') groupId: string,
    @Body(new ZodPipe(appointmentInputSchema)) body: z.output<typeof appointmentInputSchema>,
  ): Promise<ConvenorAppointment> {
    return this.client.request('membership.convenors.appoint', { ...body, groupId });
  }
}
