import * as ical from 'node-ical';
import { DataSource } from 'typeorm';
import type { Meeting } from '@jcg/contracts';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MailSink, type CapturedMessage } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { findPart, parseMime, textOf } from '../support/mime';
import { TestSystem } from '../support/test-system';

const DAY = 24 * 3600_000;
const at = (ms: number) => new Date(ms).toISOString();

function calendarOf(message: CapturedMessage): { method: string; sequence: number; start: string; uid: string } {
  const text = textOf(findPart(parseMime(message.raw), 'text/calendar')!).replace(/\r\n[ \t]/g, '');
  const event = Object.values(ical.sync.parseICS(text)).find((c): c is ical.VEvent => c?.type === 'VEVENT')!;
  return {
    method: /^METHOD:(.*)$/m.exec(text)![1].trim(),
    sequence: Number(event.sequence),
    start: new Date(event.start).toISOString(),
    uid: event.uid,
  };
}

/** The meeting flow as users run it through the public API, back to back, with no pauses. */
describe('the meeting flow on fresh data, without pauses', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let http: Http;
  let cast: MembershipCast;
  let notifications: NestFastifyApplication;
  let smtpPort: number;

  beforeAll(async () => {
    env = await createTestEnvironment('flow');
    system = new TestSystem(env);
    sink = new MailSink();
    smtpPort = (await sink.start({ smtp: 0, http: 0 })).smtpPort;
    const membership = await system.start('membership');
    await system.start('meetings');
    await system.start('agenda');
    notifications = await system.start('notifications', {
      extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` } },
    });
    http = Http.of(await system.start('api'));
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  it('R3 on fresh data: twenty times, two co-convenors appointed and a proposal at once is never agreed without the other', async () => {
    for (let i = 0; i < 20; i++) {
      const group = await cast.group();
      const organization = await cast.organization(['SG17', 'SG20']);
      await cast.admit(group.id, organization.id);
      const first = await cast.participant(group.id, organization.id);
      const second = await cast.participant(group.id, organization.id);
      const firstKey = await cast.key({ kind: 'participant', participantId: first.id });
      await cast.appoint(group.id, 'SG17', first.id);
      await cast.appoint(group.id, 'SG20', second.id);
      const proposed = await http.post<Meeting>(
        `/v1/groups/${group.id}/meetings`,
        { title: `Fresh ${i}`, startsAt: at(Date.now() + 20 * DAY), endsAt: at(Date.now() + 20 * DAY + 3600_000) },
        firstKey,
      );
      expect({
        i,
        status: proposed.status,
        state: proposed.body.state,
        concurredBy: proposed.body.concurredBy,
      }).toEqual({
        i,
        status: 201,
        state: 'proposed',
        concurredBy: [],
      });
    }
  });

  it('an agenda at once: twenty times, proposed and announced back to back, every announcement succeeds', async () => {
    const scene = await cast.scene();
    for (let i = 0; i < 20; i++) {
      const proposed = await http.post<Meeting>(
        `/v1/groups/${scene.group.id}/meetings`,
        {
          title: `Back to back ${i}`,
          startsAt: at(Date.now() + (20 + i) * DAY),
          endsAt: at(Date.now() + (20 + i) * DAY + 3600_000),
          joinDetails: { url: 'https://meetings.example.int/j/b2b' },
        },
        scene.convenorKey,
      );
      expect(proposed.status).toBe(201);
      const announced = await http.post<Meeting>(
        `/v1/groups/${scene.group.id}/meetings/${proposed.body.id}/announcement`,
        {},
        scene.convenorKey,
      );
      expect({ i, status: announced.status, text: announced.status === 200 ? '' : announced.text }).toEqual({
        i,
        status: 200,
        text: '',
      });
    }
  });

  it('whoever holds the meeting: suspended after the announcement they get a CANCEL and no later update; restored, the current invite', async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    const other = await cast.organization(['SG17']);
    await cast.admit(g, other.id);
    const sam = await cast.participant(g, other.id, 'Sam Suspended');
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND status = 'active'`,
              [g],
            )
        )[0].n === 3,
      'the roster',
    );
    const start = Math.ceil(Date.now() / 3600_000) * 3600_000 + 20 * DAY;
    const meeting = await cast.meeting(scene, 'Holders', start, {
      joinDetails: { url: 'https://meetings.example.int/j/h' },
    });
    expect((await http.post(`/v1/groups/${g}/meetings/${meeting.id}/announcement`, {}, scene.convenorKey)).status).toBe(
      200,
    );
    const samMail = () => sink.messages.filter((m) => m.envelopeTo.includes(sam.email)).map(calendarOf);
    await waitFor(() => samMail().length === 1 || undefined, "Sam's invite");

    // Sam's organization stops qualifying (R1): Sam's calendar loses the meeting.
    await http.call('PUT', `/v1/organizations/${other.id}/participation`, {
      key: cast.adminKey,
      body: { studyGroups: ['SG13'] },
    });
    await waitFor(() => samMail().length === 2 || undefined, "Sam's CANCEL");
    expect(samMail()[1]).toMatchObject({ method: 'CANCEL', uid: meeting.calendarUid, sequence: 1 });

    // Moved while Sam is suspended: the others are updated, Sam hears nothing.
    const moved = start + DAY;
    await http.call('PUT', `/v1/groups/${g}/meetings/${meeting.id}/schedule`, {
      key: scene.convenorKey,
      body: { startsAt: at(moved), endsAt: at(moved + 3600_000) },
    });
    await waitFor(
      () =>
        sink.messages.filter((m) => m.subject.includes('Updated invitation') && m.subject.includes('Holders'))
          .length === 2 || undefined,
      'the two updates',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(samMail()).toHaveLength(2);

    // Eligible again before the start: Sam gets the meeting as it is now, above the CANCEL's sequence.
    await http.call('PUT', `/v1/organizations/${other.id}/participation`, {
      key: cast.adminKey,
      body: { studyGroups: ['SG17'] },
    });
    await waitFor(() => samMail().length === 3 || undefined, "Sam's new invite");
    expect(samMail()[2]).toMatchObject({ method: 'REQUEST', uid: meeting.calendarUid, start: at(moved), sequence: 2 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(samMail().map((m) => m.sequence)).toEqual([0, 1, 2]);
  });

  it('suspended, restored and suspended again before any mail went out: nothing is lost, nothing doubled', async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    const other = await cast.organization(['SG17']);
    await cast.admit(g, other.id);
    const pat = await cast.participant(g, other.id, 'Pat Back And Forth');
    const active = async (n: number) =>
      waitFor(
        async () =>
          (
            await notifications
              .get(DataSource)
              .query<{ n: number }[]>(
                `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND status = 'active'`,
                [g],
              )
          )[0].n === n,
        `${n} active in the roster`,
      );
    await active(3);
    const meeting = await cast.meeting(
      scene,
      'Back and forth',
      Math.ceil(Date.now() / 3600_000) * 3600_000 + 21 * DAY,
      {
        joinDetails: { url: 'https://meetings.example.int/j/bf' },
      },
    );
    // The mail server is away: every decision stays unsent while Pat's organization goes back and forth.
    await sink.stopSmtp();
    try {
      expect(
        (await http.post(`/v1/groups/${g}/meetings/${meeting.id}/announcement`, {}, scene.convenorKey)).status,
      ).toBe(200);
      const participation = (studyGroups: string[]) =>
        http.call('PUT', `/v1/organizations/${other.id}/participation`, { key: cast.adminKey, body: { studyGroups } });
      await participation(['SG13']);
      await active(2);
      await participation(['SG17']);
      await active(3);
      await participation(['SG13']);
      await active(2);
      await participation(['SG17']);
      await active(3);
    } finally {
      await sink.startSmtp(smtpPort);
    }
    const patMail = () => sink.messages.filter((m) => m.envelopeTo.includes(pat.email));
    await waitFor(() => patMail().length >= 1 || undefined, "Pat's invite", 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // Pat never held the meeting while suspended: one invite, at the meeting's sequence; no CANCEL.
    expect(patMail().map(calendarOf)).toEqual([
      { method: 'REQUEST', uid: meeting.calendarUid, sequence: 0, start: meeting.startsAt },
    ]);
  });
});
