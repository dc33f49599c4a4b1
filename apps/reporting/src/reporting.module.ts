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
import { RegisterController } from './register/register.controller.js';
import { DemarcationEntity, TopicEntity, WorkItemChangeEntity, WorkItemEntity } from './register/register.entities.js';
import { RegisterService } from './register/register.service.js';
import { RegisterAndReports1764400800000 } from './database/register-and-reports.migration.js';
import { NarrativeEntity, ReportEntity } from './reports/report.entities.js';
import { ReportSources } from './reports/report-sources.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsService } from './reports/reports.service.js';
import { SECRETARIATS, secretariatsFrom, type Secretariats } from './reports/secretariats.js';

/** SG and TSAG meeting calendar, report cadence (R6), the work-item register, compiled reports and their submission. */
@Module({})
export class ReportingModule {
  static forRoot(
    options: Omit<PlatformOptions, 'entities' | 'migrations'> & { secretariats?: Secretariats },
  ): DynamicModule {
    const { secretariats = secretariatsFrom({}), ...platform } = options;
    return {
      module: ReportingModule,
      imports: [
        PlatformModule.forService({
          ...platform,
          entities: [
            ...GROUP_DIRECTORY_ENTITIES,
            BodyMeetingEntity,
            ObligationEntity,
            TopicEntity,
            WorkItemEntity,
            WorkItemChangeEntity,
            DemarcationEntity,
            ReportEntity,
            NarrativeEntity,
          ],
          migrations: [...GROUP_DIRECTORY_MIGRATIONS, CreateReporting1764400600000, RegisterAndReports1764400800000],
        }),
        GroupDirectoryModule,
      ],
      controllers: [ReportingController, RegisterController, ReportsController],
      providers: [
        BodyCalendarService,
        ObligationsService,
        ObligationTimerHandlers,
        RegisterService,
        ReportSources,
        ReportsService,
        { provide: SECRETARIATS, useValue: secretariats },
      ],
    };
  }
}
