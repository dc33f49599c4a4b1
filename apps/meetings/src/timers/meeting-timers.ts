import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Meeting } from '@jcg/contracts';
import { BullMqClient, QUEUE_DEFAULTS, workQueueName } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { reminderTimes } from '../rules/announcement.rule.js';

export const TIMER_QUEUE = workQueueName('meetings', 'timers');

export type TimerJob =
  | { kind: 'announce'; meetingId: string; groupId: string; at: string }
  | { kind: 'reminder'; meetingId: string; groupId: string; daysBefore: number };

/** The deterministic job id of each timer of a meeting: scheduling again replaces it. */
export function timerJobId(job: TimerJob): string {
  return job.kind === 'announce' ? `announce-${job.meetingId}` : `reminder-${job.daysBefore}-${job.meetingId}`;
}

/**
 * Delayed jobs of a meeting: its automatic announcement (announceAt) and the reminders 3 days and
 * 1 day before the announcement deadline, while it is not announced. Each has a deterministic id,
 * so moving a meeting replaces its timers, and announcing or cancelling it removes them.
 */
@Injectable()
export class MeetingTimers implements BeforeApplicationShutdown {
  private queue?: Queue;

  constructor(
    private readonly client: BullMqClient,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private timers(): Queue {
    this.queue ??= new Queue(TIMER_QUEUE, { connection: this.client.unwrap(), prefix: this.client.prefix });
    return this.queue;
  }

  /** What the meeting's timers should be now. */
  planned(meeting: Meeting): { job: TimerJob; runAt: Date }[] {
    if (meeting.state !== 'proposed' && meeting.state !== 'agreed') return [];
    const now = this.clock.now().getTime();
    const plan: { job: TimerJob; runAt: Date }[] = reminderTimes(new Date(meeting.announcementDeadline)).map((r) => ({
      job: { kind: 'reminder' as const, meetingId: meeting.id, groupId: meeting.groupId, daysBefore: r.daysBefore },
      runAt: r.at,
    }));
    if (meeting.announceAt)
      plan.push({
        job: { kind: 'announce', meetingId: meeting.id, groupId: meeting.groupId, at: meeting.announceAt },
        runAt: new Date(meeting.announceAt),
      });
    return plan.filter((p) => p.runAt.getTime() > now);
  }

  /** Brings the meeting's timers in line with its state (after each committed change). */
  async sync(meeting: Meeting): Promise<void> {
    const queue = this.timers();
    const wanted = new Map(this.planned(meeting).map((p) => [timerJobId(p.job), p]));
    const all = [
      ...reminderTimes(new Date(meeting.announcementDeadline)).map((r) => `reminder-${r.daysBefore}-${meeting.id}`),
      `announce-${meeting.id}`,
    ];
    const now = this.clock.now().getTime();
    for (const id of all) {
      const existing = await queue.getJob(id);
      // A finished job keeps its id for a while: remove it too, or the new timer would be ignored.
      if (existing && !(await existing.isActive())) await existing.remove();
      const plan = wanted.get(id);
      if (plan)
        await queue.add(plan.job.kind, plan.job, {
          ...QUEUE_DEFAULTS.work,
          jobId: id,
          delay: plan.runAt.getTime() - now,
        });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
