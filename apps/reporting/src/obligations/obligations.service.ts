import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { checkReply, type EventDataOf, type EventType, type Obligation, type RequestOf } from '@jcg/contracts';
import { GroupDirectory, type KnownGroup } from '@jcg/group-directory';
import { Outbox, Timers } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { BodyMeetingEntity } from '../calendar/body-meeting.entity.js';
import { ReportingErrors } from '../reporting.errors.js';
import { isPending, meetingStart } from '../rules/cadence.rule.js';
import { dueDate, genevaDate } from '../rules/due-date.rule.js';
import { bodiesOf, reportsTo } from '../rules/reports-to.rule.js';
import { tdNumberProblem } from '../rules/td-number.rule.js';
import { ObligationBatch } from './obligation-batch.js';
import { ObligationEntity } from './obligation.entity.js';
import { obligationView } from './obligation.view.js';

/** Why an obligation is no longer owed. */
export type CancelReason = 'body meeting cancelled' | 'group concluded' | 'study group left the group';

/**
 * What each group owes each body (R6, R7). `reconcile` is the one place an obligation is
 * opened, moved, reopened or cancelled, from the body meeting and the group as they are now;
 * every change writes its timers and its event in the same transaction.
 */
@Injectable()
export class ObligationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly timers: Timers,
    private readonly groups: GroupDirectory,
  ) {}

  /**
   * Every group's obligation for a body meeting TSB entered, moved or cancelled: the meeting's
   * obligations locked in one statement, each group's reconciled, their changes written together.
   */
  async reconcileMeeting(manager: EntityManager, groups: KnownGroup[], meeting: BodyMeetingEntity): Promise<void> {
    const locked = await manager.find(ObligationEntity, {
      where: { bodyMeetingId: meeting.id },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const byGroup = new Map(locked.map((obligation) => [obligation.groupId, obligation]));
    const batch = new ObligationBatch(this.clock.now());
    for (const group of groups) await this.reconcile(manager, batch, group, meeting, byGroup.get(group.id) ?? null);
    await batch.write(manager, this.timers, this.outbox);
  }

  /**
   * Brings the group's obligation for this body meeting in line with both, as they are now; the
   * change goes into `batch`. `existing`: the obligation, read and locked in this transaction
   * (null: there is none).
   */
  private async reconcile(
    manager: EntityManager,
    batch: ObligationBatch,
    group: KnownGroup,
    meeting: BodyMeetingEntity,
    existing: ObligationEntity | null,
  ): Promise<void> {
    const now = this.clock.now();
    const started = meetingStart(meeting.firstDay).getTime() <= now.getTime();
    const finalAvailable =
      group.status === 'concluded' && (existing?.final || !(await this.hasFinal(manager, group.id)));
    const owed = meeting.status === 'scheduled' && !started && reportsTo(group, meeting.body, finalAvailable);
    const due = dueDate(meeting.firstDay);

    if (!existing) {
      if (!owed) return;
      const obligation = manager.create(ObligationEntity, {
        id: uuidv7(),
        groupId: group.id,
        body: meeting.body,
        bodyMeetingId: meeting.id,
        dueDate: due,
        state: 'open',
        final: group.status === 'concluded',
        documentReference: null,
        submittedAt: null,
        submittedBy: null,
        acknowledgedAt: null,
        tdNumber: null,
        missedAt: null,
        cancelledReason: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      batch.add(obligation, meeting, 'report.opened', (o) => ({ obligation: o }));
      return;
    }
    if (owed && isPending(existing.state) && existing.dueDate !== due) {
      const previousDueDate = existing.dueDate;
      existing.dueDate = due;
      this.nextVersion(existing);
      batch.add(existing, meeting, 'report.due-moved', (o) => ({ obligation: o, previousDueDate }));
    } else if (owed && existing.state === 'cancelled') {
      existing.state = 'open';
      existing.dueDate = due;
      existing.cancelledReason = null;
      existing.final = group.status === 'concluded';
      this.nextVersion(existing);
      batch.add(existing, meeting, 'report.opened', (o) => ({ obligation: o }));
    } else if (!owed && isPending(existing.state) && !started) {
      existing.state = 'cancelled';
      existing.cancelledReason = this.reasonOf(group, meeting);
      this.nextVersion(existing);
      batch.add(existing, meeting, 'report.cancelled', (o) => ({ obligation: o }));
    }
  }

  /** Every body meeting still ahead, for one group (it was registered, concluded, or its study groups changed). */
  async reconcileGroup(manager: EntityManager, group: KnownGroup): Promise<void> {
    const today = genevaDate(this.clock.now());
    const meetings = await manager
      .getRepository(BodyMeetingEntity)
      .createQueryBuilder('m')
      .where('m.first_day > :today', { today })
      .orderBy('m.first_day', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
    if (group.status === 'concluded') {
      // R7: one final report to the parent: the next one owed to it, kept; the rest cancelled.
      await this.chooseFinal(manager, group, meetings);
    }
    // A meeting's change is written before the next is judged: whether a final report is still
    // available (R7) reads what the earlier ones wrote.
    for (const meeting of meetings) {
      const existing = await manager.findOne(ObligationEntity, {
        where: { groupId: group.id, bodyMeetingId: meeting.id },
        lock: { mode: 'pessimistic_write' },
      });
      const batch = new ObligationBatch(this.clock.now());
      await this.reconcile(manager, batch, group, meeting, existing);
      await batch.write(manager, this.timers, this.outbox);
    }
  }

  /** A co-convenor (or TSB for them) records that the report went to the body: the reminders stop. */
  async submit(input: RequestOf<'reporting.obligations.submit'>): Promise<Obligation> {
    return this.dataSource.transaction(async (manager) => {
      const { obligation, meeting } = await this.lock(manager, input.groupId, input.obligationId);
      const view = await this.recordSubmission(manager, obligation, meeting, {
        documentReference: input.documentReference,
        actorId: input.actorId,
        report: null,
      });
      return checkReply('reporting.obligations.submit', view);
    });
  }

  /**
   * The one way a submission is recorded (a report prepared elsewhere, or one compiled here,
   * whose frozen document the event carries): the state, the timers stopped, `report.submitted`.
   */
  async recordSubmission(
    manager: EntityManager,
    obligation: ObligationEntity,
    meeting: BodyMeetingEntity,
    submission: {
      documentReference: string;
      actorId: string | null;
      report: EventDataOf<'report.submitted'>['report'];
      /** A revised version of a report compiled here, after its first submission: TSB numbers it anew. */
      revision?: boolean;
    },
  ): Promise<Obligation> {
    const revisable = submission.revision && (obligation.state === 'submitted' || obligation.state === 'acknowledged');
    if (!revisable && !isPending(obligation.state) && obligation.state !== 'missed') {
      throw ReportingErrors.wrongState(obligation.state, ['open', 'drafted', 'missed'], 'submit');
    }
    const now = this.clock.now();
    obligation.state = 'submitted';
    obligation.documentReference = submission.documentReference;
    obligation.submittedAt = now;
    obligation.submittedBy = submission.actorId;
    obligation.acknowledgedAt = null;
    obligation.tdNumber = null;
    await this.save(manager, obligation, {
      state: 'submitted',
      documentReference: submission.documentReference,
      submittedAt: now,
      submittedBy: submission.actorId,
      acknowledgedAt: null,
      tdNumber: null,
    });
    return this.settled(manager, obligation, meeting, 'report.submitted', (o) => ({
      obligation: o,
      report: submission.report,
    }));
  }

  /**
   * TSB acknowledges a submitted report, with the TD number it gave it. Acknowledging again with
   * the same number (or none) changes nothing and emits nothing; another number is refused.
   * `onFirst` runs in the transaction when the acknowledgement is new (the numbered TD is made).
   */
  async recordAcknowledgement(
    manager: EntityManager,
    obligation: ObligationEntity,
    meeting: BodyMeetingEntity,
    tdNumber: string | null,
  ): Promise<{ obligation: Obligation; changed: boolean }> {
    if (obligation.state === 'acknowledged') {
      if (tdNumber !== null && obligation.tdNumber !== null && tdNumber !== obligation.tdNumber) {
        throw ReportingErrors.tdNumberConflict(tdNumber, obligation.tdNumber);
      }
      if (tdNumber !== null && obligation.tdNumber === null) {
        throw ReportingErrors.tdNumberConflict(tdNumber, null);
      }
      return { obligation: obligationView(obligation, meeting, this.clock.now()), changed: false };
    }
    if (obligation.state !== 'submitted') {
      throw ReportingErrors.wrongState(obligation.state, ['submitted'], 'acknowledge');
    }
    if (tdNumber !== null) {
      const problem = tdNumberProblem(tdNumber, meeting);
      if (problem) throw ReportingErrors.tdNumberMismatch(tdNumber, problem);
      const other = await manager.findOneBy(ObligationEntity, { tdNumber, id: Not(obligation.id) });
      if (other) throw ReportingErrors.tdNumberTaken(tdNumber);
    }
    const now = this.clock.now();
    obligation.state = 'acknowledged';
    obligation.acknowledgedAt = now;
    obligation.tdNumber = tdNumber;
    await this.save(manager, obligation, { state: 'acknowledged', acknowledgedAt: now, tdNumber });
    const view = await this.settled(manager, obligation, meeting, 'report.acknowledged', (o) => ({ obligation: o }));
    return { obligation: view, changed: true };
  }

  /** A report was compiled for a pending obligation: `drafted` (from `open`), and `report.drafted`. */
  async markDrafted(
    manager: EntityManager,
    obligation: ObligationEntity,
    meeting: BodyMeetingEntity,
    version: number,
  ): Promise<void> {
    // A new version of the obligation either way: consumers order drafts by it.
    obligation.state = 'drafted';
    await this.save(manager, obligation, { state: 'drafted' });
    await this.settled(manager, obligation, meeting, 'report.drafted', (o) => ({ obligation: o, version }));
  }

  /** The body's meeting started without the report (the missed timer). */
  async markMissed(manager: EntityManager, obligation: ObligationEntity, meeting: BodyMeetingEntity): Promise<void> {
    const now = this.clock.now();
    obligation.state = 'missed';
    obligation.missedAt = now;
    await this.save(manager, obligation, { state: 'missed', missedAt: now });
    await this.settled(manager, obligation, meeting, 'report.missed', (o) => ({ obligation: o }));
  }

  /** Reads a group's obligation with its body meeting, locked; 404 when it is not the group's. */
  async lock(
    manager: EntityManager,
    groupId: string,
    obligationId: string,
  ): Promise<{ obligation: ObligationEntity; meeting: BodyMeetingEntity }> {
    const obligation = await manager.findOne(ObligationEntity, {
      where: { id: obligationId, groupId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!obligation) throw ReportingErrors.obligationNotFound(obligationId);
    const meeting = await manager.findOneByOrFail(BodyMeetingEntity, { id: obligation.bodyMeetingId });
    return { obligation, meeting };
  }

  async list(input: RequestOf<'reporting.obligations.list'>): Promise<Obligation[]> {
    const group = await this.groups.find(input.groupId);
    if (!group) throw ReportingErrors.groupNotFound(input.groupId);
    if (input.body && !bodiesOf(group).includes(input.body)) {
      throw ReportingErrors.notReportingTo(group.acronym, input.body, bodiesOf(group));
    }
    const rows = await this.dataSource.getRepository(ObligationEntity).find({
      where: {
        groupId: input.groupId,
        ...(input.scope === 'upcoming' ? { state: In(['open', 'drafted']) } : {}),
        ...(input.body ? { body: input.body } : {}),
      },
      order: { dueDate: 'ASC', id: 'ASC' },
    });
    return this.views(rows);
  }

  /** Across all groups: pending and late, or missed; the most overdue first. */
  async late(): Promise<(Obligation & { groupAcronym: string })[]> {
    const today = genevaDate(this.clock.now());
    const rows = await this.dataSource
      .getRepository(ObligationEntity)
      .createQueryBuilder('o')
      .where("(o.state IN ('open', 'drafted') AND o.due_date < :today) OR o.state = 'missed'", { today })
      .orderBy('o.due_date', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
    const views = await this.views(rows);
    const acronyms = new Map((await this.groups.all()).map((g) => [g.id, g.acronym]));
    return views
      .filter((v) => v.state === 'overdue' || v.state === 'missed')
      .map((v) => ({ ...v, groupAcronym: acronyms.get(v.groupId) ?? '' }));
  }

  private async views(rows: ObligationEntity[]): Promise<Obligation[]> {
    if (rows.length === 0) return [];
    const meetings = await this.dataSource
      .getRepository(BodyMeetingEntity)
      .findBy({ id: In([...new Set(rows.map((r) => r.bodyMeetingId))]) });
    const byId = new Map(meetings.map((m) => [m.id, m]));
    const now = this.clock.now();
    return rows.map((r) => obligationView(r, byId.get(r.bodyMeetingId)!, now));
  }

  /** R7: of a concluded group's pending obligations to its parent, the next one stays, as the final report. */
  private async chooseFinal(manager: EntityManager, group: KnownGroup, ahead: BodyMeetingEntity[]): Promise<void> {
    if (await this.hasFinal(manager, group.id)) return;
    const toParent = ahead.filter((m) => m.body === group.parentBody && m.status === 'scheduled').map((m) => m.id);
    if (toParent.length === 0) return;
    const next = await manager.findOne(ObligationEntity, {
      where: { groupId: group.id, bodyMeetingId: In(toParent), state: In(['open', 'drafted']) },
      order: { dueDate: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    if (next) {
      next.final = true;
      await this.save(manager, next, { final: true });
    }
  }

  private async hasFinal(manager: EntityManager, groupId: string): Promise<boolean> {
    return manager.existsBy(ObligationEntity, {
      groupId,
      final: true,
      state: In(['open', 'drafted', 'submitted', 'acknowledged']),
    });
  }

  private reasonOf(group: KnownGroup, meeting: BodyMeetingEntity): CancelReason {
    if (meeting.status === 'cancelled') return 'body meeting cancelled';
    if (group.status === 'concluded') return 'group concluded';
    return 'study group left the group';
  }

  /** A change is the obligation's next version. */
  private nextVersion(obligation: ObligationEntity): void {
    obligation.version += 1;
    obligation.updatedAt = this.clock.now();
  }

  /** Writes a change with the obligation's next version. */
  private async save(
    manager: EntityManager,
    obligation: ObligationEntity,
    changes: Partial<ObligationEntity>,
  ): Promise<void> {
    this.nextVersion(obligation);
    await manager.update(
      ObligationEntity,
      { id: obligation.id },
      { ...changes, version: obligation.version, updatedAt: obligation.updatedAt },
    );
  }

  /**
   * After a change: its timers as they should now be, its event, and (for a command) its
   * answer checked against the contract, all before the transaction commits.
   */
  private async settled<T extends EventType>(
    manager: EntityManager,
    obligation: ObligationEntity,
    meeting: BodyMeetingEntity,
    type: T,
    data: (view: Obligation) => EventDataOf<T>,
  ): Promise<Obligation> {
    const batch = new ObligationBatch(this.clock.now(), true);
    const view = batch.add(obligation, meeting, type, data);
    await batch.write(manager, this.timers, this.outbox);
    return view;
  }
}
