import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupDirectoryHooks } from '@jcg/group-directory';
import { Outbox, Timers, type DueTimer } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { daysOverdue, isPending, meetingStart, nextOverdueNotice } from '../rules/cadence.rule.js';
import { dueInstant } from '../rules/due-date.rule.js';
import { OBLIGATION_TIMERS, obligationTimerPrefix, type ObligationTimerPayload } from './obligation-timers.js';
import { obligationView } from './obligation.view.js';
import { ObligationsService } from './obligations.service.js';
import { ReportsService } from '../reports/reports.service.js';

/**
 * What an obligation's timers do when they come (each re-reads the obligation, and marks itself
 * done in the transaction of its effect), and how obligations follow their group's changes.
 */
@Injectable()
export class ObligationTimerHandlers implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly outbox: Outbox,
    private readonly obligations: ObligationsService,
    private readonly hooks: GroupDirectoryHooks,
    private readonly reports: ReportsService,
  ) {}

  onModuleInit(): void {
    this.timers.handle<ObligationTimerPayload>(OBLIGATION_TIMERS.reminder, (t) => this.remind(t));
    this.timers.handle<ObligationTimerPayload>(OBLIGATION_TIMERS.overdue, (t) => this.overdue(t));
    this.timers.handle<ObligationTimerPayload>(OBLIGATION_TIMERS.missed, (t) => this.missed(t));
    this.timers.handle<ObligationTimerPayload>(OBLIGATION_TIMERS.compile, (t) => this.compile(t));
    // A group registered, concluded, or whose study groups changed: its obligations follow.
    this.hooks.onChange((change, manager) => this.obligations.reconcileGroup(manager, change.group));
  }

  /** 14 days, 3 days before the due date, and on the day: the co-convenors are reminded. */
  private remind(timer: DueTimer<ObligationTimerPayload>): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const { obligation, meeting } = await this.obligations.lock(
        manager,
        timer.payload.groupId,
        timer.payload.obligationId,
      );
      const now = this.clock.now();
      if (!isPending(obligation.state)) return `skipped: ${obligation.state}`;
      if (now.getTime() > dueInstant(obligation.dueDate).getTime())
        return 'too late: it is overdue (the overdue notices say so)';
      if (!(await timer.settle(manager, 'reminded'))) return 'skipped: already reminded';
      await this.outbox.record(
        manager,
        'report.reminder',
        { obligation: obligationView(obligation, meeting, now), daysBefore: timer.payload.daysBefore ?? 0 },
        { groupId: obligation.groupId },
      );
      return 'reminded';
    });
  }

  /** Every day it stays late: an overdue notice (and event); the next one is planned. */
  private overdue(timer: DueTimer<ObligationTimerPayload>): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const { obligation, meeting } = await this.obligations.lock(
        manager,
        timer.payload.groupId,
        timer.payload.obligationId,
      );
      const now = this.clock.now();
      if (!isPending(obligation.state)) return `skipped: ${obligation.state}`;
      if (now.getTime() >= meetingStart(meeting.firstDay).getTime()) return 'skipped: the meeting started (missed)';
      const days = daysOverdue(obligation.dueDate, now);
      if (days < 1) return 'skipped: not overdue yet';
      if (!(await timer.settle(manager, `overdue by ${days} day(s)`))) return 'skipped: already notified';
      await this.outbox.record(
        manager,
        'report.overdue',
        { obligation: obligationView(obligation, meeting, now), daysOverdue: days },
        { groupId: obligation.groupId },
      );
      const next = nextOverdueNotice(obligation.dueDate, now);
      if (next.getTime() < meetingStart(meeting.firstDay).getTime()) {
        await this.timers.schedule(manager, {
          key: `${obligationTimerPrefix(obligation.id)}overdue`,
          kind: OBLIGATION_TIMERS.overdue,
          dueAt: next,
          payload: timer.payload,
        });
      }
      return `overdue by ${days} day(s)`;
    });
  }

  /** 14 days before the due date: the draft is compiled, so the co-convenors have it with the reminder. */
  private async compile(timer: DueTimer<ObligationTimerPayload>): Promise<string> {
    const { groupId, obligationId } = timer.payload;
    const done = await this.reports.compile({ groupId, obligationId, actor: 'admin' }, timer);
    return done === 'skipped'
      ? 'skipped: not open any more (already compiled, submitted or cancelled)'
      : `compiled version ${done.version}`;
  }

  /** The body's meeting starts without the report: missed. */
  private missed(timer: DueTimer<ObligationTimerPayload>): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const { obligation, meeting } = await this.obligations.lock(
        manager,
        timer.payload.groupId,
        timer.payload.obligationId,
      );
      if (!isPending(obligation.state)) return `skipped: ${obligation.state}`;
      if (!(await timer.settle(manager, 'missed'))) return 'skipped: already missed';
      await this.obligations.markMissed(manager, obligation, meeting);
      return 'missed';
    });
  }
}
