import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Agenda, Meeting } from '@jcg/contracts';
import { GroupDirectory } from '@jcg/group-directory';
import { qualified } from '@jcg/messaging';
import { DeliveryPlanner, type Recipient } from '../deliveries/delivery-planner.js';
import type { DeliveryPayload } from '../deliveries/delivery.js';

interface MeetingCopy {
  meeting: Meeting;
  agenda: Agenda | null;
  announced: boolean;
}

/**
 * Decides the mail a meeting needs: the announcement to the list and an invite to each active
 * participant (R4, R8), updates when it changes, cancellations when it is cancelled, and an
 * invite for whoever joins after the announcement. Suspended participants get nothing.
 */
@Injectable()
export class MeetingMail {
  constructor(
    private readonly planner: DeliveryPlanner,
    private readonly groups: GroupDirectory,
  ) {}

  async announced(manager: EntityManager, eventId: string, meeting: Meeting, agenda: Agenda): Promise<void> {
    await this.keep(manager, eventId, meeting, agenda, true);
    const payload = await this.payload(meeting, agenda);
    await this.planner.plan(manager, 'announcement', payload, meeting.sequence, [
      { participantId: null, name: payload.group.acronym, email: payload.group.mailingList, timeZone: null },
    ]);
    await this.planner.plan(
      manager,
      'invite',
      payload,
      meeting.sequence,
      await this.activeParticipants(manager, meeting.groupId),
    );
  }

  async changed(manager: EntityManager, eventId: string, meeting: Meeting): Promise<void> {
    const copy = await this.keep(manager, eventId, meeting, undefined, meeting.state === 'announced');
    if (!copy?.announced || meeting.state !== 'announced') return;
    await this.planner.plan(
      manager,
      'update',
      await this.payload(meeting, copy.agenda),
      meeting.sequence,
      await this.activeParticipants(manager, meeting.groupId),
    );
  }

  async cancelled(manager: EntityManager, eventId: string, meeting: Meeting): Promise<void> {
    const copy = await this.keep(manager, eventId, meeting, undefined, undefined);
    if (!copy?.announced) return;
    await this.planner.plan(
      manager,
      'cancellation',
      await this.payload(meeting, copy.agenda),
      meeting.sequence,
      await this.activeParticipants(manager, meeting.groupId),
    );
  }

  /** R4: the co-convenors are reminded while the meeting is unannounced (3 days, then 1 day, before the deadline). */
  async reminder(manager: EntityManager, meeting: Meeting, daysBefore: number): Promise<void> {
    const convenors = await this.activeParticipants(manager, meeting.groupId, 'co-convenor');
    const payload = { ...(await this.payload(meeting, null)), daysBefore };
    await this.planner.plan(
      manager,
      'reminder',
      payload,
      meeting.sequence,
      convenors,
      `${daysBefore}d-${meeting.announcementDeadline}`,
    );
  }

  /** R4: a revision after the announcement goes to the list as the "revised draft agenda". */
  async agendaRevised(manager: EntityManager, agenda: Agenda): Promise<void> {
    const [copy] = await manager.query<{ meeting: Meeting }[]>(
      `SELECT meeting FROM ${qualified(manager, 'meeting_copies')} WHERE id = $1`,
      [agenda.meetingId],
    );
    // The announcement's event may still be on its way: retried until notifications knows the meeting.
    if (!copy) throw new Error(`meeting ${agenda.meetingId} is not known yet`);
    const payload = await this.payload(copy.meeting, agenda);
    await this.planner.plan(
      manager,
      'agenda-revision',
      payload,
      copy.meeting.sequence,
      [{ participantId: null, name: payload.group.acronym, email: payload.group.mailingList, timeZone: null }],
      agenda.label,
    );
  }

  /** Someone joined (or was restored) after announcements: invite them to what is still ahead. */
  async joined(
    manager: EntityManager,
    participant: Recipient & { participantId: string },
    groupId: string,
    now: Date,
  ): Promise<void> {
    const copies = await manager.query<{ meeting: Meeting; agenda: Agenda | null }[]>(
      `SELECT meeting, agenda FROM ${qualified(manager, 'meeting_copies')} WHERE group_id = $1 AND announced AND state = 'announced' AND starts_at > $2`,
      [groupId, now],
    );
    for (const copy of copies)
      await this.planner.plan(manager, 'invite', await this.payload(copy.meeting, copy.agenda), copy.meeting.sequence, [
        participant,
      ]);
  }

  private async payload(meeting: Meeting, agenda: Agenda | null): Promise<DeliveryPayload> {
    const group = await this.groups.find(meeting.groupId);
    // Events may arrive before the group's: retried until it is known.
    if (!group) throw new Error(`group ${meeting.groupId} is not known yet`);
    return { meeting, agenda, group: { acronym: group.acronym, title: group.title, mailingList: group.mailingList } };
  }

  private async activeParticipants(
    manager: EntityManager,
    groupId: string,
    role?: 'co-convenor',
  ): Promise<Recipient[]> {
    const rows = await manager.query<{ participant_id: string; name: string; email: string; time_zone: string }[]>(
      `SELECT participant_id, name, email, time_zone FROM ${qualified(manager, 'roster')}
        WHERE group_id = $1 AND status = 'active' AND ($2::text IS NULL OR role = $2) ORDER BY participant_id`,
      [groupId, role ?? null],
    );
    return rows.map((r) => ({ participantId: r.participant_id, name: r.name, email: r.email, timeZone: r.time_zone }));
  }

  /** Keeps the newest copy of the meeting; returns what it knew before this event. */
  private async keep(
    manager: EntityManager,
    eventId: string,
    meeting: Meeting,
    agenda: Agenda | undefined,
    announced: boolean | undefined,
  ): Promise<MeetingCopy | null> {
    const table = qualified(manager, 'meeting_copies');
    const [before] = await manager.query<MeetingCopy[]>(
      `SELECT meeting, agenda, announced FROM ${table} WHERE id = $1 FOR UPDATE`,
      [meeting.id],
    );
    await manager.query(
      `INSERT INTO ${table} AS c (id, group_id, state, starts_at, sequence, announced, meeting, agenda, last_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, starts_at = EXCLUDED.starts_at, sequence = EXCLUDED.sequence,
         announced = c.announced OR EXCLUDED.announced, meeting = EXCLUDED.meeting, agenda = COALESCE(EXCLUDED.agenda, c.agenda),
         last_event_id = EXCLUDED.last_event_id
       WHERE c.last_event_id < EXCLUDED.last_event_id`,
      [
        meeting.id,
        meeting.groupId,
        meeting.state,
        meeting.startsAt,
        meeting.sequence,
        announced ?? false,
        JSON.stringify(meeting),
        agenda ? JSON.stringify(agenda) : null,
        eventId,
      ],
    );
    return before ? { ...before, agenda: agenda ?? before.agenda } : null;
  }
}
