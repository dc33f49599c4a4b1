import { Queue } from 'bullmq';
import * as ical from 'node-ical';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import type { Agenda, EventType, Meeting, Participant } from '@jcg/contracts';
import { eventQueueName, redisOptionsFromUrl } from '@jcg/messaging';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MailSink, type CapturedMessage } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { findPart, parseMime, textOf } from '../support/mime';
import { TestSystem } from '../support/test-system';

const DAY = 24 * 3600_000;
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

/** What a calendar client makes of one message: its METHOD, SEQUENCE and start, read with an independent parser. */
function calendarOf(message: CapturedMessage): { method: string; sequence: number; start: string; uid: string } | null {
  const part = findPart(parseMime(message.raw), 'text/calendar');
  if (!part) return null;
  const text = unfold(textOf(part));
  const event = Object.values(ical.sync.parseICS(text)).find((c): c is ical.VEvent => c?.type === 'VEVENT')!;
  return {
    method: /^METHOD:(.*)$/m.exec(text)![1].trim(),
    sequence: Number(event.sequence),
    start: new Date(event.start).toISOString(),
    uid: event.uid,
  };
}

/**
 * Consumers never trust arrival order: the meeting's events are put on notifications' queue in
 * the wrong order on purpose (each taken before the next is added), and each participant's last
 * message must still match the meeting's final state, with a SEQUENCE that only rises.
 */
describe('meeting events in any order: the mail follows the newest state', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let cast: MembershipCast;
  let notifications: NestFastifyApplication;
  let events: Queue;

  beforeAll(async () => {
    env = await createTestEnvironment('order');
    system = new TestSystem(env);
    sink = new MailSink();
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const membership = await system.start('membership');
    notifications = await system.start('notifications', {
      extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` } },
    });
    cast = new MembershipCast(Http.of(await system.start('api')), await createKey(membership, { kind: 'admin' }));
    events = new Queue(eventQueueName('notifications'), {
      connection: redisOptionsFromUrl(env.redisUrl),
      prefix: env.queuePrefix,
    });
  });

  afterAll(async () => {
    await events.close();
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  /** A group with three active participants, all known to notifications. */
  async function group(): Promise<{ groupId: string; list: string; people: Participant[] }> {
    const scene = await cast.scene();
    const third = await cast.participant(scene.group.id, scene.organization.id);
    const people = [scene.participant, scene.convenor, third];
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND status = 'active'`,
              [scene.group.id],
            )
        )[0].n === 3,
      'the roster',
    );
    return { groupId: scene.group.id, list: scene.group.mailingList, people };
  }

  function meetingOf(groupId: string, startsAt: number): Meeting {
    const id = uuidv7();
    return {
      id,
      groupId,
      title: 'Out of order',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3600_000).toISOString(),
      timeZone: 'Europe/Zurich',
      tool: 'mymeetings',
      joinDetails: { url: 'https://meetings.example.int/j/order' },
      state: 'announced',
      proposedBy: null,
      concurredBy: [],
      announcementDeadline: new Date(startsAt - 7 * DAY).toISOString(),
      announceAt: null,
      announcedAt: new Date().toISOString(),
      calendarUid: `${id}@meetings.jcg`,
      sequence: 0,
      version: 4,
      record: null,
    };
  }

  const agendaOf = (meeting: Meeting): Agenda => ({
    meetingId: meeting.id,
    groupId: meeting.groupId,
    label: 'draft',
    items: [{ title: 'Opening of the meeting', presenter: null, minutes: 5, documents: [] }],
    updatedAt: new Date().toISOString(),
  });

  /** Puts one event on notifications' queue and waits until it was handled. */
  async function deliver(type: EventType, groupId: string, data: unknown): Promise<void> {
    const envelope = {
      id: uuidv7(),
      type,
      occurredAt: new Date().toISOString(),
      groupId,
      correlationId: `order-${type}`,
      causationId: null,
      data,
    };
    await events.add(type, envelope, { jobId: envelope.id, attempts: 5, backoff: { type: 'fixed', delay: 50 } });
    await waitFor(async () => (await events.getJobState(envelope.id)) === 'completed' || undefined, `${type} handled`);
  }

  const announced = (m: Meeting) => ({ meeting: m, agenda: agendaOf(m) });
  const changed = (m: Meeting, previous: Meeting) => ({
    meeting: m,
    previousStartsAt: previous.startsAt,
    previousEndsAt: previous.endsAt,
  });

  /** Every message about the meeting, per recipient, in the order the SMTP server took them. */
  async function settledMail(
    meeting: Meeting,
    list: string,
    expected: number,
  ): Promise<Map<string, CapturedMessage[]>> {
    const about = () =>
      sink.messages.filter((m) => m.envelopeTo.includes(list) || calendarOf(m)?.uid === meeting.calendarUid);
    await waitFor(() => about().length >= expected || undefined, `${expected} messages`);
    await new Promise((resolve) => setTimeout(resolve, 800)); // anything more would be a mistake
    const mine = about();
    const byRecipient = new Map<string, CapturedMessage[]>();
    for (const m of mine)
      byRecipient.set(m.envelopeTo.join(','), [...(byRecipient.get(m.envelopeTo.join(',')) ?? []), m]);
    return byRecipient;
  }

  function expectRisingSequence(messages: CapturedMessage[]): void {
    const sequences = messages.map((m) => calendarOf(m)!.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
  }

  it('changed before announced: everyone is invited at the new time, and the list announced once at it', async () => {
    const { groupId, list, people } = await group();
    const first = meetingOf(groupId, Math.ceil(Date.now() / 3600_000) * 3600_000 + 20 * DAY);
    const moved: Meeting = {
      ...first,
      startsAt: new Date(Date.parse(first.startsAt) + DAY).toISOString(),
      endsAt: new Date(Date.parse(first.endsAt) + DAY).toISOString(),
      sequence: 1,
      version: 6,
    };
    await deliver('meeting.changed', groupId, changed(moved, first));
    await deliver('meeting.announced', groupId, announced(first));
    const mail = await settledMail(first, list, people.length + 1);
    for (const person of people) {
      const messages = mail.get(person.email) ?? [];
      expect(messages.length).toBeGreaterThan(0);
      expectRisingSequence(messages);
      expect(calendarOf(messages.at(-1)!)).toMatchObject({ method: 'REQUEST', start: moved.startsAt });
    }
    const toList = mail.get(list) ?? [];
    expect(toList).toHaveLength(1);
    expect(textOf(findPart(parseMime(toList[0].raw), 'text/plain')!)).toContain(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'UTC',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(moved.startsAt)),
    );
    expect(toList[0].subject).toContain('Meeting announcement');
  });

  it('cancelled before announced: nobody is invited to a cancelled meeting, the list hears nothing', async () => {
    const { groupId, list } = await group();
    const meeting = meetingOf(groupId, Math.ceil(Date.now() / 3600_000) * 3600_000 + 20 * DAY);
    const cancelled: Meeting = { ...meeting, state: 'cancelled', sequence: 1, version: 7 };
    await deliver('meeting.cancelled', groupId, cancelled);
    await deliver('meeting.announced', groupId, announced(meeting));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      sink.messages.filter((m) => m.envelopeTo.includes(list) || calendarOf(m)?.uid === meeting.calendarUid),
    ).toEqual([]);
    const [rows] = await notifications
      .get(DataSource)
      .query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notifications.deliveries WHERE meeting_id = $1 AND status <> 'superseded'`,
        [meeting.id],
      );
    expect(rows.n).toBe(0);
  });

  it('a late changed after cancelled: the CANCEL stays the last word, no update follows it', async () => {
    const { groupId, list, people } = await group();
    const meeting = meetingOf(groupId, Math.ceil(Date.now() / 3600_000) * 3600_000 + 20 * DAY);
    const moved: Meeting = {
      ...meeting,
      startsAt: new Date(Date.parse(meeting.startsAt) + DAY).toISOString(),
      endsAt: new Date(Date.parse(meeting.endsAt) + DAY).toISOString(),
      sequence: 1,
      version: 6,
    };
    const cancelled: Meeting = { ...moved, state: 'cancelled', sequence: 2, version: 8 };
    await deliver('meeting.announced', groupId, announced(meeting));
    await settledMail(meeting, list, people.length + 1);
    await deliver('meeting.cancelled', groupId, cancelled);
    await deliver('meeting.changed', groupId, changed(moved, meeting));
    const mail = await settledMail(meeting, list, 2 * (people.length + 1));
    for (const person of people) {
      const messages = mail.get(person.email) ?? [];
      expectRisingSequence(messages);
      expect(messages.map((m) => calendarOf(m)!.method)).toEqual(['REQUEST', 'CANCEL']);
      expect(calendarOf(messages[1])!.sequence).toBe(2);
    }
    expect((mail.get(list) ?? []).map((m) => m.subject.split(']')[1].split(':')[0].trim())).toEqual([
      'Meeting announcement',
      'Meeting cancelled',
    ]);
  });
});
