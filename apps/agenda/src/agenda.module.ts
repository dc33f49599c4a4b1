import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import { AgendaEntity } from './agendas/agenda.entity.js';
import { AgendaMeetingVersions1764400200000 } from './agendas/agenda-meeting-versions.migration.js';
import { AgendasController } from './agendas/agendas.controller.js';
import { AgendasService } from './agendas/agendas.service.js';
import { CreateAgendas1764300700000 } from './agendas/create-agendas.migration.js';
import { TrackMeetings1764301100000 } from './agendas/track-meetings.migration.js';

/** Draft agendas, items, revisions and adoption. */
@Module({})
export class AgendaModule {
  static forRoot(options: Omit<PlatformOptions, 'entities' | 'migrations'>): DynamicModule {
    return {
      module: AgendaModule,
      imports: [
        PlatformModule.forService({
          ...options,
          entities: [AgendaEntity],
          migrations: [CreateAgendas1764300700000, TrackMeetings1764301100000, AgendaMeetingVersions1764400200000],
        }),
      ],
      controllers: [AgendasController],
      providers: [AgendasService],
    };
  }
}
