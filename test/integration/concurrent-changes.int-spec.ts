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
const MEETINGS = 10;
const CLIENTS = 20;
const REQUESTS = 1000;
const at = (ms: number) => new Date(ms).toISOString();

function calendarOf(message: CapturedMessage): { method: string; sequence: number; start: string; uid: string } | null {
  const part = findPart(parseMime(message.raw), 'text/calendar');
  if (!part) return null;
  const text = textOf(part).replace(/\r\n[ \t]/g, '');
  const event = Object.values(ical.sync.parseICS(text)).find((c): c is ical.VEvent => c?.type === 'VEVENT')!;
  return {
    method: /^METHOD:(.*)$/m.exec(text)![1].trim(),
    sequence: Number(event.sequence),
    start: new Date(event.start).toISOString(),
    uid: event.uid,
  };
}

const utcTimes = (startsAt: string, endsAt: string) => {
  const hm = (iso: string) => iso.slice(11, 16);
  return `${hm(startsAt)}-${hm(endsAt)} UTC`;
};

/**
 * Twenty clients send a thousand announce, move and cancel requests at the same ten meetings at
 * once. Whatever each request's fate, the meetings end in consistent states (meetings, agenda and
 * notifications agree on each one), and every participant's last message about each meeting,
 * and the list's, matches the meeting's final state, with a SEQUENCE that only rose.
 */
describe('concurrent announce, move and cancel: the last message matches the final state', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let http: Http;
  let cast: MembershipCast;
  let notifications: NestFastifyApplication;
  let meetingsApp: NestFastifyApplication;
  let agendaApp: NestFastifyApplication;

  beforeAll(async () => {
    env = await createTestEnvironment('concurrent');
    system = new TestSystem(env);
    sink = new MailSink();
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const membership = await system.start('membership');
    meetingsApp = await system.start('meetings');
    agendaApp = await system.start('agenda');
    notifications = await system.start('notifications', {
      extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` } },
    });
    http = Http.of(await system.start('api', { requestTimeoutMs: 20_000 }));
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  it(`${CLIENTS} clients, ${REQUESTS} requests, ${MEETINGS} meetings`, async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    for (let i = 0; i < 3; i++) await cast.participant(g, scene.organization.id);
    const people = (
      await http.get<{ items: { email: string; status: string }[] }>(`/v1/groups/${g}/participants`, cast.adminKey)
    ).body.items
      .filter((p) => p.status === 'active')
      .map((p) => p.email);
    expect(people).toHaveLength(5);
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND status = 'active'`,
              [g],
            )
        )[0].n === 5,
      'the roster',
    );
    const base = Math.ceil(Date.now() / 3600_000) * 3600_000;
    const meetings: Meeting[] = [];
    for (let k = 0; k < MEETINGS; k++) {
      meetings.push(
        await cast.meeting(scene, `Concurrent ${k}`, base + (15 + k) * DAY, {
          joinDetails: { url: `https://meetings.example.int/j/c${k}` },
        }),
      );
    }

    const outcomes: Record<string, number> = {};
    const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
    let sent = 0;
    const client = async () => {
      while (sent < REQUESTS) {
        sent++;
        const k = Math.floor(Math.random() * MEETINGS);
        const path = `/v1/groups/${g}/meetings/${meetings[k].id}`;
        const roll = Math.random();
        // Only the first half of the meetings may be cancelled: the others stay to be moved to the end.
        const op = k < MEETINGS / 2 && roll < 0.04 ? 'cancel' : roll < 0.45 ? 'announce' : 'move';
        let status: number;
        if (op === 'cancel') status = (await http.post(`${path}/cancellation`, {}, scene.convenorKey)).status;
        else if (op === 'announce') status = (await http.post(`${path}/announcement`, {}, scene.convenorKey)).status;
        else {
          const start = base + (10 + Math.floor(Math.random() * 30)) * DAY + Math.floor(Math.random() * 24) * 3600_000;
          status = (
            await http.call('PUT', `${path}/schedule`, {
              key: scene.convenorKey,
              body: { startsAt: at(start), endsAt: at(start + 3600_000) },
            })
          ).status;
        }
        expect([200, 409, 422]).toContain(status);
        count(`${op} ${status}`);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    console.log(`concurrent changes: ${JSON.stringify(outcomes)}`);

    // Final states, as the owner knows them; agenda and notifications agree on each.
    const finals = await Promise.all(
      meetings.map(async (m) => (await http.get<Meeting>(`/v1/groups/${g}/meetings/${m.id}`, scene.convenorKey)).body),
    );
    expect(finals.filter((m) => m.state === 'announced').length).toBeGreaterThan(0);
    await waitFor(
      async () => {
        const pending = await notifications
          .get(DataSource)
          .query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM notifications.deliveries WHERE status IN ('pending', 'queued')`,
          );
        const copies = await notifications
          .get(DataSource)
          .query<{ id: string; version: number }[]>(
            'SELECT id, version FROM notifications.meeting_copies WHERE group_id = $1',
            [g],
          );
        const agendas = await agendaApp
          .get(DataSource)
          .query<{ meeting_id: string; meeting_version: number }[]>(
            'SELECT meeting_id, meeting_version FROM agenda.agendas WHERE group_id = $1',
            [g],
          );
        const copyOf = new Map(copies.map((c) => [c.id, c.version]));
        const agendaOf = new Map(agendas.map((a) => [a.meeting_id, a.meeting_version]));
        return (
          pending[0].n === 0 &&
          finals.every(
            (m) => agendaOf.get(m.id) === m.version && (m.state === 'agreed' || copyOf.get(m.id) === m.version),
          )
        );
      },
      'notifications and agenda to catch up, and the mail to be sent',
      120_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [stored] = await meetingsApp
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM meetings.meetings WHERE group_id = $1`, [g]);
    expect(stored.n).toBe(MEETINGS);

    let messages = 0;
    for (const meeting of finals) {
      const calendar = sink.messages
        .map((m) => ({ m, c: calendarOf(m) }))
        .filter(({ c }) => c?.uid === meeting.calendarUid);
      messages += calendar.length;
      for (const person of people) {
        const mine = calendar.filter(({ m }) => m.envelopeTo.includes(person)).map(({ c }) => c!);
        const where = { meeting: meeting.title, state: meeting.state, person };
        const sequences = mine.map((c) => c.sequence);
        expect({ ...where, sequences }).toEqual({ ...where, sequences: [...new Set(sequences)].sort((a, b) => a - b) });
        const last = mine.at(-1);
        if (meeting.state === 'announced') {
          expect({ ...where, last }).toEqual({
            ...where,
            last: { method: 'REQUEST', sequence: meeting.sequence, start: meeting.startsAt, uid: meeting.calendarUid },
          });
        } else if (meeting.state === 'cancelled' && last) {
          expect({ ...where, last: last.method, sequence: last.sequence }).toEqual({
            ...where,
            last: 'CANCEL',
            sequence: meeting.sequence,
          });
        } else if (meeting.state === 'agreed') {
          expect({ ...where, mine }).toEqual({ ...where, mine: [] });
        }
      }
      const toList = sink.messages.filter(
        (m) =>
          m.envelopeTo.includes(scene.group.mailingList) &&
          m.subject.includes(`${meeting.title},`) &&
          !m.subject.includes('agenda'),
      );
      messages += toList.length;
      const last = toList.at(-1);
      const where = { meeting: meeting.title, state: meeting.state };
      if (meeting.state === 'announced') {
        expect({ ...where, kind: /\] (Meeting announcement|Meeting moved):/.test(last?.subject ?? '') }).toEqual({
          ...where,
          kind: true,
        });
        expect({
          ...where,
          times:
            textOf(findPart(parseMime(last!.raw), 'text/plain')!).includes(`When: `) &&
            textOf(findPart(parseMime(last!.raw), 'text/plain')!).includes(utcTimes(meeting.startsAt, meeting.endsAt)),
        }).toEqual({
          ...where,
          times: true,
        });
      } else if (meeting.state === 'cancelled' && last) {
        expect({ ...where, subject: last.subject.includes('Meeting cancelled') }).toEqual({ ...where, subject: true });
      } else if (meeting.state === 'agreed') {
        expect({ ...where, toList: toList.length }).toEqual({ ...where, toList: 0 });
      }
    }
    console.log(
      `concurrent changes: final ${JSON.stringify(finals.map((m) => m.state))}; ${messages} messages checked`,
    );
  });
});
