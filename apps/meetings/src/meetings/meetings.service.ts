import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Meeting, RequestOf } from '@jcg/contracts';
import { GroupDirectory, type KnownGroup } from '@jcg/group-directory';
import { BullMqClient, Outbox, RemoteError } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { CoConvenorEntity } from '../convenors/co-convenor.entity.js';
import { announcementDeadline, canStillAnnounce } from '../rules/announcement.rule.js';
import {
  allowedFrom,
  concurrenceComplete,
  meetingTransition,
  type MeetingAction,
} from '../rules/meeting-lifecycle.rule.js';
import { MeetingTimers } from '../timers/meeting-timers.js';
import { MeetingEntity } from './meeting.entity.js';
import { MeetingErrors } from './meetings.errors.js';

/** The TSB-supported meeting tools (R5), from configuration. */
export const MEETING_TOOLS = Symbol('MEETING_TOOLS');

@Injectable()
export class MeetingsService {
  private readonly logger = new Logger(MeetingsService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    private readonly groups: GroupDirectory,
    private readonly client: BullMqClient,
    @Inject(MEETING_TOOLS) private readonly tools: readonly string[],
    private readonly timers: MeetingTimers,
  ) {}

  /**
   * Runs a change in a transaction, then brings the meeting's timers in line with the committed
   * state. The change stands even if Redis fails right then: timers are planned again at every start.
   */
  private async change(work: (manager: EntityManager) => Promise<MeetingEntity>): Promise<Meeting> {
    const meeting = (await this.dataSource.transaction(work)).toContract();
    await this.timers
      .sync(meeting)
      .catch((error: unknown) =>
        this.logger.warn(`Timers of ${meeting.id} not planned yet: ${(error as Error).message}`),
      );
    return meeting;
  }

  /** R2, R4, R5: a co-convenor (or TSB) proposes a meeting that can still be announced in time, on a supported tool. */
  async propose(input: RequestOf<'meetings.meetings.propose'>): Promise<Meeting> {
    const group = await this.activeGroup(input.groupId);
    const { proposal } = input;
    if (!this.tools.includes(proposal.tool)) throw MeetingErrors.toolNotSupported(proposal.tool, this.tools);
    const startsAt = new Date(proposal.startsAt);
    this.assertSchedulable(group, startsAt);
    return this.change(async (manager) => {
      const id = uuidv7();
      const meeting = manager.create(MeetingEntity, {
        id,
        groupId: group.id,
        title: proposal.title,
        startsAt,
        endsAt: new Date(proposal.endsAt),
        timeZone: proposal.timeZone,
        tool: proposal.tool,
        joinDetails: proposal.joinDetails ?? null,
        state: 'proposed',
        proposedBy: input.actorId,
        concurredBy: [],
        announcementDeadline: announcementDeadline(startsAt, group.announcementLeadDays),
        announceAt: null,
        announcedAt: null,
        calendarUid: `${id}@meetings.jcg`,
        sequence: 0,
        record: null,
      });
      await manager.insert(MeetingEntity, meeting);
      await this.outbox.record(manager, 'meeting.proposed', meeting.toContract(), { groupId: group.id });
      await this.agreeIfComplete(manager, group, meeting);
      return meeting;
    });
  }

  /** R3: another current co-convenor concurs; with all of them, the meeting is agreed. */
  async concur(input: RequestOf<'meetings.meetings.concur'>): Promise<Meeting> {
    return this.change(async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'agree', 'concur with');
      const coConvenors = await this.coConvenors(manager, meeting.groupId);
      if (!coConvenors.includes(input.participantId) || input.participantId === meeting.proposedBy)
        throw MeetingErrors.notACoConvenor();
      if (!meeting.concurredBy.includes(input.participantId)) {
        meeting.concurredBy = [...meeting.concurredBy, input.participantId];
        await manager.update(MeetingEntity, { id: meeting.id }, { concurredBy: meeting.concurredBy });
      }
      const group = await this.activeGroup(meeting.groupId);
      await this.agreeIfComplete(manager, group, meeting);
      return meeting;
    });
  }

  /** R5: the room's join details, from TSB or a co-convenor. A change after the announcement is announced again. */
  async provision(input: RequestOf<'meetings.meetings.provision'>): Promise<Meeting> {
    return this.change(async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'change', 'change the join details of');
      const previous = meeting.toContract();
      meeting.joinDetails = input.joinDetails;
      await this.saveChange(manager, meeting, previous);
      return meeting;
    });
  }

  /** R4: announced when agreed, with join details and a draft agenda, at least the lead time before the start. */
  async announce(input: RequestOf<'meetings.meetings.announce'>): Promise<Meeting> {
    // The meeting's own conditions first (they are checked again, under lock, below); then its agenda.
    const current = await this.dataSource
      .getRepository(MeetingEntity)
      .findOneBy({ id: input.meetingId, groupId: input.groupId });
    if (!current) throw MeetingErrors.meetingNotFound(input.meetingId);
    this.assertAction(current, 'announce', 'announce');
    if (!current.joinDetails) throw MeetingErrors.joinDetailsMissing();
    const agenda = await this.client
      .request('agenda.agendas.get', { groupId: input.groupId, meetingId: input.meetingId })
      .catch((error: unknown) => {
        if (error instanceof RemoteError && error.problem.status === 404) throw MeetingErrors.agendaMissing();
        throw error;
      });
    return this.change(async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'announce', 'announce');
      if (!meeting.joinDetails) throw MeetingErrors.joinDetailsMissing();
      const group = await this.activeGroup(meeting.groupId);
      const now = this.clock.now();
      if (!canStillAnnounce(now, meeting.startsAt, group.announcementLeadDays)) {
        throw MeetingErrors.tooLateToSchedule(meeting.announcementDeadline, group.announcementLeadDays);
      }
      meeting.state = 'announced';
      meeting.announcedAt = now;
      await manager.update(MeetingEntity, { id: meeting.id }, { state: meeting.state, announcedAt: now });
      await this.outbox.record(
        manager,
        'meeting.announced',
        { meeting: meeting.toContract(), agenda },
        { groupId: meeting.groupId },
      );
      return meeting;
    });
  }

  /** R4: moving is allowed only to a start that can still be announced in time; an announced meeting is announced again. */
  async move(input: RequestOf<'meetings.meetings.move'>): Promise<Meeting> {
    return this.change(async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'change', 'move');
      const group = await this.activeGroup(meeting.groupId);
      const startsAt = new Date(input.startsAt);
      this.assertSchedulable(group, startsAt);
      const previous = meeting.toContract();
      meeting.startsAt = startsAt;
      meeting.endsAt = new Date(input.endsAt);
      meeting.announcementDeadline = announcementDeadline(startsAt, group.announcementLeadDays);
      if (meeting.state === 'announced') meeting.announcedAt = this.clock.now();
      // An automatic announcement planned after the new deadline would come too late.
      if (meeting.announceAt && meeting.announceAt.getTime() > meeting.announcementDeadline.getTime())
        meeting.announceAt = null;
      await this.saveChange(manager, meeting, previous);
      return meeting;
    });
  }

  async cancel(input: RequestOf<'meetings.meetings.cancel'>): Promise<Meeting> {
    return this.change(async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'cancel', 'cancel');
      const wasAnnounced = meeting.state === 'announced';
      meeting.state = 'cancelled';
      if (wasAnnounced) meeting.sequence += 1;
      await manager.update(MeetingEntity, { id: meeting.id }, { state: meeting.state, sequence: meeting.sequence });
      await this.outbox.record(manager, 'meeting.cancelled', meeting.toContract(), { groupId: meeting.groupId });
      return meeting;
    });
  }

  /** R4: a co-convenor may have the meeting announced automatically, at an instant before the deadline. */
  async scheduleAnnouncement(input: RequestOf<'meetings.meetings.schedule-announcement'>): Promise<Meeting> {
    return this.change(async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      if (meeting.state !== 'proposed' && meeting.state !== 'agreed')
        throw MeetingErrors.wrongState(meeting.state, ['proposed', 'agreed'], 'schedule the announcement of');
      const announceAt = input.announceAt ? new Date(input.announceAt) : null;
      if (announceAt) {
        if (announceAt.getTime() <= this.clock.now().getTime()) throw MeetingErrors.announceAtInPast();
        if (announceAt.getTime() > meeting.announcementDeadline.getTime())
          throw MeetingErrors.announceAtAfterDeadline(meeting.announcementDeadline);
      }
      meeting.announceAt = announceAt;
      await manager.update(MeetingEntity, { id: meeting.id }, { announceAt });
      return meeting;
    });
  }

  /** The reminder timer: emits a reminder while the meeting is still unannounced and the deadline ahead. */
  async remind(groupId: string, meetingId: string, daysBefore: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await manager.findOne(MeetingEntity, {
        where: { id: meetingId, groupId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!meeting || (meeting.state !== 'proposed' && meeting.state !== 'agreed')) return false;
      if (this.clock.now().getTime() > meeting.announcementDeadline.getTime()) return false;
      await this.outbox.record(
        manager,
        'meeting.announcement-reminder',
        { meeting: meeting.toContract(), daysBefore },
        { groupId },
      );
      return true;
    });
  }

  /** The automatic-announcement timer: announces only if that instant is still the one asked for. */
  async announceAsScheduled(groupId: string, meetingId: string, scheduledFor: string): Promise<boolean> {
    const meeting = await this.dataSource.getRepository(MeetingEntity).findOneBy({ id: meetingId, groupId });
    if (!meeting || meeting.state !== 'agreed' || meeting.announceAt?.toISOString() !== scheduledFor) return false;
    await this.announce({ groupId, meetingId });
    return true;
  }

  /** Re-plans the timers of every meeting still to be announced. */
  async resyncTimers(): Promise<void> {
    const pending = await this.dataSource
      .getRepository(MeetingEntity)
      .createQueryBuilder('m')
      .where("m.state IN ('proposed', 'agreed') AND m.announcement_deadline > :now", { now: this.clock.now() })
      .getMany();
    for (const meeting of pending) await this.timers.sync(meeting.toContract());
  }

  /** After the start: attendance (by organization), minutes, decisions and action items; the meeting is held. */
  async record(input: RequestOf<'meetings.meetings.record'>): Promise<Meeting> {
    return this.change(async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      if (meeting.state !== 'announced' && meeting.state !== 'held')
        throw MeetingErrors.wrongState(meeting.state, ['announced', 'held'], 'record');
      if (this.clock.now().getTime() < meeting.startsAt.getTime()) throw MeetingErrors.notStarted(meeting.startsAt);
      meeting.state = 'held';
      meeting.record = input.record;
      await manager.update(MeetingEntity, { id: meeting.id }, { state: 'held', record: input.record });
      return meeting;
    });
  }

  async close(input: RequestOf<'meetings.meetings.close'>): Promise<Meeting> {
    return this.change(async (manager) => {
      const meeting = await this.lock(manager, input.groupId, input.meetingId);
      this.assertAction(meeting, 'close', 'close');
      meeting.state = 'closed';
      await manager.update(MeetingEntity, { id: meeting.id }, { state: 'closed' });
      return meeting;
    });
  }

  async get(groupId: string, meetingId: string): Promise<Meeting> {
    const meeting = await this.dataSource.getRepository(MeetingEntity).findOneBy({ id: meetingId, groupId });
    if (!meeting) throw MeetingErrors.meetingNotFound(meetingId);
    return meeting.toContract();
  }

  async list(groupId: string): Promise<Meeting[]> {
    const rows = await this.dataSource
      .getRepository(MeetingEntity)
      .find({ where: { groupId }, order: { startsAt: 'ASC', id: 'ASC' } });
    return rows.map((m) => m.toContract());
  }

  private async activeGroup(groupId: string): Promise<KnownGroup> {
    const group = await this.groups.find(groupId);
    if (!group) throw MeetingErrors.groupNotFound(groupId);
    if (group.status === 'concluded') throw MeetingErrors.groupConcluded(group.acronym);
    return group;
  }

  /** R4: never schedule a meeting that can no longer be announced in time. */
  private assertSchedulable(group: KnownGroup, startsAt: Date): void {
    const now = this.clock.now();
    if (startsAt.getTime() <= now.getTime()) throw MeetingErrors.startInPast();
    if (!canStillAnnounce(now, startsAt, group.announcementLeadDays)) {
      throw MeetingErrors.tooLateToSchedule(
        announcementDeadline(startsAt, group.announcementLeadDays),
        group.announcementLeadDays,
      );
    }
  }

  private assertAction(meeting: MeetingEntity, action: MeetingAction, verb: string): void {
    if (!meetingTransition(meeting.state, action))
      throw MeetingErrors.wrongState(meeting.state, allowedFrom(action), verb);
  }

  private async lock(manager: EntityManager, groupId: string, meetingId: string): Promise<MeetingEntity> {
    const meeting = await manager.findOne(MeetingEntity, {
      where: { id: meetingId, groupId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!meeting) throw MeetingErrors.meetingNotFound(meetingId);
    return meeting;
  }

  private async coConvenors(manager: EntityManager, groupId: string): Promise<string[]> {
    return (await manager.find(CoConvenorEntity, { where: { groupId } })).map((c) => c.participantId);
  }

  private async agreeIfComplete(manager: EntityManager, group: KnownGroup, meeting: MeetingEntity): Promise<void> {
    const complete = concurrenceComplete({
      required: group.concurrenceRequired,
      coConvenors: await this.coConvenors(manager, meeting.groupId),
      proposedBy: meeting.proposedBy,
      concurredBy: meeting.concurredBy,
    });
    if (!complete) return;
    meeting.state = 'agreed';
    await manager.update(MeetingEntity, { id: meeting.id }, { state: 'agreed' });
    await this.outbox.record(manager, 'meeting.agreed', meeting.toContract(), { groupId: meeting.groupId });
  }

  /** Saves a change; once announced, participants see it: the SEQUENCE rises in the same transaction. */
  private async saveChange(manager: EntityManager, meeting: MeetingEntity, previous: Meeting): Promise<void> {
    if (meeting.state === 'announced') meeting.sequence += 1;
    await manager.save(meeting);
    await this.outbox.record(
      manager,
      'meeting.changed',
      { meeting: meeting.toContract(), previousStartsAt: previous.startsAt, previousEndsAt: previous.endsAt },
      { groupId: meeting.groupId },
    );
  }
}
