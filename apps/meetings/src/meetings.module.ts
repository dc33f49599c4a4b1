import { Module, type DynamicModule } from '@nestjs/common';
import { GROUP_DIRECTORY_ENTITIES, GROUP_DIRECTORY_MIGRATIONS, GroupDirectoryModule } from '@jcg/group-directory';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import { CoConvenorEntity } from './convenors/co-convenor.entity.js';
import { CoConvenorsEvents } from './convenors/co-convenors.events.js';
import { CreateCoConvenors1764300500000 } from './convenors/create-co-convenors.migration.js';
import { AddMeetingRecord1764301300000 } from './meetings/add-meeting-record.migration.js';
import { CreateMeetings1764300600000 } from './meetings/create-meetings.migration.js';
import { MeetingEntity } from './meetings/meeting.entity.js';
import { MeetingsController } from './meetings/meetings.controller.js';
import { MEETING_TOOLS, MeetingsService } from './meetings/meetings.service.js';
import { MeetingTimers } from './timers/meeting-timers.js';
import { TimerWorker } from './timers/timer-worker.js';

export interface MeetingsOptions extends Omit<PlatformOptions, 'entities' | 'migrations'> {
  /** TSB-supported meeting tools (R5); MyMeetings, TSB's own platform, by default. */
  meetingTools?: readonly string[];
}

/** Parses MEETING_TOOLS ("mymeetings,zoom"): lower-case names, separated by commas. */
export function meetingToolsFrom(env: NodeJS.ProcessEnv): string[] {
  const tools = (env.MEETING_TOOLS ?? 'mymeetings')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const bad = tools.filter((t) => !/^[a-z0-9][a-z0-9-]{0,39}$/.test(t));
  if (tools.length === 0 || bad.length > 0) throw new Error(`Invalid MEETING_TOOLS: ${bad.join(', ') || '(empty)'}`);
  return tools;
}

/** Meeting lifecycle, co-convenor concurrence, the one-week announcement rule (R3, R4, R5). */
@Module({})
export class MeetingsModule {
  static forRoot(options: MeetingsOptions): DynamicModule {
    const { meetingTools = ['mymeetings'], ...platform } = options;
    return {
      module: MeetingsModule,
      imports: [
        PlatformModule.forService({
          ...platform,
          entities: [...GROUP_DIRECTORY_ENTITIES, CoConvenorEntity, MeetingEntity],
          migrations: [
            ...GROUP_DIRECTORY_MIGRATIONS,
            CreateCoConvenors1764300500000,
            CreateMeetings1764300600000,
            AddMeetingRecord1764301300000,
          ],
        }),
        GroupDirectoryModule,
      ],
      controllers: [CoConvenorsEvents, MeetingsController],
      providers: [MeetingsService, MeetingTimers, TimerWorker, { provide: MEETING_TOOLS, useValue: meetingTools }],
    };
  }
}
