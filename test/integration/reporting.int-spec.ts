import * as ical from 'node-ical';
import { DataSource } from 'typeorm';
import type { BodyMeeting, Group, Obligation } from '@jcg/contracts';
import { FixedClock } from '@jcg/persistence';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MailSink } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { findPart, parseMime, textOf } from '../support/mime';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

const NOW = new Date('2026-01-05T10:00:00Z');

/**
 * R6: TSB enters the meetings of SG17, SG20 and TSAG; each active group reporting to the body
 * owes a report due one calendar month before the first day, with reminders at 09:00 Geneva
 * 14 and 3 days before and on the day, a notice each day it is late, and `missed` when the
 * meeting starts. The reporting clock is a FixedClock the test moves.
 */
describe('reporting cadence (R6): body calendar, obligations, reminders and escalation', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let http: Http;
  let cast: MembershipCast;
  let reporting: NestFastifyApplication;
  let tsbKey: string;
  const clock = new FixedClock(NOW);

  beforeAll(async () => {
    env = await createTestEnvironment('reporting');
    system = new TestSystem(env);
    sink = new MailSink();
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const membership = await system.start('membership');
    reporting = await system.start('reporting', { clock });
    // The draft compiled 14 days before the due date asks meetings and agenda for the group's meetings.
    await system.start('meetings');
    await system.start('agenda');
    await system.start('notifications', { extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` } } });
    http = Http.of(await system.start('api'));
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  beforeEach(() => clock.set(NOW));

  let counter = 0;
  const reference = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`;
  const put = (ref: string, body: Record<string, unknown>, key = tsbKey) =>
    http.call<{ bodyMeeting: BodyMeeting; change: string }>('PUT', `/v1/body-meetings/${ref}`, { key, body });
  const obligationsOf = async (groupId: string, key: string, scope = 'all') =>
    (await http.get<{ items: Obligation[] }>(`/v1/groups/${groupId}/obligations?scope=${scope}`, key)).body.items;

  /** A group known to reporting (it learns groups from membership's events). */
  async function scene(): Promise<Awaited<ReturnType<MembershipCast['scene']>>> {
    const s = await cast.scene();
    await waitFor(
      async () =>
        (
          await reporting
            .get(DataSource)
            .query<{ n: number }[]>('SELECT count(*)::int AS n FROM reporting.known_groups WHERE id = $1', [s.group.id])
        )[0].n === 1,
      'reporting to know the group',
    );
    return s;
  }

  /** The notices to a co-convenor about the obligation of one body meeting (other tests' meetings have their own). */
  const noticesAbout = (email: string, ref: string) =>
    sink.messages.filter(
      (m) => m.envelopeTo.includes(email) && textOf(findPart(parseMime(m.raw), 'text/plain')!).includes(ref),
    );

  async function timersOf(
    obligationId: string,
  ): Promise<{ key: string; dueAt: string; status: string; generation: number }[]> {
    const rows = await reporting
      .get(DataSource)
      .query<{ key: string; due_at: Date; status: string; generation: number }[]>(
        `SELECT key, due_at, status, generation FROM reporting.timers WHERE starts_with(key, $1) ORDER BY due_at, key`,
        [`obligation:${obligationId}:`],
      );
    return rows.map((r) => ({
      key: r.key.split(':').at(-1)!,
      dueAt: r.due_at.toISOString(),
      status: r.status,
      generation: r.generation,
    }));
  }

  it('computes due dates through the API as the rule does (month ends, leap years, the year boundary)', async () => {
    const s = await scene();
    const cases: [string, string][] = [
      ['2026-03-31', '2026-02-28'],
      ['2026-09-15', '2026-08-15'],
      ['2028-03-30', '2028-02-29'],
      ['2027-03-29', '2027-02-28'],
      ['2027-01-18', '2026-12-18'],
      ['2026-05-31', '2026-04-30'],
    ];
    for (const [firstDay] of cases) {
      expect((await put(reference('dd'), { body: 'SG17', firstDay, lastDay: firstDay, place: 'Geneva' })).status).toBe(
        200,
      );
    }
    const owed = await obligationsOf(s.group.id, s.participantKey);
    for (const [firstDay, due] of cases) {
      const o = owed.find((x) => x.bodyMeeting.firstDay === firstDay);
      expect({ firstDay, due: o?.dueDate }).toEqual({ firstDay, due });
    }
    const winter = owed.find((o) => o.dueDate === '2026-12-18')!;
    expect(winter.dueAt).toBe('2026-12-18T22:59:59.000Z');
    expect(owed.find((o) => o.dueDate === '2026-08-15')!.dueAt).toBe('2026-08-15T21:59:59.000Z');
    expect(winter.daysLeft).toBe(347);
  });

  it('one meeting sent three times: one obligation, one set of timers; the same reference for another body is refused', async () => {
    const s = await scene();
    const ref = reference('thrice');
    const meeting = { body: 'SG20', firstDay: '2026-06-10', lastDay: '2026-06-19', place: 'Geneva' };
    const answers = await Promise.all([put(ref, meeting), put(ref, meeting), put(ref, meeting)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body.change).sort()).toEqual(['scheduled', 'unchanged', 'unchanged']);
    const owed = (await obligationsOf(s.group.id, s.participantKey)).filter((o) => o.bodyMeeting.reference === ref);
    expect(owed).toHaveLength(1);
    const timers = await timersOf(owed[0].id);
    expect(timers.map((t) => [t.key, t.generation])).toEqual([
      ['compile', 1],
      ['reminder-14d', 1],
      ['reminder-3d', 1],
      ['reminder-0d', 1],
      ['overdue', 1],
      ['missed', 1],
    ]);
    const other = await put(ref, { ...meeting, body: 'SG17' });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'REFERENCE_OF_ANOTHER_BODY' });
  });

  it('moving the meeting moves the due date and its timers (the old ones never fire); cancelling cancels both', async () => {
    const s = await scene();
    const ref = reference('move');
    await put(ref, { body: 'SG17', firstDay: '2026-04-20', lastDay: '2026-04-29', place: 'Geneva' });
    const [first] = (await obligationsOf(s.group.id, s.participantKey)).filter((o) => o.bodyMeeting.reference === ref);
    expect(first.dueDate).toBe('2026-03-20');
    const moved = await put(ref, { body: 'SG17', firstDay: '2026-05-11', lastDay: '2026-05-20', place: 'Geneva' });
    expect(moved.body.change).toBe('moved');
    const [after] = (await obligationsOf(s.group.id, s.participantKey)).filter((o) => o.bodyMeeting.reference === ref);
    expect({ id: after.id, dueDate: after.dueDate, version: after.version > first.version }).toEqual({
      id: first.id,
      dueDate: '2026-04-11',
      version: true,
    });
    expect((await timersOf(first.id)).find((t) => t.key === 'reminder-14d')).toMatchObject({
      dueAt: '2026-03-28T08:00:00.000Z',
      generation: 2,
      status: 'scheduled',
    });
    // The old 14-day reminder (2026-03-06 09:00 Geneva) comes and goes: nothing is sent.
    clock.set(new Date('2026-03-06T08:00:01Z'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(noticesAbout(s.convenor.email, ref)).toEqual([]);

    expect((await http.call('DELETE', `/v1/body-meetings/${ref}`, { key: tsbKey })).status).toBe(200);
    const [cancelled] = (await obligationsOf(s.group.id, s.participantKey)).filter(
      (o) => o.bodyMeeting.reference === ref,
    );
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelledReason: 'body meeting cancelled' });
    expect((await timersOf(first.id)).every((t) => t.status === 'cancelled')).toBe(true);
  });

  it('reminds at 09:00 Geneva 14 and 3 days before and on the day, across the March DST change; then daily overdue notices; then missed', async () => {
    const s = await scene();
    const ref = reference('cadence');
    await put(ref, { body: 'TSAG', firstDay: '2027-05-05', lastDay: '2027-05-07', place: 'Geneva' });
    const [owed] = (await obligationsOf(s.group.id, s.participantKey)).filter((o) => o.bodyMeeting.reference === ref);
    expect(owed.dueDate).toBe('2027-04-05');
    const mine = () => noticesAbout(s.convenor.email, ref);
    const at = async (instant: string, expected: number, what: string) => {
      clock.set(new Date(new Date(instant).getTime() - 1000));
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect({ what, before: mine().length }).toEqual({ what, before: expected - 1 });
      clock.set(new Date(new Date(instant).getTime() + 1000));
      await waitFor(() => mine().length === expected || undefined, what);
    };
    await at('2027-03-22T08:00:00Z', 1, 'the 14-day reminder (winter time: 09:00 CET)');
    await at('2027-04-02T07:00:00Z', 2, 'the 3-day reminder (summer time: 09:00 CEST)');
    await at('2027-04-05T07:00:00Z', 3, 'the reminder on the day');
    expect(mine().map((m) => m.subject)).toEqual([
      `[${s.group.acronym}] Report to TSAG due in 14 days`,
      `[${s.group.acronym}] Report to TSAG due in 3 days`,
      `[${s.group.acronym}] Report to TSAG due today`,
    ]);
    await at('2027-04-06T07:00:00Z', 4, 'the first overdue notice');
    await at('2027-04-07T07:00:00Z', 5, 'the second overdue notice');
    expect(
      mine()
        .slice(3)
        .map((m) => m.subject),
    ).toEqual([
      `[${s.group.acronym}] Report to TSAG overdue by 1 day`,
      `[${s.group.acronym}] Report to TSAG overdue by 2 days`,
    ]);
    const [late] = (await obligationsOf(s.group.id, s.participantKey)).filter((o) => o.bodyMeeting.reference === ref);
    expect(late).toMatchObject({ state: 'overdue', daysLeft: -2 });
    const tsbView = await http.get<{ items: (Obligation & { groupAcronym: string })[] }>(
      '/v1/obligations/late',
      tsbKey,
    );
    expect(tsbView.body.items.find((o) => o.id === owed.id)).toMatchObject({
      groupAcronym: s.group.acronym,
      state: 'overdue',
    });

    // A month later: one notice for the time nobody looked (not one per day missed), then missed at the start.
    clock.set(new Date('2027-05-04T21:59:59Z'));
    await waitFor(() => mine().length === 6 || undefined, 'the notice of the days since');
    expect(mine()[5].subject).toBe(`[${s.group.acronym}] Report to TSAG overdue by 29 days`);
    await at('2027-05-04T22:00:00Z', 7, 'missed when the meeting starts (00:00 Geneva)');
    expect(mine().at(-1)!.subject).toBe(`[${s.group.acronym}] Report to TSAG missed`);
    const [missed] = (await obligationsOf(s.group.id, s.participantKey)).filter((o) => o.bodyMeeting.reference === ref);
    expect(missed.state).toBe('missed');
    clock.set(new Date('2027-05-06T07:00:01Z'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mine()).toHaveLength(7);
  });

  it('plans the reminders at 09:00 Geneva on each side of the October DST change too', async () => {
    const s = await scene();
    const ref = reference('october');
    await put(ref, { body: 'SG20', firstDay: '2026-12-05', lastDay: '2026-12-11', place: 'Geneva' });
    const [owed] = (await obligationsOf(s.group.id, s.participantKey)).filter((o) => o.bodyMeeting.reference === ref);
    expect(owed.dueDate).toBe('2026-11-05');
    // The change is 2026-10-25: 14 days before falls in summer time, 3 days before in winter time.
    expect((await timersOf(owed.id)).map((t) => [t.key, t.dueAt])).toEqual([
      ['compile', '2026-10-22T04:00:00.000Z'],
      ['reminder-14d', '2026-10-22T07:00:00.000Z'],
      ['reminder-3d', '2026-11-02T08:00:00.000Z'],
      ['reminder-0d', '2026-11-05T08:00:00.000Z'],
      ['overdue', '2026-11-06T08:00:00.000Z'],
      ['missed', '2026-12-04T23:00:00.000Z'],
    ]);
  });

  it('submitting the report stops the reminders; TSB acknowledges it', async () => {
    const s = await scene();
    const ref = reference('submit');
    await put(ref, { body: 'SG20', firstDay: '2026-09-15', lastDay: '2026-09-24', place: 'virtual' });
    const [owed] = (await obligationsOf(s.group.id, s.participantKey)).filter((o) => o.bodyMeeting.reference === ref);
    const submitted = await http.post<Obligation>(
      `/v1/groups/${s.group.id}/obligations/${owed.id}/submission`,
      { documentReference: 'T25-SG20-260915-TD-GEN-0042' },
      s.convenorKey,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      state: 'submitted',
      submission: { documentReference: 'T25-SG20-260915-TD-GEN-0042', submittedBy: s.convenor.id },
    });
    expect((await timersOf(owed.id)).every((t) => t.status === 'cancelled')).toBe(true);
    clock.set(new Date('2026-08-15T07:00:01Z'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(noticesAbout(s.convenor.email, ref)).toEqual([]);
    const again = await http.post(
      `/v1/groups/${s.group.id}/obligations/${owed.id}/submission`,
      { documentReference: 'x' },
      s.convenorKey,
    );
    expect(again.body).toMatchObject({ status: 409, code: 'OBLIGATION_WRONG_STATE' });
    const acknowledged = await http.post<Obligation>(
      `/v1/groups/${s.group.id}/obligations/${owed.id}/acknowledgement`,
      {},
      tsbKey,
    );
    expect(acknowledged.body).toMatchObject({ state: 'acknowledged', acknowledgedAt: expect.any(String) });
  });

  it('a meeting entered after its due date: overdue at once', async () => {
    const s = await scene();
    const ref = reference('late');
    await put(ref, { body: 'SG17', firstDay: '2026-01-20', lastDay: '2026-01-29', place: 'Geneva' });
    const [owed] = (await obligationsOf(s.group.id, s.participantKey)).filter((o) => o.bodyMeeting.reference === ref);
    expect(owed).toMatchObject({ dueDate: '2025-12-20', state: 'overdue', daysLeft: -16 });
  });

  it('concluding the group cancels what it owes, keeping one final report to TSAG; adding a study group brings its reports', async () => {
    const s = await scene();
    const refs = {
      sg17: reference('c17'),
      sg20: reference('c20'),
      tsag1: reference('ct1'),
      tsag2: reference('ct2'),
      sg13: reference('c13'),
    };
    await put(refs.sg17, { body: 'SG17', firstDay: '2026-07-06', lastDay: '2026-07-15', place: 'Geneva' });
    await put(refs.sg20, { body: 'SG20', firstDay: '2026-07-20', lastDay: '2026-07-29', place: 'Geneva' });
    await put(refs.tsag1, { body: 'TSAG', firstDay: '2026-06-01', lastDay: '2026-06-05', place: 'Geneva' });
    await put(refs.tsag2, { body: 'TSAG', firstDay: '2026-10-01', lastDay: '2026-10-05', place: 'Geneva' });
    await put(refs.sg13, { body: 'SG13', firstDay: '2026-08-03', lastDay: '2026-08-12', place: 'Geneva' });
    const ours = new Set(Object.values(refs));
    const mineOf = async () =>
      new Map(
        (await obligationsOf(s.group.id, s.participantKey))
          .filter((o) => ours.has(o.bodyMeeting.reference))
          .map((o) => [o.bodyMeeting.reference, o]),
      );
    let owed = await mineOf();
    expect(owed.has(refs.sg13)).toBe(false);

    // The parent adds SG13 to the group: its meetings are owed reports too.
    const changed = await http.call<Group>('PUT', `/v1/groups/${s.group.id}/study-groups`, {
      key: tsbKey,
      body: { studyGroups: ['SG17', 'SG20', 'SG13'], decidedOn: '2026-01-05', reference: 'TSAG-R9' },
    });
    expect(changed.status).toBe(200);
    await waitFor(async () => (await mineOf()).has(refs.sg13) || undefined, 'the SG13 obligation');

    const concluded = await http.post(
      `/v1/groups/${s.group.id}/conclusion`,
      { decidedOn: '2026-01-05', reference: 'TSAG-R10' },
      tsbKey,
    );
    expect(concluded.status).toBe(201);
    await waitFor(
      async () => (await mineOf()).get(refs.sg17)?.state === 'cancelled' || undefined,
      'the obligations cancelled',
    );
    owed = await mineOf();
    expect(Object.fromEntries([...owed].map(([ref, o]) => [ref, [o.state, o.final]]))).toEqual({
      [refs.sg17]: ['cancelled', false],
      [refs.sg20]: ['cancelled', false],
      [refs.sg13]: ['cancelled', false],
      [refs.tsag1]: ['open', true],
      [refs.tsag2]: ['cancelled', false],
    });
    const cancelledEvents = await reporting
      .get(DataSource)
      .query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM reporting.outbox WHERE type = 'report.cancelled' AND envelope->>'groupId' = $1`,
        [s.group.id],
      );
    // Each cancellation once: this test's four, and those of the other body meetings still ahead.
    const pendingBefore = 4;
    expect(cancelledEvents[0].n).toBeGreaterThanOrEqual(pendingBefore);
    const perObligation = await reporting.get(DataSource).query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reporting.outbox WHERE type = 'report.cancelled' AND envelope->>'groupId' = $1
          GROUP BY envelope->'data'->'obligation'->>'id' HAVING count(*) > 1`,
      [s.group.id],
    );
    expect(perObligation).toEqual([]);
  });

  it('refuses bad input with the right problem and changes nothing', async () => {
    const s = await scene();
    const ref = reference('bad');
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ body: 'XYZ', firstDay: '2026-06-01', lastDay: '2026-06-02', place: 'Geneva' }, 400, /body/],
      [
        { body: 'SG17', firstDay: '2026-06-10', lastDay: '2026-06-02', place: 'Geneva' },
        400,
        /lastDay: must not be before firstDay/,
      ],
      [{ body: 'SG17', firstDay: '2026-02-30', lastDay: '2026-03-02', place: 'Geneva' }, 400, /firstDay/],
    ];
    for (const [body, status, detail] of cases) {
      const r = await put(ref, body);
      expect(r.status).toBe(status);
      expect(r.contentType).toMatch(/^application\/problem\+json/);
      expect((r.body as unknown as { detail: string }).detail).toMatch(detail);
    }
    expect(
      (await put(ref, { body: 'SG17', firstDay: '2026-06-01', lastDay: '2026-06-02', place: 'Geneva' }, s.convenorKey))
        .status,
    ).toBe(403);
    expect((await http.get(`/v1/body-meetings/${ref}`, s.participantKey)).status).toBe(404);
    const notReporting = await http.get(`/v1/groups/${s.group.id}/obligations?body=SG13`, s.participantKey);
    expect(notReporting.status).toBe(422);
    expect(notReporting.body).toMatchObject({ code: 'NOT_REPORTING_TO_BODY', reportsTo: ['SG17', 'SG20', 'TSAG'] });
  });

  it('serves the due dates as an iCalendar feed: all-day events, stable UIDs, SEQUENCE raised on a move', async () => {
    const s = await scene();
    const ref = reference('feed');
    await put(ref, { body: 'SG17', firstDay: '2026-11-16', lastDay: '2026-11-25', place: 'Geneva' });
    const feed = async () => {
      const r = await http.get<string>(`/v1/calendar/groups/${s.group.id}/deadlines.ics`, s.participantKey);
      expect(r.contentType).toMatch(/^text\/calendar/);
      return Object.values(ical.sync.parseICS(r.text))
        .filter((c): c is ical.VEvent => c?.type === 'VEVENT')
        .map((e) => ({ ...e, text: typeof e.description === 'string' ? e.description : '' }));
    };
    const [before] = (await feed()).filter((e) => e.text.includes(ref));
    expect(before.datetype).toBe('date');
    expect(before.text).toContain('Due 2026-10-16 at 23:59:59 Geneva time (2026-10-16T21:59:59.000Z)');
    await put(ref, { body: 'SG17', firstDay: '2026-11-23', lastDay: '2026-11-30', place: 'Geneva' });
    const [after] = (await feed()).filter((e) => e.text.includes(ref));
    expect(after.uid).toBe(before.uid);
    expect(Number(after.sequence)).toBeGreaterThan(Number(before.sequence));
    expect(after.text).toContain('Due 2026-10-23');
  });
});
