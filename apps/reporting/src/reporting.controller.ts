import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { RequestOf, ResponseOf } from '@jcg/contracts';
import { GroupDirectory } from '@jcg/group-directory';
import { Clock } from '@jcg/persistence';
import { BodyCalendarService } from './calendar/body-calendar.service.js';
import { deadlineCalendar } from './feeds/deadline-feed.js';
import { ObligationsService } from './obligations/obligations.service.js';
import { ReportingErrors } from './reporting.errors.js';

@Controller()
export class ReportingController {
  constructor(
    private readonly calendar: BodyCalendarService,
    private readonly obligations: ObligationsService,
    private readonly groups: GroupDirectory,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @MessagePattern('reporting.body-meetings.put')
  put(
    @Payload() request: RequestOf<'reporting.body-meetings.put'>,
  ): Promise<ResponseOf<'reporting.body-meetings.put'>> {
    return this.calendar.put(request);
  }

  @MessagePattern('reporting.body-meetings.cancel')
  cancel(
    @Payload() request: RequestOf<'reporting.body-meetings.cancel'>,
  ): Promise<ResponseOf<'reporting.body-meetings.cancel'>> {
    return this.calendar.cancel(request);
  }

  @MessagePattern('reporting.body-meetings.list')
  async list(): Promise<ResponseOf<'reporting.body-meetings.list'>> {
    return { items: await this.calendar.list() };
  }

  @MessagePattern('reporting.body-meetings.get')
  get(
    @Payload() request: RequestOf<'reporting.body-meetings.get'>,
  ): Promise<ResponseOf<'reporting.body-meetings.get'>> {
    return this.calendar.get(request.reference);
  }

  @MessagePattern('reporting.obligations.list')
  async obligationsOf(
    @Payload() request: RequestOf<'reporting.obligations.list'>,
  ): Promise<ResponseOf<'reporting.obligations.list'>> {
    return { items: await this.obligations.list(request) };
  }

  @MessagePattern('reporting.obligations.late')
  async late(): Promise<ResponseOf<'reporting.obligations.late'>> {
    return { items: await this.obligations.late() };
  }

  @MessagePattern('reporting.obligations.submit')
  submit(
    @Payload() request: RequestOf<'reporting.obligations.submit'>,
  ): Promise<ResponseOf<'reporting.obligations.submit'>> {
    return this.obligations.submit(request);
  }

  @MessagePattern('reporting.feeds.deadlines')
  async deadlines(
    @Payload() request: RequestOf<'reporting.feeds.deadlines'>,
  ): Promise<ResponseOf<'reporting.feeds.deadlines'>> {
    const group = await this.groups.find(request.groupId);
    if (!group) throw ReportingErrors.groupNotFound(request.groupId);
    const all = await this.obligations.list({ groupId: request.groupId, scope: 'all' });
    return { calendar: deadlineCalendar(group.acronym, all, this.clock.now()) };
  }
}
