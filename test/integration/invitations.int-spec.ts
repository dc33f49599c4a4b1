import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as ical from 'node-ical';
import { DataSource } from 'typeorm';
import type { Meeting } from '@jcg/contracts';
import { FixedClock } from '@jcg/persistence';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { MeetingsService } from '../../apps/meetings/src/meetings/meetings.service';
import { MailSink, type CapturedMessage } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { describeTree, findPart, parseMime, textOf } from '../support/mime';
import { TestSystem } from '../support/test-system';

const NOW = new Date('2026-12-01T09:00:00Z');
const DAY = 24 * 3600_000;
const at = (ms: number) => new Date(ms).toISOString();
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

interface Invite {
  to: string;
  subject: string;
  tree: string;
  mimeMethod: string | undefined;
  calendar: string;
  method: string;
  uid: string;
  sequence: number;
  start: string;
  end: string;
  status: string;
  attendees: string[];
}

/** Reads an invite as a calendar client would: the MIME tree, then the iCalendar with an independent parser. */
function readInvite(message: CapturedMessage): Invite {
  const root = parseMime(message.raw);
  const calendarPart = findPart(root, 'text/calendar')!;
  const calendar = unfold(textOf(calendarPart));
  const attachment = unfold(textOf(findPart(root, 'application/ics')!));
  expect(attachment.trim()).toBe(calendar.trim());
  const parsed = ical.sync.parseICS(calendar);
  const events = Object.values(parsed).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  const event = events[0];
  const attendee = event.attendee;
  const attendees = (Array.isArray(attendee) ? attendee : attendee ? [attendee] : []).map((a) =>
    String(typeof a === 'string' ? a : (a as { val: string }).val).replace(/^mailto:/i, ''),
  );
  return {
    to: message.envelopeTo.join(','),
    subject: message.subject,
    tree: describeTree(root),
    mimeMethod: calendarPart.params.method,
    calendar,
    method: /^METHOD:(.*)$/m.exec(calendar)![1].trim(),
    uid: event.uid,
    sequence: Number(event.sequence),
    start: new Date(event.start).toISOString(),
    end: new Date(event.end as Date).toISOString(),
    status: String(event.status ?? ''),
    attendees,
  };
}

describe('announcement, invites, updates and cancellation by e-mail (R4, R5, R8)', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let http: Http;
  let cast: MembershipCast;
  let notifications: NestFastifyApplication;
  let meetingsApp: NestFastifyApplication;
  const clock = new FixedClock(NOW);

  /** The meeting's durable timers, as meetings planned them. */
  async function timersOf(meetingId: string): Promise<{ key: string; dueAt: string; status: string }[]> {
    const rows = await meetingsApp
      .get(DataSource)
      .query<{ key: string; due_at: Date; status: string }[]>(
        `SELECT key, due_at, status FROM meetings.timers WHERE starts_with(key, $1) ORDER BY due_at, key`,
        [`meeting:${meetingId}:`],
      );
    return rows.map((r) => ({ key: r.key, dueAt: r.due_at.toISOString(), status: r.status }));
  }

  beforeAll(async () => {
    env = await createTestEnvironment('invites');
    system = new TestSystem(env);
    sink = new MailSink();
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const membership = await system.start('membership');
    meetingsApp = await system.start('meetings', { clock });
    await system.start('agenda', { clock });
    notifications = await system.start('notifications', {
      extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` } },
    });
    const api = await system.start('api');
    http = Http.of(api);
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  it('sends exactly the expected messages through the whole flow, each invite right for any calendar client', async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    const tsb = await cast.key({ kind: 'integrator', integrator: 'tsb' });
    // A participant whose organization stops qualifying gets nothing (R1, R8).
    const otherOrg = await cast.organization(['SG17']);
    await cast.admit(g, otherOrg.id);
    const suspended = await cast.participant(g, otherOrg.id, 'Sam Suspended');
    await http.call('PUT', `/v1/organizations/${otherOrg.id}/participation`, {
      key: cast.adminKey,
      body: { studyGroups: ['SG13'] },
    });
    // The SG20 co-convenor, whose concurrence the meeting needs (R3).
    const second = await cast.participant(g, scene.organization.id, 'Ramy Second');
    await cast.appoint(g, 'SG20', second.id);
    const secondKey = await cast.key({ kind: 'participant', participantId: second.id });
    const invited = [scene.participant, scene.convenor, second].map((p) => p.email).sort();
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND status = 'active'`,
              [g],
            )
        )[0].n === 3 &&
        (
          await notifications
            .get(DataSource)
            .query<{ status: string }[]>('SELECT status FROM notifications.roster WHERE participant_id = $1', [
              suspended.id,
            ])
        )[0]?.status === 'suspended',
      'notifications to know the roster',
    );

    const start = NOW.getTime() + 14 * DAY + 4 * 3600_000; // 15 December 2026, 13:00 UTC = 14:00 in Geneva
    const meeting = (
      await http.post<Meeting>(
        `/v1/groups/${g}/meetings`,
        { title: 'Demarcation line', startsAt: at(start), endsAt: at(start + 2 * 3600_000) },
        scene.convenorKey,
      )
    ).body;
    expect(meeting.state).toBe('proposed');
    expect(
      (await http.post(`/v1/groups/${g}/meetings/${meeting.id}/announcement`, {}, scene.convenorKey)).body,
    ).toMatchObject({ status: 409, code: 'MEETING_WRONG_STATE' });
    expect(
      (await http.post<Meeting>(`/v1/groups/${g}/meetings/${meeting.id}/concurrence`, {}, secondKey)).body.state,
    ).toBe('agreed');
    await http.call('PUT', `/v1/groups/${g}/meetings/${meeting.id}/join-details`, {
      key: tsb,
      body: { url: 'https://meetings.example.int/j/555', passcode: 'iot' },
    });
    await cast.draftAgenda(g, meeting.id);
    expect((await http.post(`/v1/groups/${g}/meetings/${meeting.id}/announcement`, {}, scene.convenorKey)).status).toBe(
      200,
    );

    await waitFor(() => sink.messages.length === 4 || undefined, 'the announcement and three invites');
    const announcement = sink.messages.find((m) => m.envelopeTo.includes(scene.group.mailingList))!;
    expect(announcement.subject).toBe(
      `[${scene.group.acronym}] Meeting announcement: Demarcation line, 15 December 2026`,
    );
    const announcementText = textOf(findPart(parseMime(announcement.raw), 'text/plain')!).replace(/\r\n/g, '\n');
    expect(announcementText).toContain('When: Tuesday, 15 December 2026 at 14:00-16:00 Geneva time (13:00-15:00 UTC)');
    expect(announcementText).toContain('Join: https://meetings.example.int/j/555');
    expect(announcementText).toContain('Draft agenda:\n1. Opening of the meeting');
    expect(findPart(parseMime(announcement.raw), 'text/calendar')).toBeUndefined();

    const firstInvites = sink.messages.filter((m) => m !== announcement).map(readInvite);
    expect(firstInvites.map((i) => i.to).sort()).toEqual(invited);
    for (const invite of firstInvites) {
      expect(invite).toMatchObject({
        tree: 'multipart/mixed(multipart/alternative(text/plain, text/html, text/calendar), application/ics)',
        mimeMethod: 'REQUEST',
        method: 'REQUEST',
        uid: meeting.calendarUid,
        sequence: 0,
        start: at(start),
        end: at(start + 2 * 3600_000),
        attendees: [invite.to],
      });
      expect(invite.calendar.match(/^METHOD:/gm)).toHaveLength(1);
      expect(invite.calendar.match(/^SEQUENCE:/gm)).toHaveLength(1);
      expect(invite.calendar).toMatch(/^DTSTART:20261215T130000Z$/m);
      expect(invite.calendar).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/m);
      // Replies are not collected: no RSVP asked; the organizer is the co-convenor who proposed it, never the list.
      expect(invite.calendar).toMatch(/^ATTENDEE;.*RSVP=FALSE.*:MAILTO:/m);
      expect(invite.calendar).not.toMatch(/RSVP=TRUE/);
      const organizer = /^ORGANIZER;(.*)$/m.exec(invite.calendar)![1];
      expect(organizer.toLowerCase()).toContain(`mailto:${scene.convenor.email}`);
      expect(organizer.toLowerCase()).not.toContain(scene.group.mailingList);
    }

    // Someone who joins after the announcement gets the invite too.
    const late = await cast.participant(g, scene.organization.id, 'Lea Late');
    await waitFor(
      () => sink.messages.some((m) => m.envelopeTo.includes(late.email)) || undefined,
      'the late joiner invite',
    );

    // Moving the meeting: an update to everyone invited, same UID, higher SEQUENCE.
    const moved = start + DAY;
    expect(
      (
        await http.call('PUT', `/v1/groups/${g}/meetings/${meeting.id}/schedule`, {
          key: scene.convenorKey,
          body: { startsAt: at(moved), endsAt: at(moved + 3600_000) },
        })
      ).status,
    ).toBe(200);
    const everyone = [...invited, late.email].sort();
    await waitFor(
      () => sink.messages.filter((m) => m.subject.includes('Updated invitation')).length === 4 || undefined,
      'four updates',
    );
    const updates = sink.messages.filter((m) => m.subject.includes('Updated invitation')).map(readInvite);
    expect(updates.map((u) => u.to).sort()).toEqual(everyone);
    for (const update of updates)
      expect(update).toMatchObject({
        method: 'REQUEST',
        uid: meeting.calendarUid,
        sequence: 1,
        start: at(moved),
        end: at(moved + 3600_000),
      });

    // Cancelling: METHOD CANCEL, same UID, higher SEQUENCE, STATUS:CANCELLED, to everyone invited.
    expect((await http.post(`/v1/groups/${g}/meetings/${meeting.id}/cancellation`, {}, scene.convenorKey)).status).toBe(
      200,
    );
    await waitFor(
      () => sink.messages.filter((m) => m.subject.includes('Cancelled')).length === 4 || undefined,
      'four cancellations',
    );
    const cancellations = sink.messages.filter((m) => m.subject.includes('Cancelled')).map(readInvite);
    expect(cancellations.map((c) => c.to).sort()).toEqual(everyone);
    for (const c of cancellations) {
      expect(c).toMatchObject({
        mimeMethod: 'CANCEL',
        method: 'CANCEL',
        uid: meeting.calendarUid,
        sequence: 2,
        status: 'CANCELLED',
        attendees: [c.to],
      });
      expect(c.calendar.match(/^METHOD:/gm)).toHaveLength(1);
    }

    // The list heard of the move (both times, the agenda) and of the cancellation, once each.
    await waitFor(
      () => sink.messages.filter((m) => m.envelopeTo.includes(scene.group.mailingList)).length === 3 || undefined,
      'the list to hear of the move and the cancellation',
    );
    const listMail = sink.messages.filter((m) => m.envelopeTo.includes(scene.group.mailingList));
    expect(listMail.map((m) => m.subject)).toEqual([
      `[${scene.group.acronym}] Meeting announcement: Demarcation line, 15 December 2026`,
      `[${scene.group.acronym}] Meeting moved: Demarcation line, 16 December 2026`,
      `[${scene.group.acronym}] Meeting cancelled: Demarcation line, 16 December 2026`,
    ]);
    const movedText = textOf(findPart(parseMime(listMail[1].raw), 'text/plain')!).replace(/\r\n/g, '\n');
    expect(movedText).toContain('When: Wednesday, 16 December 2026 at 14:00-15:00 Geneva time (13:00-14:00 UTC)');
    expect(movedText).toContain('Previously: Tuesday, 15 December 2026 at 14:00-16:00 Geneva time (13:00-15:00 UTC)');
    expect(movedText).toContain('Draft agenda:\n1. Opening of the meeting');

    // Exactly these: 3 to the list, 4 invites, 4 updates, 4 cancellations; nothing for the suspended participant.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.messages).toHaveLength(15);
    expect(sink.messages.filter((m) => m.envelopeTo.includes(suspended.email))).toEqual([]);
  });

  it('reminds the co-convenors 3 days and 1 day before the announcement deadline while the meeting is unannounced, and not after', async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND role = 'co-convenor'`,
              [g],
            )
        )[0].n === 1,
      'notifications to know the co-convenor',
    );
    const start = NOW.getTime() + 20 * DAY;
    const meeting = await cast.meeting(scene, 'Gap analysis', start);
    const deadline = start - 7 * DAY;
    expect(meeting.announcementDeadline).toBe(at(deadline));

    // The timers are rows, written with the proposal: 3 days and 1 day before the deadline, and the deadline.
    expect(await timersOf(meeting.id)).toEqual([
      { key: `meeting:${meeting.id}:reminder-3d`, dueAt: at(deadline - 3 * DAY), status: 'scheduled' },
      { key: `meeting:${meeting.id}:reminder-1d`, dueAt: at(deadline - 1 * DAY), status: 'scheduled' },
      { key: `meeting:${meeting.id}:deadline`, dueAt: at(deadline), status: 'scheduled' },
    ]);

    // Their time comes on the meetings clock: each reminds the co-convenor once.
    const reminders = () => sink.messages.filter((m) => m.subject.includes('Reminder: announce "Gap analysis"'));
    clock.set(new Date(deadline - 3 * DAY + 1000));
    await waitFor(() => reminders().length === 1 || undefined, 'the 3-day reminder');
    clock.set(new Date(deadline - 1 * DAY + 1000));
    await waitFor(() => reminders().length === 2 || undefined, 'the 1-day reminder');
    const deadlineDay = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Zurich',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(new Date(deadline));
    for (const reminder of reminders()) {
      expect(reminder.envelopeTo).toEqual([scene.convenor.email]);
      expect(reminder.subject).toBe(`[${scene.group.acronym}] Reminder: announce "Gap analysis" by ${deadlineDay}`);
    }
    expect(
      reminders()
        .map((m) => /\((\d) days from the deadline\)/.exec(textOf(findPart(parseMime(m.raw), 'text/plain')!))?.[1])
        .sort(),
    ).toEqual(['1', '3']);

    // Announced: its remaining timer is cancelled, and a reminder that comes late anyway sends nothing.
    clock.set(NOW);
    await http.call('PUT', `/v1/groups/${g}/meetings/${meeting.id}/join-details`, {
      key: scene.convenorKey,
      body: { url: 'https://meetings.example.int/j/9' },
    });
    expect((await http.post(`/v1/groups/${g}/meetings/${meeting.id}/announcement`, {}, scene.convenorKey)).status).toBe(
      200,
    );
    expect((await timersOf(meeting.id)).find((t) => t.key.endsWith(':deadline'))?.status).toBe('cancelled');
    expect(await meetingsApp.get(MeetingsService).remind(g, meeting.id, 1)).toBe('skipped: announced');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reminders()).toHaveLength(2);
  });

  it('tells the co-convenors when the deadline passed unannounced', async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND role = 'co-convenor'`,
              [g],
            )
        )[0].n === 1,
      'notifications to know the co-convenor',
    );
    const start = NOW.getTime() + 8 * DAY;
    const meeting = await cast.meeting(scene, 'Forgotten', start);
    clock.set(new Date(start - 7 * DAY + 1000));
    const missed = await waitFor(
      () =>
        sink.messages.find((m) => m.subject === `[${scene.group.acronym}] Not announced: "Forgotten", 9 December 2026`),
      'the missed-deadline notice',
    );
    clock.set(NOW);
    expect(missed.envelopeTo).toEqual([scene.convenor.email]);
    expect(textOf(findPart(parseMime(missed.raw), 'text/plain')!)).toContain('can no longer be announced');
    expect((await timersOf(meeting.id)).find((t) => t.key.endsWith(':deadline'))?.status).toBe('fired');
  });

  it('moves the timers with the meeting, and announces it automatically at the time asked for', async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    const start = NOW.getTime() + 20 * DAY;
    const meeting = await cast.meeting(scene, 'Auto', start, {
      joinDetails: { url: 'https://meetings.example.int/j/auto' },
    });
    const moved = start + 2 * DAY;
    await http.call('PUT', `/v1/groups/${g}/meetings/${meeting.id}/schedule`, {
      key: scene.convenorKey,
      body: { startsAt: at(moved), endsAt: at(moved + 3600_000) },
    });
    expect((await timersOf(meeting.id)).find((t) => t.key.endsWith('reminder-3d'))?.dueAt).toBe(
      at(moved - 7 * DAY - 3 * DAY),
    );

    // At the deadline itself (or within the margin before it) the system could not act in time: refused.
    const tooLate = await http.call('PUT', `/v1/groups/${g}/meetings/${meeting.id}/announcement-time`, {
      key: scene.convenorKey,
      body: { announceAt: at(moved - 7 * DAY) },
    });
    expect(tooLate.body).toMatchObject({ status: 422, code: 'ANNOUNCE_AT_AFTER_DEADLINE' });
    const announceAt = at(NOW.getTime() + 2 * DAY);
    const scheduled = await http.call<Meeting>('PUT', `/v1/groups/${g}/meetings/${meeting.id}/announcement-time`, {
      key: scene.convenorKey,
      body: { announceAt },
    });
    expect(scheduled.body.announceAt).toBe(announceAt);
    expect((await timersOf(meeting.id)).find((t) => t.key.endsWith(':announce'))).toEqual({
      key: `meeting:${meeting.id}:announce`,
      dueAt: announceAt,
      status: 'scheduled',
    });
    clock.set(new Date(NOW.getTime() + 2 * DAY + 1000));
    await waitFor(
      async () =>
        (await http.get<Meeting>(`/v1/groups/${g}/meetings/${meeting.id}`, scene.convenorKey)).body.state ===
          'announced' || undefined,
      'the automatic announcement',
    );
    clock.set(NOW);
    await waitFor(
      () =>
        sink.messages.some(
          (m) =>
            m.subject ===
            `[${scene.group.acronym}] Meeting announcement: Auto, ${new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Zurich', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(moved))}`,
        ) || undefined,
      'the announcement mail',
    );
    expect((await timersOf(meeting.id)).find((t) => t.key.endsWith(':announce'))?.status).toBe('fired');
  });

  it("serves the group feed and each participant's tokenised feed, with cancelled meetings marked", async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    const start = NOW.getTime() + 20 * DAY;
    const propose = async (title: string, offset: number) => {
      const m = (
        await http.post<Meeting>(
          `/v1/groups/${g}/meetings`,
          {
            title,
            startsAt: at(start + offset),
            endsAt: at(start + offset + 3600_000),
            joinDetails: { url: 'https://meetings.example.int/j/feed' },
          },
          scene.convenorKey,
        )
      ).body;
      await cast.draftAgenda(g, m.id);
      expect((await http.post(`/v1/groups/${g}/meetings/${m.id}/announcement`, {}, scene.convenorKey)).status).toBe(
        200,
      );
      return m;
    };
    const kept = await propose('Kept', 0);
    const dropped = await propose('Dropped', DAY);
    await http.post(`/v1/groups/${g}/meetings/${dropped.id}/cancellation`, {}, scene.convenorKey);
    const unannounced = (
      await http.post<Meeting>(
        `/v1/groups/${g}/meetings`,
        { title: 'Not yet', startsAt: at(start), endsAt: at(start + 3600_000) },
        scene.convenorKey,
      )
    ).body;

    const feedEvents = (text: string) =>
      Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    const feed = await waitFor(async () => {
      const r = await http.get(`/v1/calendar/groups/${g}.ics`, scene.participantKey);
      return r.status === 200 && feedEvents(r.text).find((e) => e.uid === dropped.calendarUid)?.status === 'CANCELLED'
        ? r
        : undefined;
    }, 'the feed to show the cancellation');
    expect(feed.contentType).toBe('text/calendar; charset=utf-8');
    expect(unfold(feed.text)).toMatch(/^METHOD:PUBLISH$/m);
    const events = feedEvents(feed.text);
    expect(events.map((e) => [e.uid, String(e.status), Number(e.sequence)]).sort()).toEqual(
      [
        [kept.calendarUid, 'CONFIRMED', 0],
        [dropped.calendarUid, 'CANCELLED', 1],
      ].sort(),
    );
    expect(events.map((e) => e.uid)).not.toContain(unannounced.calendarUid);
    expect(new Date(events.find((e) => e.uid === kept.calendarUid)!.start as Date).toISOString()).toBe(at(start));

    // The participant's own feed, for a calendar application that cannot send a key.
    const issued = await http.post<{ url: string }>(
      `/v1/groups/${g}/participants/${scene.participant.id}/calendar-feed`,
      {},
      scene.participantKey,
    );
    expect(issued.status).toBe(201);
    const own = await http.get(issued.body.url);
    expect(own.status).toBe(200);
    expect(
      feedEvents(own.text)
        .map((e) => e.uid)
        .sort(),
    ).toEqual([kept.calendarUid, dropped.calendarUid].sort());
    // A new URL replaces the old one.
    const reissued = await http.post<{ url: string }>(
      `/v1/groups/${g}/participants/${scene.participant.id}/calendar-feed`,
      {},
      scene.participantKey,
    );
    expect((await http.get(issued.body.url)).status).toBe(404);
    // Suspended: the feed shows nothing (R8).
    await http.call('PUT', `/v1/organizations/${scene.organization.id}/participation`, {
      key: cast.adminKey,
      body: { studyGroups: ['SG13'] },
    });
    await waitFor(
      async () => feedEvents((await http.get(reissued.body.url)).text).length === 0 || undefined,
      'the suspended feed to empty',
    );
  });

  it('sends a revision after the announcement as the "revised draft agenda", then adopts it, records the meeting and closes it', async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    const start = NOW.getTime() + 20 * DAY;
    const meeting = await cast.meeting(scene, 'Revisions', start, {
      joinDetails: { url: 'https://meetings.example.int/j/rev' },
    });
    const base = `/v1/groups/${g}/meetings/${meeting.id}`;
    await cast.draftAgenda(g, meeting.id);
    const items = [
      { title: 'Opening of the meeting', presenter: null, minutes: 5, documents: [] },
      {
        title: 'Overlap matrix of SG17 and SG20 work items',
        presenter: 'Co-convenors',
        minutes: 45,
        documents: ['JCG-IoTSec-C-007'],
      },
      { title: 'Closing', presenter: null, minutes: 5, documents: [] },
    ];
    // Before the announcement the draft just changes.
    expect(
      (await http.call<{ label: string }>('PUT', `${base}/agenda`, { key: scene.convenorKey, body: { items } })).body
        .label,
    ).toBe('draft');
    expect((await http.post(`${base}/announcement`, {}, scene.convenorKey)).status).toBe(200);
    const announcement = await waitFor(
      () => sink.messages.find((m) => m.subject.startsWith(`[${scene.group.acronym}] Meeting announcement: Revisions`)),
      'the announcement',
    );
    expect(textOf(findPart(parseMime(announcement.raw), 'text/plain')!)).toContain(
      '2. Overlap matrix of SG17 and SG20 work items (Co-convenors), 45 min',
    );

    const revised = [
      ...items.slice(0, 2),
      { title: 'Any other business', presenter: null, minutes: 10, documents: [] },
      items[2],
    ];
    const revision = await waitFor(async () => {
      const r = await http.call<{ label: string }>('PUT', `${base}/agenda`, {
        key: scene.convenorKey,
        body: { items: revised },
      });
      return r.body.label === 'rev.1' ? r : undefined;
    }, 'agenda to learn of the announcement');
    expect(revision.status).toBe(200);
    const mail = await waitFor(
      () => sink.messages.find((m) => m.subject.includes('Revised draft agenda (rev.1)')),
      'the revised draft agenda',
    );
    expect(mail.envelopeTo).toEqual([scene.group.mailingList]);
    expect(textOf(findPart(parseMime(mail.raw), 'text/plain')!)).toContain('3. Any other business, 10 min');

    // At the meeting: adopted, then no more revisions; recorded after the start, then closed.
    expect((await http.post<{ label: string }>(`${base}/agenda/adoption`, {}, scene.convenorKey)).body.label).toBe(
      'adopted',
    );
    expect((await http.call('PUT', `${base}/agenda`, { key: scene.convenorKey, body: { items } })).body).toMatchObject({
      status: 409,
      code: 'AGENDA_ADOPTED',
    });
    const record = {
      attendance: [
        { name: scene.convenor.name, organization: scene.organization.name, participantId: scene.convenor.id },
        { name: 'Guest Expert', organization: 'Another Org' },
      ],
      minutes: 'The group reviewed the overlap matrix.',
      decisions: ['Propose the demarcation table to TSAG'],
      actionItems: [{ description: 'Circulate the table', owner: 'Co-convenors', due: '2027-01-15' }],
    };
    expect((await http.post(`${base}/record`, record, scene.convenorKey)).body).toMatchObject({
      status: 409,
      code: 'MEETING_NOT_STARTED',
    });
    clock.set(new Date(start + 3600_000));
    try {
      const held = await http.post<Meeting>(`${base}/record`, record, scene.convenorKey);
      expect(held.body).toMatchObject({ state: 'held', record });
      expect((await http.post<Meeting>(`${base}/closure`, {}, scene.convenorKey)).body.state).toBe('closed');
      expect((await http.post(`${base}/cancellation`, {}, scene.convenorKey)).body).toMatchObject({
        status: 409,
        code: 'MEETING_WRONG_STATE',
      });
    } finally {
      clock.set(NOW);
    }
  });
});
