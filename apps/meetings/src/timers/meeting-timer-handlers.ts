import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { Timers, type DueTimer } from '@jcg/messaging';
import { MeetingsService } from '../meetings/meetings.service.js';
import { TIMER_KINDS, type MeetingTimerPayload } from './meeting-timers.js';

/** What each of a meeting's timers does when it comes (each re-reads the meeting first). */
@Injectable()
export class MeetingTimerHandlers implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly timers: Timers,
    private readonly meetings: MeetingsService,
  ) {}

  onModuleInit(): void {
    this.timers.handle<MeetingTimerPayload>(
      TIMER_KINDS.reminder,
      ({ payload, settle }: DueTimer<MeetingTimerPayload>) =>
        this.meetings.remind(payload.groupId, payload.meetingId, payload.daysBefore ?? 0, settle),
    );
    this.timers.handle<MeetingTimerPayload>(TIMER_KINDS.announce, ({ payload, settle }) =>
      this.meetings.announceAsScheduled(payload.groupId, payload.meetingId, payload.at ?? '', settle),
    );
    this.timers.handle<MeetingTimerPayload>(TIMER_KINDS.deadline, ({ payload, settle }) =>
      this.meetings.deadlinePassed(payload.groupId, payload.meetingId, settle),
    );
  }

  /** Meetings from before timers were rows get theirs (a no-op for the others). */
  async onApplicationBootstrap(): Promise<void> {
    await this.meetings.planTimers();
  }
}
