import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  checkReply,
  type Agenda,
  type CommandName,
  type EventDataOf,
  type EventType,
  type JoinDetails,
  type Meeting,
  type RequestOf,
} from '@jcg/contracts';
import { BullMqClient, Outbox, RemoteError, Timers } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { MembershipFacts, type GroupFacts } from '../membership/membership-facts.js';
import { announcementDeadline, canStillAnnounce, latestAutomaticAnnouncement } from '../rules/announcement.rule.js';
import {
  allowedFrom,
  concurrenceComplete,
  meetingTransition,
  type MeetingAction,
} from '../rules/meeting-lifecycle.rule.js';
import { meetingTimerPlan, meetingTimerPrefix } from '../timers/meeting-timers.js';
import { MeetingEntity } from './meeting.entity.js';
import { MeetingErrors } from './meetings.errors.js';

/** The TSB-supported meeting tools (R5), from configuration. */
export const MEETING_TOOLS = Symbol('MEETING_TOOLS');
/** How long before the announcement deadline an automatic announcement must be set (ms). */
export const AUTO_ANNOUNCE_MARGIN = Symbol('AUTO_ANNOUNCE_MARGIN');

type MeetingCommand = Extract<CommandName, `meetings.meetings.${string}`>;

@Injectable()
export class MeetingsService {
  private readonly logger = new Logger(MeetingsService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    private readonly membership: MembershipFacts,
    private readonly client: BullMqClient,
    @Inject(MEETING_TOOLS) private readonly tools: readonly string[],
    @Inject(AUTO_ANNOUNCE_MARGIN) private readonly autoAnnounceMarginMs: number,
    private readonly timers: Timers,
  ) {}

  /**
   * Runs a change in one transaction: the meeting's state, its events and its timers commit
   * together, and the answer is checked against the command's contract before the commit (an
   * answer that cannot be given rolls the change back). Remote questions are asked before.
   */
  private async change(
    name: MeetingCommand,
    work: (manager: EntityManager) => Promise<MeetingEntity>,
  ): Promise<Meeting> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await work(manager);
      const contract = meeting.toContract();
      await this.timers.sync(manager, meetingTimerPrefix(meeting.id), meetingTimerPlan(contract, this.clock.now()));
      return checkReply(name, contract) as Meeting;
    });
  }

  /** R2, R4, R5: a co-convenor (or TSB) proposes a meeting that can still be announced in time, on a supported tool. */
  async propose(input: RequestOf<'meetings.meetings.propose'>): Promise<Meeting> {
    const facts = await this.membership.active(input.groupId);
    const { proposal } = input;
    if (!this.tools.includes(proposal.tool)) throw MeetingErrors.toolNotSupported(proposal.tool, this.tools);
    const startsAt = new Date(proposal.startsAt);
    this.assertSchedulable(facts, startsAt);
    const proposed = await this.change('meetings.meetings.propose', async (manager) => {
      const id = uuidv7();
      const meeting = manager.create(MeetingEntity, {
        id,
        groupId: facts.group.id,
        title: proposal.title,
        startsAt,
        endsAt: new Date(proposal.endsAt),
        timeZone: proposal.timeZone,
        tool: proposal.tool,
        joinDetails: proposal.joinDetails ?? null,
        state: 'proposed',
        proposedBy: input.actorId,
        concurredBy: [],
        announcementDeadline: announcementDeadline(startsAt, facts.group.announcementLeadDays),
        announceAt: null,
        announcedAt: null,
        calendarUid: `${id}@meetings.jcg`,
        sequence: 0,
        version: 1,
        record: null,
      });
      await manager.insert(MeetingEntity, meeting);
      await this.emit(manager, meeting, 'meeting.proposed', () => meeting.toContract());
      await this.agreeIfComplete(manager, facts, meeting);
      return meeting;
    });
    // Its draft agenda exists when the proposal returns (the event would make it a moment later).
    await this.draftAgenda(proposed).catch((error: unknown) =>
      this.logger.warn(`Draft agenda of ${proposed.id} not made yet: ${(error as Error).message}`),
    );
    return proposed;
  }

  /** R3: another current co-convenor concurs; with all of them, the meeting is agreed. */
  async concur(input: RequestOf<'meetings.meetings.concur'>): Promise<Meeting> {
    const facts = await this.membership.active(input.groupId);
    return this.change('meetings.meetings.concur', async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'agree', 'concur with');
      if (!facts.coConvenors.includes(input.participantId) || input.participantId === meeting.proposedBy) {
        throw MeetingErrors.notACoConvenor();
      }
      if (!meeting.concurredBy.includes(input.participantId)) {
        meeting.concurredBy = [...meeting.concurredBy, input.participantId];
        await this.touch(manager, meeting, { concurredBy: meeting.concurredBy });
      }
      await this.agreeIfComplete(manager, facts, meeting);
      return meeting;
    });
  }

  /** R5: the room's join details, from TSB or a co-convenor. A change after the announcement is announced again. */
  async provision(input: RequestOf<'meetings.meetings.provision'>): Promise<Meeting> {
    return this.change('meetings.meetings.provision', async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'change', 'change the join details of');
      if (sameJoinDetails(meeting.joinDetails, input.joinDetails)) return meeting;
      const previous = meeting.toContract();
      meeting.joinDetails = input.joinDetails;
      await this.saveChange(manager, meeting, previous);
      return meeting;
    });
  }

  /** R4: announced when agreed, with join details and a draft agenda, at least the lead time before the start. */
  async announce(input: RequestOf<'meetings.meetings.announce'>): Promise<Meeting> {
    // The meeting's own conditions first (they are checked again, under lock, below); then the
    // group and the agenda, asked of their owners before the transaction opens.
    const current = await this.read(input.groupId, input.meetingId);
    this.assertAction(current, 'announce', 'announce');
    if (!current.joinDetails) throw MeetingErrors.joinDetailsMissing();
    const facts = await this.membership.active(input.groupId);
    const agenda = await this.draftAgenda(current.toContract()).catch((error: unknown) => {
      if (error instanceof RemoteError && error.problem.status === 404) throw MeetingErrors.agendaMissing();
      throw error;
    });
    return this.change('meetings.meetings.announce', async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'announce', 'announce');
      if (!meeting.joinDetails) throw MeetingErrors.joinDetailsMissing();
      const now = this.clock.now();
      if (!canStillAnnounce(now, meeting.startsAt, facts.group.announcementLeadDays)) {
        throw MeetingErrors.tooLateToSchedule(meeting.announcementDeadline, facts.group.announcementLeadDays);
      }
      meeting.state = 'announced';
      meeting.announcedAt = now;
      await this.touch(manager, meeting, { state: meeting.state, announcedAt: now });
      await this.emit(manager, meeting, 'meeting.announced', () => ({ meeting: meeting.toContract(), agenda }));
      return meeting;
    });
  }

  /** R4: moving is allowed only to a start that can still be announced in time; an announced meeting is announced again. */
  async move(input: RequestOf<'meetings.meetings.move'>): Promise<Meeting> {
    const facts = await this.membership.active(input.groupId);
    return this.change('meetings.meetings.move', async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'change', 'move');
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      // The same times again: nothing changes, nobody is told anything (a retried request, say).
      if (startsAt.getTime() === meeting.startsAt.getTime() && endsAt.getTime() === meeting.endsAt.getTime())
        return meeting;
      this.assertSchedulable(facts, startsAt);
      const previous = meeting.toContract();
      meeting.startsAt = startsAt;
      meeting.endsAt = endsAt;
      meeting.announcementDeadline = announcementDeadline(startsAt, facts.group.announcementLeadDays);
      // An automatic announcement planned too close to (or after) the new deadline would come too late.
      if (meeting.announceAt && meeting.announceAt.getTime() > this.latestAutoAnnouncement(meeting).getTime()) {
        meeting.announceAt = null;
      }
      await this.saveChange(manager, meeting, previous);
      return meeting;
    });
  }

  async cancel(input: RequestOf<'meetings.meetings.cancel'>): Promise<Meeting> {
    return this.change('meetings.meetings.cancel', async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'cancel', 'cancel');
      const wasAnnounced = meeting.state === 'announced';
      meeting.state = 'cancelled';
      if (wasAnnounced) meeting.sequence += 1;
      await this.touch(manager, meeting, { state: meeting.state, sequence: meeting.sequence });
      await this.emit(manager, meeting, 'meeting.cancelled', () => meeting.toContract());
      return meeting;
    });
  }

  /**
   * R4: a co-convenor may have the meeting announced automatically, at an instant in the future
   * and a margin before the deadline (the system needs a moment to act: at the deadline itself
   * it would always be late).
   */
  async scheduleAnnouncement(input: RequestOf<'meetings.meetings.schedule-announcement'>): Promise<Meeting> {
    return this.change('meetings.meetings.schedule-announcement', async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      if (meeting.state !== 'proposed' && meeting.state !== 'agreed') {
        throw MeetingErrors.wrongState(meeting.state, ['proposed', 'agreed'], 'schedule the announcement of');
      }
      const announceAt = input.announceAt ? new Date(input.announceAt) : null;
      if (announceAt) {
        if (announceAt.getTime() <= this.clock.now().getTime()) throw MeetingErrors.announceAtInPast();
        const latest = this.latestAutoAnnouncement(meeting);
        if (announceAt.getTime() > latest.getTime()) {
          throw MeetingErrors.announceAtAfterDeadline(meeting.announcementDeadline, latest);
        }
      }
      meeting.announceAt = announceAt;
      await this.touch(manager, meeting, { announceAt });
      return meeting;
    });
  }

  /** The reminder timer: emits a reminder while the meeting is still unannounced and the deadline ahead. */
  async remind(groupId: string, meetingId: string, daysBefore: number, settle: Settle = noSettle): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.find(manager, groupId, meetingId, true);
      if (!meeting) return 'skipped: no such meeting';
      if (meeting.state !== 'proposed' && meeting.state !== 'agreed') return `skipped: ${meeting.state}`;
      if (this.clock.now().getTime() > meeting.announcementDeadline.getTime()) {
        return 'too late: the deadline passed (the deadline timer tells the co-convenors)';
      }
      if (!(await settle(manager, 'reminded'))) return 'skipped: already reminded';
      await this.emit(manager, meeting, 'meeting.announcement-reminder', () => ({
        meeting: meeting.toContract(),
        daysBefore,
      }));
      return 'reminded';
    });
  }

  /**
   * The automatic-announcement timer: announces if that instant is still the one asked for and
   * the meeting still unannounced. Refused before the deadline (no join details, not agreed ...):
   * the co-convenors are told at once. After the deadline it can no longer be done: the deadline
   * timer tells them.
   */
  async announceAsScheduled(
    groupId: string,
    meetingId: string,
    scheduledFor: string,
    settle: Settle = noSettle,
  ): Promise<string> {
    const meeting = await this.find(this.dataSource.manager, groupId, meetingId, false);
    if (!meeting) return 'skipped: no such meeting';
    if (meeting.state !== 'proposed' && meeting.state !== 'agreed') return `skipped: ${meeting.state}`;
    if (meeting.announceAt?.toISOString() !== scheduledFor) return 'skipped: the announcement time changed';
    if (this.clock.now().getTime() > meeting.announcementDeadline.getTime()) {
      return 'too late: the deadline passed (the deadline timer tells the co-convenors)';
    }
    try {
      await this.announce({ groupId, meetingId });
      return 'announced';
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      const outcome = `refused: ${refusal.code} (co-convenors told)`;
      await this.missed(
        groupId,
        meetingId,
        refusal.code,
        `The automatic announcement was refused: ${refusal.detail}`,
        (m) => settle(m, outcome),
      );
      return outcome;
    }
  }

  /** The deadline timer: a meeting still unannounced at its deadline can no longer be announced (R4). */
  async deadlinePassed(groupId: string, meetingId: string, settle: Settle = noSettle): Promise<string> {
    const meeting = await this.find(this.dataSource.manager, groupId, meetingId, false);
    if (!meeting) return 'skipped: no such meeting';
    if (meeting.state !== 'proposed' && meeting.state !== 'agreed') return `skipped: ${meeting.state}`;
    const told = await this.missed(
      groupId,
      meetingId,
      'DEADLINE_PASSED',
      `The announcement deadline ${meeting.announcementDeadline.toISOString()} passed and the meeting was not announced; it can no longer be announced for this start (R4). Move it to a later start, or cancel it.`,
      (m) => settle(m, 'missed: co-convenors told'),
    );
    return told ? 'missed: co-convenors told' : 'skipped: announced meanwhile';
  }

  /** Tells the co-convenors that the meeting was not announced (one event, in its own transaction). */
  private async missed(
    groupId: string,
    meetingId: string,
    reason: string,
    detail: string,
    settle: (manager: EntityManager) => Promise<boolean>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.find(manager, groupId, meetingId, true);
      if (!meeting || (meeting.state !== 'proposed' && meeting.state !== 'agreed')) return false;
      if (!(await settle(manager))) return false;
      await this.emit(manager, meeting, 'meeting.announcement-missed', () => ({
        meeting: meeting.toContract(),
        reason,
        detail,
      }));
      return true;
    });
  }

  /**
   * Plans the timers of every meeting still to be announced from its state (meetings created
   * before timers were rows have none); a no-op for those already planned.
   */
  async planTimers(): Promise<void> {
    const pending = await this.dataSource
      .getRepository(MeetingEntity)
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .addSelect('m.group_id', 'groupId')
      .where("m.state IN ('proposed', 'agreed')")
      .getRawMany<{ id: string; groupId: string }>();
    for (const { id, groupId } of pending) {
      await this.dataSource.transaction(async (manager) => {
        const meeting = await this.find(manager, groupId, id, true);
        if (!meeting) return;
        await this.timers.sync(
          manager,
          meetingTimerPrefix(id),
          meetingTimerPlan(meeting.toContract(), this.clock.now()),
        );
      });
    }
  }

  /** After the start: attendance (by organization), minutes, decisions and action items; the meeting is held. */
  async record(input: RequestOf<'meetings.meetings.record'>): Promise<Meeting> {
    return this.change('meetings.meetings.record', async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      if (meeting.state !== 'announced' && meeting.state !== 'held') {
        throw MeetingErrors.wrongState(meeting.state, ['announced', 'held'], 'record');
      }
      if (this.clock.now().getTime() < meeting.startsAt.getTime()) throw MeetingErrors.notStarted(meeting.startsAt);
      meeting.state = 'held';
      meeting.record = input.record;
      await this.touch(manager, meeting, { state: 'held', record: input.record });
      return meeting;
    });
  }

  async close(input: RequestOf<'meetings.meetings.close'>): Promise<Meeting> {
    return this.change('meetings.meetings.close', async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'close', 'close');
      meeting.state = 'closed';
      await this.touch(manager, meeting, { state: 'closed' });
      return meeting;
    });
  }

  async get(groupId: string, meetingId: string): Promise<Meeting> {
    return (await this.read(groupId, meetingId)).toContract();
  }

  async list(groupId: string): Promise<Meeting[]> {
    const rows = await this.dataSource
      .getRepository(MeetingEntity)
      .find({ where: { groupId }, order: { startsAt: 'ASC', id: 'ASC' } });
    return rows.map((m) => m.toContract());
  }

  /** The meeting's agenda, made from the template now if agenda has not made it yet. */
  private draftAgenda(meeting: Meeting): Promise<Agenda> {
    return this.client.request('agenda.agendas.ensure-draft', {
      groupId: meeting.groupId,
      meetingId: meeting.id,
      meeting,
    });
  }

  private latestAutoAnnouncement(meeting: MeetingEntity): Date {
    return latestAutomaticAnnouncement(meeting.announcementDeadline, this.autoAnnounceMarginMs);
  }

  /** R4: never schedule a meeting that can no longer be announced in time. */
  private assertSchedulable(facts: GroupFacts, startsAt: Date): void {
    const now = this.clock.now();
    const leadDays = facts.group.announcementLeadDays;
    if (startsAt.getTime() <= now.getTime()) throw MeetingErrors.startInPast();
    if (!canStillAnnounce(now, startsAt, leadDays)) {
      throw MeetingErrors.tooLateToSchedule(announcementDeadline(startsAt, leadDays), leadDays);
    }
  }

  private assertAction(meeting: MeetingEntity, action: MeetingAction, verb: string): void {
    if (!meetingTransition(meeting.state, action))
      throw MeetingErrors.wrongState(meeting.state, allowedFrom(action), verb);
  }

  private async read(groupId: string, meetingId: string): Promise<MeetingEntity> {
    const meeting = await this.find(this.dataSource.manager, groupId, meetingId, false);
    if (!meeting) throw MeetingErrors.meetingNotFound(meetingId);
    return meeting;
  }

  private async lock(manager: EntityManager, groupId: string, meetingId: string): Promise<MeetingEntity> {
    const meeting = await this.find(manager, groupId, meetingId, true);
    if (!meeting) throw MeetingErrors.meetingNotFound(meetingId);
    return meeting;
  }

  private find(
    manager: EntityManager,
    groupId: string,
    meetingId: string,
    lock: boolean,
  ): Promise<MeetingEntity | null> {
    return manager.findOne(MeetingEntity, {
      where: { id: meetingId, groupId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  private async agreeIfComplete(manager: EntityManager, facts: GroupFacts, meeting: MeetingEntity): Promise<void> {
    const complete = concurrenceComplete({
      required: facts.group.concurrenceRequired,
      coConvenors: facts.coConvenors,
      proposedBy: meeting.proposedBy,
      concurredBy: meeting.concurredBy,
    });
    if (!complete) return;
    meeting.state = 'agreed';
    await this.touch(manager, meeting, { state: 'agreed' });
    await this.emit(manager, meeting, 'meeting.agreed', () => meeting.toContract());
  }

  /** Saves a change; once announced, participants see it: the SEQUENCE rises in the same transaction. */
  private async saveChange(manager: EntityManager, meeting: MeetingEntity, previous: Meeting): Promise<void> {
    if (meeting.state === 'announced') meeting.sequence += 1;
    await manager.save(meeting);
    await this.emit(manager, meeting, 'meeting.changed', () => ({
      meeting: meeting.toContract(),
      previousStartsAt: previous.startsAt,
      previousEndsAt: previous.endsAt,
    }));
  }

  /** Writes a change of the meeting with its next version. */
  private async touch(manager: EntityManager, meeting: MeetingEntity, changes: Partial<MeetingEntity>): Promise<void> {
    meeting.version += 1;
    await manager.update(MeetingEntity, { id: meeting.id }, { ...changes, version: meeting.version });
  }

  /**
   * Records an event of the meeting with a version of its own (an event is a change: two events
   * of one transaction are told apart by their versions).
   */
  private async emit<T extends EventType>(
    manager: EntityManager,
    meeting: MeetingEntity,
    type: T,
    data: () => EventDataOf<T>,
  ): Promise<void> {
    meeting.version += 1;
    await manager.update(MeetingEntity, { id: meeting.id }, { version: meeting.version });
    await this.outbox.record(manager, type, data(), { groupId: meeting.groupId });
  }
}

function sameJoinDetails(a: JoinDetails | null, b: JoinDetails): boolean {
  return (
    a !== null &&
    a.url === b.url &&
    a.meetingNumber === b.meetingNumber &&
    a.passcode === b.passcode &&
    a.dialIn === b.dialIn
  );
}

/** Marks a timer done in the transaction of its effect (see `DueTimer.settle`). */
type Settle = (manager: EntityManager, outcome: string) => Promise<boolean>;
const noSettle: Settle = () => Promise.resolve(true);

/** A refusal (4xx) of the announcement, as opposed to a failure worth retrying. */
function refusalOf(error: unknown): { code: string; detail: string } | null {
  const problem = (error as { problem?: { status?: number; code?: string; detail?: string } } | null)?.problem;
  if (!problem || typeof problem.status !== 'number' || problem.status >= 500) return null;
  return { code: problem.code ?? 'REFUSED', detail: problem.detail ?? '' };
}
