import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { BullMqClient, CommandError } from '@jcg/messaging';
import { MeetingsService } from '../meetings/meetings.service.js';
import { TIMER_QUEUE, type TimerJob } from './meeting-timers.js';

/** Runs the meetings' timers: each re-reads the meeting and does nothing when the state has moved on. */
@Injectable()
export class TimerWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TimerWorker.name);
  private worker?: Worker;

  constructor(
    private readonly client: BullMqClient,
    private readonly meetings: MeetingsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new Worker(TIMER_QUEUE, (job: Job<TimerJob>) => this.run(job.data), {
      connection: this.client.redisOptions,
      prefix: this.client.prefix,
      concurrency: 4,
    });
    await this.worker.waitUntilReady();
    // Timers are scheduled after each commit; a crash in between is mended here, at every start.
    await this.meetings.resyncTimers();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private async run(job: TimerJob): Promise<string> {
    if (job.kind === 'reminder')
      return (await this.meetings.remind(job.groupId, job.meetingId, job.daysBefore)) ? 'reminded' : 'skipped';
    try {
      return (await this.meetings.announceAsScheduled(job.groupId, job.meetingId, job.at)) ? 'announced' : 'skipped';
    } catch (error) {
      // The automatic announcement was refused (no join details, too late ...): the co-convenors see it unannounced.
      if (error instanceof CommandError) {
        this.logger.warn(`Scheduled announcement of ${job.meetingId} refused: ${error.problem.detail}`);
        return `refused: ${error.problem.code}`;
      }
      throw error;
    }
  }
}
