import { Module, type DynamicModule } from '@nestjs/common';
import { GROUP_DIRECTORY_MIGRATIONS } from '@jcg/group-directory';
import { PlatformModule, type PlatformOptions } from '@jcg/platform';
import { CreateCoConvenors1764300500000 } from './convenors/create-co-convenors.migration.js';
import { AddMeetingRecord1764301300000 } from './meetings/add-meeting-record.migration.js';
import { CreateMeetings1764300600000 } from './meetings/create-meetings.migration.js';
import { MeetingEntity } from './meetings/meeting.entity.js';
import { MeetingVersions1764400100000 } from './meetings/meeting-versions.migration.js';
import { MeetingsController } from './meetings/meetings.controller.js';
import { AUTO_ANNOUNCE_MARGIN, MEETING_TOOLS, MeetingsService } from './meetings/meetings.service.js';
import { SlotPlanner } from './meetings/slot-planner.js';
import { MembershipFacts } from './membership/membership-facts.js';
import { MeetingTimerHandlers } from './timers/meeting-timer-handlers.js';

export interface MeetingsOptions extends Omit<PlatformOptions, 'entities' | 'migrations'> {
  /** TSB-supported meeting tools (R5); MyMeetings, TSB's own platform, by default. */
  meetingTools?: readonly string[];
  /** How long before the deadline an automatic announcement must be set (ms); 5 minutes by default. */
  autoAnnounceMarginMs?: number;
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

export const DEFAULT_AUTO_ANNOUNCE_MARGIN_MS = 5 * 60_000;

/** Parses AUTO_ANNOUNCE_MARGIN_MS: whole milliseconds, 0 to a day. */
export function autoAnnounceMarginFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.AUTO_ANNOUNCE_MARGIN_MS;
  if (raw === undefined || raw === '') return DEFAULT_AUTO_ANNOUNCE_MARGIN_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 24 * 3600_000) {
    throw new Error(`Invalid AUTO_ANNOUNCE_MARGIN_MS: "${raw}" (whole milliseconds, 0 to 86400000)`);
  }
  return value;
}

/** Meeting lifecycle, co-convenor concurrence, the one-week announcement rule (R3, R4, R5). */
@Module({})
export class MeetingsModule {
  static forRoot(options: MeetingsOptions): DynamicModule {
    const {
      meetingTools = ['mymeetings'],
      autoAnnounceMarginMs = DEFAULT_AUTO_ANNOUNCE_MARGIN_MS,
      ...platform
    } = options;
    return {
      module: MeetingsModule,
      imports: [
        PlatformModule.forService({
          ...platform,
          entities: [MeetingEntity],
          migrations: [
            // History: meetings once kept copies of the groups and co-convenors (dropped by MeetingVersions).
            ...GROUP_DIRECTORY_MIGRATIONS,
            CreateCoConvenors1764300500000,
            CreateMeetings1764300600000,
            AddMeetingRecord1764301300000,
            MeetingVersions1764400100000,
          ],
        }),
      ],
      controllers: [MeetingsController],
      providers: [
        MeetingsService,
        MembershipFacts,
        SlotPlanner,
        MeetingTimerHandlers,
        { provide: MEETING_TOOLS, useValue: meetingTools },
        { provide: AUTO_ANNOUNCE_MARGIN, useValue: autoAnnounceMarginMs },
      ],
    };
  }
}
