import { Module, type DynamicModule } from '@nestjs/common';
import { GROUP_DIRECTORY_ENTITIES, GROUP_DIRECTORY_MIGRATIONS, GroupDirectoryModule } from '@jcg/group-directory';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import { BodyCalendarService } from './calendar/body-calendar.service.js';
import { BodyMeetingEntity } from './calendar/body-meeting.entity.js';
import { CreateReporting1764400600000 } from './database/create-reporting.migration.js';
import { ObligationEntity } from './obligations/obligation.entity.js';
import { ObligationTimerHandlers } from './obligations/obligation-timer-handlers.js';
import { ObligationsService } from './obligations/obligations.service.js';
import { ReportingController } from './reporting.controller.js';

/** SG and TSAG meeting calendar, report cadence (R6), report compilation and submission. */
@Module({})
export class ReportingModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        PlatformModule.forService({
          ...options,
          entities: [...GROUP_DIRECTORY_ENTITIES, BodyMeetingEntity, ObligationEntity],
          migrations: [...GROUP_DIRECTORY_MIGRATIONS, CreateReporting1764400600000],
        }),
        GroupDirectoryModule,
      ],
      controllers: [ReportingController],
      providers: [BodyCalendarService, ObligationsService, ObligationTimerHandlers],
    };
  }
}
