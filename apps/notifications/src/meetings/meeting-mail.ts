import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Agenda, Meeting } from '@jcg/contracts';
import { GroupDirectory, type KnownGroup } from '@jcg/group-directory';
import { qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { DeliveryPlanner, type PlannedMessage, type Recipient } from '../deliveries/delivery-planner.js';
import {
  LIST_STREAM,
  OUT_SQL,
  calendarStream,
  isOut,
  noticeStream,
  type DeliveryPayload,
  type NoticeKind,
  type Organizer,
} from '../deliveries/delivery.js';
import { MAIL_OPTIONS, organizerAddress, type MailOptions } from '../mail/mail-options.js';
import {
  calendarSatisfied,
  listSatisfied,
  nextCalendarMessage,
  nextListMessage,
  wantsHold,
  type ListMessage,
  type StreamMessage,
} from './mail-decisions.js';

interface MeetingCopy {
  meeting: Meeting;
  agenda: Agenda | null;
}

interface RosterRow {
  participant_id: string;
  name: string;
  email: string;
  time_zone: string;
  status: string;
}

interface StreamRow {
  stream: string;
  kind: string;
  hold: boolean | null;
  meeting_sequence: number;
  sequence: number;
  status: string;
  participant_id: string | null;
  recipient_name: string;
  recipient_email: string;
  recipient_time_zone: string | null;
  starts_at: string;
  ends_at: string;
  agenda_label: string | null;
}

const CALENDAR_KINDS = ['invite', 'update', 'cancellation'];
const LIST_STATE_KINDS = ['announcement', 're-announcement', 'cancellation-notice'];

/**
 * Decides the mail of meetings (R4, R8) from their newest state, never from the order events
 * arrive in: the list gets the announcement with the draft agenda, a re-announcement when the
 * meeting moves and a notice when it is cancelled; each active participant holds the meeting
 * in their calendar (invite, then updates), and whoever holds it gets the CANCEL when it is
 * cancelled or they are suspended or gone; whoever joins or is restored before the start gets
 * the current invite. Every decision of a group runs under one lock, so a participant joining
 * in the instant of an announcement is never left out.
 */
@Injectable()
export class MeetingMail {
  constructor(
    private readonly planner: DeliveryPlanner,
    private readonly groups: GroupDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MAIL_OPTIONS) private readonly options: MailOptions,
  ) {}

  /** Serializes the mail decisions of one group (meeting events and roster events alike). */
  async lockGroup(manager: EntityManager, groupId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`notifications:group:${groupId}`]);
  }

  /** Keeps the newest copy of the meeting (by version) and the newest agenda known; returns the copy. */
  async keep(manager: EntityManager, meeting: Meeting, agenda?: Agenda): Promise<MeetingCopy> {
    const table = qualified(manager, 'meeting_copies');
    await manager.query(
      `INSERT INTO ${table} AS c (id, group_id, state, starts_at, sequence, version, announced, meeting, agenda)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)
       ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, starts_at = EXCLUDED.starts_at, sequence = EXCLUDED.sequence,
         version = EXCLUDED.version, announced = c.announced OR EXCLUDED.announced, meeting = EXCLUDED.meeting
       WHERE c.version < EXCLUDED.version`,
      [
        meeting.id,
        meeting.groupId,
        meeting.state,
        meeting.startsAt,
        meeting.sequence,
        meeting.version,
        meeting.state === 'announced',
        JSON.stringify(meeting),
      ],
    );
    if (agenda) await this.keepAgenda(manager, agenda);
    const [copy] = await manager.query<MeetingCopy[]>(`SELECT meeting, agenda FROM ${table} WHERE id = $1`, [
      meeting.id,
    ]);
    return copy;
  }

  /** The agenda is kept when newer than the one known (a revision may arrive before the announcement). */
  async keepAgenda(manager: EntityManager, agenda: Agenda): Promise<boolean> {
    const table = qualified(manager, 'meeting_copies');
    const [row] = await manager.query<{ agenda: Agenda | null }[]>(
      `SELECT agenda FROM ${table} WHERE id = $1 FOR UPDATE`,
      [agenda.meetingId],
    );
    if (!row || (row.agenda && !newerAgenda(agenda, row.agenda))) return false;
    await manager.query(`UPDATE ${table} SET agenda = $2 WHERE id = $1`, [agenda.meetingId, JSON.stringify(agenda)]);
    return true;
  }

  /**
   * Brings the mail of a meeting in line with its newest copy: the list's stream and every
   * participant's (or one participant's, after a roster change).
   */
  async reconcile(manager: EntityManager, meetingId: string, onlyParticipant?: string): Promise<void> {
    const [copy] = await manager.query<MeetingCopy[]>(
      `SELECT meeting, agenda FROM ${qualified(manager, 'meeting_copies')} WHERE id = $1`,
      [meetingId],
    );
    if (!copy) return;
    const { meeting } = copy;
    if (meeting.state !== 'announced' && meeting.state !== 'cancelled') return;
    const group = await this.group(manager, meeting.groupId);
    await this.reconcileCalendars(manager, copy, group, onlyParticipant);
    if (!onlyParticipant) await this.reconcileList(manager, copy, group);
  }

  /** A revised agenda: kept, and the list told (as the "revised draft agenda" once it was told of the meeting). */
  async agendaRevised(manager: EntityManager, agenda: Agenda): Promise<void> {
    const table = qualified(manager, 'meeting_copies');
    const [known] = await manager.query<{ group_id: string }[]>(`SELECT group_id FROM ${table} WHERE id = $1`, [
      agenda.meetingId,
    ]);
    // The meeting's own events may still be on their way: retried until notifications knows it.
    if (!known) throw new Error(`meeting ${agenda.meetingId} is not known yet`);
    await this.lockGroup(manager, known.group_id);
    await this.keepAgenda(manager, agenda);
    const [copy] = await manager.query<MeetingCopy[]>(`SELECT meeting, agenda FROM ${table} WHERE id = $1`, [
      agenda.meetingId,
    ]);
    if (copy.meeting.state !== 'announced' || !this.upcoming(copy.meeting)) return;
    const group = await this.group(manager, copy.meeting.groupId);
    await this.reconcileList(manager, copy, group);
    const current = copy.agenda;
    // What the list holds, or will once what is decided goes out: an announcement still to be
    // sent already carries this agenda (the reconciliation made sure); one sent carried an older one.
    const [latest] = await this.streamState(manager, copy.meeting.id, LIST_STATE_KINDS, false, [LIST_STREAM]);
    if (!latest || latest.kind === 'cancellation-notice' || !current || latest.agenda_label === current.label) {
      return;
    }
    await this.planner.plan(manager, [
      {
        kind: 'agenda-revision',
        recipient: this.list(group),
        stream: LIST_STREAM,
        sequence: copy.meeting.sequence,
        meetingSequence: copy.meeting.sequence,
        hold: null,
        payload: this.payload(copy.meeting, current, group),
        dedupKey: `${copy.meeting.id}:agenda-revision:${current.label}:${current.updatedAt}`,
      },
    ]);
  }

  /** R4: a notice to the co-convenors (reminders before the deadline, the missed announcement after). */
  async notice(
    manager: EntityManager,
    kind: NoticeKind,
    meeting: Meeting,
    variant: string,
    extra: Pick<DeliveryPayload, 'daysBefore' | 'reason' | 'detail'>,
  ): Promise<void> {
    const group = await this.group(manager, meeting.groupId);
    const convenors = await manager.query<RosterRow[]>(
      `SELECT participant_id, name, email, time_zone, status FROM ${qualified(manager, 'roster')}
        WHERE group_id = $1 AND status = 'active' AND role = 'co-convenor' ORDER BY participant_id`,
      [meeting.groupId],
    );
    const payload = { ...this.payload(meeting, null, group), ...extra };
    await this.planner.plan(
      manager,
      convenors.map((c) => ({
        kind,
        recipient: recipientOf(c),
        stream: noticeStream(c.participant_id),
        sequence: meeting.sequence,
        meetingSequence: meeting.sequence,
        hold: null,
        payload,
        dedupKey: `${meeting.id}:${kind}-${variant}:${c.participant_id}`,
      })),
    );
  }

  /** The meetings of a group whose mail a change of one participant may change. */
  async meetingsOf(manager: EntityManager, groupId: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM ${qualified(manager, 'meeting_copies')}
        WHERE group_id = $1 AND state IN ('announced', 'cancelled') AND starts_at > $2 ORDER BY starts_at, id`,
      [groupId, this.clock.now()],
    );
    return rows.map((r) => r.id);
  }

  private async reconcileCalendars(
    manager: EntityManager,
    copy: MeetingCopy,
    group: KnownGroup,
    onlyParticipant?: string,
  ): Promise<void> {
    const { meeting } = copy;
    const roster = await manager.query<RosterRow[]>(
      `SELECT participant_id, name, email, time_zone, status FROM ${qualified(manager, 'roster')}
        WHERE group_id = $1 AND ($2::uuid IS NULL OR participant_id = $2) ORDER BY participant_id`,
      [meeting.groupId, onlyParticipant ?? null],
    );
    const streams = onlyParticipant ? [calendarStream(onlyParticipant)] : null;
    const latest = new Map(
      (await this.streamState(manager, meeting.id, CALENDAR_KINDS, false, streams)).map((r) => [r.stream, r]),
    );
    const people = new Map<string, { recipient: Recipient; active: boolean }>();
    for (const row of roster) {
      people.set(row.participant_id, { recipient: recipientOf(row), active: row.status === 'active' });
    }
    // Whoever holds the meeting and is gone from the roster still gets its updates or CANCEL.
    for (const row of latest.values()) {
      if (row.participant_id && !people.has(row.participant_id)) {
        people.set(row.participant_id, {
          recipient: {
            participantId: row.participant_id,
            name: row.recipient_name,
            email: row.recipient_email,
            timeZone: row.recipient_time_zone,
          },
          active: false,
        });
      }
    }
    const upcoming = this.upcoming(meeting);
    const changing: { id: string; desired: boolean }[] = [];
    for (const [id, person] of people) {
      const desired = wantsHold({ state: meeting.state, upcoming, active: person.active });
      if (desired === null) continue;
      if (!calendarSatisfied(desired, meeting.sequence, streamMessage(latest.get(calendarStream(id))))) {
        changing.push({ id, desired });
      }
    }
    if (changing.length === 0) return;
    // What was decided and not taken for sending is replaced; what was taken goes out first.
    await this.planner.supersedeUnsent(
      manager,
      meeting.id,
      changing.map((c) => calendarStream(c.id)),
    );
    const sent = new Map(
      (
        await this.streamState(
          manager,
          meeting.id,
          CALENDAR_KINDS,
          true,
          changing.map((c) => calendarStream(c.id)),
        )
      ).map((r) => [r.stream, r]),
    );
    const payload = this.payload(meeting, null, group, await this.organizer(manager, meeting));
    const messages: PlannedMessage[] = [];
    for (const { id, desired } of changing) {
      const stream = calendarStream(id);
      const lastSent = streamMessage(sent.get(stream));
      const { message } = nextCalendarMessage(desired, meeting.sequence, lastSent, lastSent);
      if (!message) continue;
      messages.push({
        kind: message.kind,
        recipient: people.get(id)!.recipient,
        stream,
        sequence: message.sequence,
        meetingSequence: meeting.sequence,
        hold: message.hold,
        payload,
        dedupKey: `${meeting.id}:${stream}:${message.kind}:${message.sequence}:v${meeting.version}`,
      });
    }
    await this.planner.plan(manager, messages);
  }

  private async reconcileList(manager: EntityManager, copy: MeetingCopy, group: KnownGroup): Promise<void> {
    const { meeting, agenda } = copy;
    const state = {
      state: meeting.state,
      startsAt: new Date(meeting.startsAt).toISOString(),
      endsAt: new Date(meeting.endsAt).toISOString(),
      upcoming: this.upcoming(meeting),
    };
    const label = agenda?.label ?? null;
    const [latest] = await this.streamState(manager, meeting.id, LIST_STATE_KINDS, false, [LIST_STREAM]);
    if (listSatisfied(state, label, listMessage(latest))) return;
    await this.planner.supersedeUnsent(manager, meeting.id, [LIST_STREAM]);
    const [sent] = await this.streamState(manager, meeting.id, LIST_STATE_KINDS, true, [LIST_STREAM]);
    const lastSent = listMessage(sent);
    const { message } = nextListMessage(state, label, lastSent, lastSent);
    if (!message) return;
    await this.planner.plan(manager, [
      {
        kind: message.kind,
        recipient: this.list(group),
        stream: LIST_STREAM,
        sequence: meeting.sequence,
        meetingSequence: meeting.sequence,
        hold: null,
        payload: { ...this.payload(meeting, agenda, group), previous: message.previous },
        dedupKey: `${meeting.id}:${LIST_STREAM}:${message.kind}:v${meeting.version}:${label ?? ''}`,
      },
    ]);
  }

  /** The newest message of each stream of the meeting (of these kinds): decided, or only those out (sent or being sent). */
  private async streamState(
    manager: EntityManager,
    meetingId: string,
    kinds: string[],
    sentOnly: boolean,
    streams: string[] | null,
  ): Promise<StreamRow[]> {
    return manager.query<StreamRow[]>(
      `SELECT DISTINCT ON (stream) stream, kind, hold, meeting_sequence, sequence, status, participant_id,
              recipient_name, recipient_email, recipient_time_zone,
              payload->'meeting'->>'startsAt' AS starts_at, payload->'meeting'->>'endsAt' AS ends_at,
              payload->'agenda'->>'label' AS agenda_label
         FROM ${qualified(manager, 'deliveries')}
        WHERE meeting_id = $1 AND kind = ANY($2::text[]) AND ${sentOnly ? OUT_SQL : "status <> 'superseded'"}
          AND ($3::text[] IS NULL OR stream = ANY($3::text[]))
        ORDER BY stream, position DESC`,
      [meetingId, kinds, streams],
    );
  }

  /** The invite's ORGANIZER: the co-convenor who proposed it (replies reach them), else the configured address. */
  private async organizer(manager: EntityManager, meeting: Meeting): Promise<Organizer> {
    const fallback = organizerAddress(this.options);
    if (meeting.proposedBy) {
      const [row] = await manager.query<RosterRow[]>(
        `SELECT participant_id, name, email, time_zone, status FROM ${qualified(manager, 'roster')} WHERE participant_id = $1`,
        [meeting.proposedBy],
      );
      if (row) return { name: row.name, email: row.email, sentBy: fallback.email };
    }
    return { ...fallback, sentBy: null };
  }

  private async group(manager: EntityManager, groupId: string): Promise<KnownGroup> {
    const group = await this.groups.find(groupId, manager);
    // Events may arrive before the group's: retried until it is known.
    if (!group) throw new Error(`group ${groupId} is not known yet`);
    return group;
  }

  private payload(meeting: Meeting, agenda: Agenda | null, group: KnownGroup, organizer?: Organizer): DeliveryPayload {
    return {
      meeting,
      agenda,
      group: { acronym: group.acronym, title: group.title, mailingList: group.mailingList },
      ...(organizer ? { organizer } : {}),
    };
  }

  private list(group: KnownGroup): Recipient {
    return { participantId: null, name: group.acronym, email: group.mailingList, timeZone: null };
  }

  private upcoming(meeting: Meeting): boolean {
    return new Date(meeting.startsAt).getTime() > this.clock.now().getTime();
  }
}

function recipientOf(row: RosterRow): Recipient {
  return { participantId: row.participant_id, name: row.name, email: row.email, timeZone: row.time_zone };
}

function streamMessage(row: StreamRow | undefined | null): StreamMessage | null {
  if (!row) return null;
  return {
    kind: row.kind,
    hold: row.hold === true,
    meetingSequence: row.meeting_sequence,
    sequence: row.sequence,
    sent: isOut(row.status),
  };
}

function listMessage(row: StreamRow | undefined | null): ListMessage | null {
  if (!row) return null;
  const startsAt = new Date(row.starts_at).toISOString();
  const endsAt = new Date(row.ends_at).toISOString();
  return {
    kind: row.kind as ListMessage['kind'],
    startsAt,
    endsAt,
    agendaLabel: row.agenda_label,
    sent: isOut(row.status),
  };
}

/** Draft, then rev.1, rev.2 ..., then adopted: the order of an agenda's versions. */
function agendaRank(label: string): number {
  if (label === 'draft') return 0;
  if (label === 'adopted') return Number.MAX_SAFE_INTEGER;
  const revision = /^rev\.(\d+)$/.exec(label);
  return revision ? Number(revision[1]) : 0;
}

function newerAgenda(candidate: Agenda, known: Agenda): boolean {
  const [a, b] = [agendaRank(candidate.label), agendaRank(known.label)];
  return a !== b ? a > b : Date.parse(candidate.updatedAt) > Date.parse(known.updatedAt);
}
