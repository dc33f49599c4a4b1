import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { DeliveryPlanner } from '../../apps/notifications/src/deliveries/delivery-planner';
import { MailSink } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

const DAY = 24 * 3600_000;

/**
 * The mail pump, at the rows: messages claimed ahead of the SMTP pool still go out in their
 * streams' order, each once; a claim whose process stopped is taken again when its lease runs
 * out, never before; a newer decision leaves a message taken for sending alone and follows it.
 * The messages are copies of a real invite (rendered as any other), in streams of the test's own.
 */
describe('the mail pump', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let notifications: NestFastifyApplication;
  let db: DataSource;
  const sink = new MailSink();
  let template: { id: string; meeting_id: string };
  let http: Http;
  let scene: Awaited<ReturnType<MembershipCast['scene']>>;
  let meetingStart: number;

  beforeAll(async () => {
    env = await createTestEnvironment('mailpump');
    system = new TestSystem(env);
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const membership = await system.start('membership');
    await system.start('meetings');
    await system.start('agenda');
    notifications = await system.start('notifications', {
      extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` } },
    });
    db = notifications.get(DataSource);
    http = Http.of(await system.start('api'));
    const cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    scene = await cast.scene();
    meetingStart = Date.now() + 14 * DAY;
    const meeting = await cast.meeting(scene, 'Pump', meetingStart, {
      joinDetails: { url: 'https://meetings.example.int/j/p' },
    });
    await cast.draftAgenda(scene.group.id, meeting.id);
    await waitFor(
      async () =>
        (
          await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1`, [
            scene.group.id,
          ])
        )[0].n === 2,
      'the roster',
    );
    const announced = await http.post(
      `/v1/groups/${scene.group.id}/meetings/${meeting.id}/announcement`,
      {},
      scene.convenorKey,
    );
    expect(announced.status).toBe(200);
    [template] = await waitFor(async () => {
      const rows = await db.query<{ id: string; meeting_id: string }[]>(
        `SELECT id, meeting_id FROM notifications.deliveries WHERE meeting_id = $1 AND kind = 'invite' AND status = 'sent'`,
        [meeting.id],
      );
      return rows.length > 0 ? rows : undefined;
    }, 'the invite sent');
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  /** Copies of the invite, one per entry, in the order given (each later in `position`). */
  async function copies(
    entries: {
      key: string;
      stream: string;
      email: string;
      sequence: number;
      status?: 'pending' | 'queued';
      leaseSeconds?: number;
    }[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const e of entries) {
      const [row] = await db.query<{ id: string }[]>(
        `INSERT INTO notifications.deliveries
           (id, dedup_key, meeting_id, stream, kind, participant_id, recipient_name, recipient_email, recipient_time_zone,
            sequence, meeting_sequence, hold, payload, status, created_at, lease_until)
         SELECT gen_random_uuid(), $2, meeting_id, $3, kind, participant_id, recipient_name, $4, recipient_time_zone,
                $5, meeting_sequence, hold, payload, $6, now(),
                CASE WHEN $7::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $7::float8) END
           FROM notifications.deliveries WHERE id = $1
         RETURNING id`,
        [template.id, e.key, e.stream, e.email, e.sequence, e.status ?? 'pending', e.leaseSeconds ?? null],
      );
      ids.push(row.id);
    }
    return ids;
  }

  const arrivals = (id: string) => sink.messages.filter((m) => m.messageId?.includes(id));
  const indexOf = (id: string) => sink.messages.findIndex((m) => m.messageId?.includes(id));
  const statusOf = async (ids: string[]) =>
    (
      await db.query<{ id: string; status: string; attempt: number }[]>(
        `SELECT id, status, attempt FROM notifications.deliveries WHERE id = ANY($1::uuid[])`,
        [ids],
      )
    ).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));

  it('sends each stream in the order decided while many are claimed at once, every message once', async () => {
    // One stream of three, decided first, then 57 messages of streams of their own: one claim could take them all.
    const entries = Array.from({ length: 60 }, (_, i) =>
      i < 3
        ? { key: `order:${i}`, stream: 'test:ordered', email: 'ordered@example.org', sequence: i + 1 }
        : { key: `other:${i}`, stream: `test:other:${i}`, email: `other${i}@example.org`, sequence: 1 },
    );
    const ids = await copies(entries);
    await waitFor(() => ids.every((id) => arrivals(id).length > 0) || undefined, 'all 60 messages', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ids.map((id) => arrivals(id).length)).toEqual(ids.map(() => 1));
    const rows = await db.query<{ id: string; status: string; queued_at: Date; sent_at: Date }[]>(
      `SELECT id, status, queued_at, sent_at FROM notifications.deliveries WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['sent']));
    // Each message of the stream was claimed only once the one before it was sent, and arrived after it.
    const stream = ids.slice(0, 3).map((id) => rows.find((r) => r.id === id)!);
    for (const k of [1, 2]) {
      expect(stream[k].queued_at.getTime()).toBeGreaterThanOrEqual(stream[k - 1].sent_at.getTime());
      expect(indexOf(ids[k])).toBeGreaterThan(indexOf(ids[k - 1]));
    }
    expect(sink.messages[indexOf(ids[2])].raw).toMatch(/^SEQUENCE:3\r?$/m);
  });

  it('takes a message whose claim ran out (its process stopped) at once, and one under a live claim only when that runs out', async () => {
    const [stale, live] = await copies([
      {
        key: 'stale',
        stream: 'test:stale',
        email: 'stale@example.org',
        sequence: 1,
        status: 'queued',
        leaseSeconds: -1,
      },
      { key: 'live', stream: 'test:live', email: 'live@example.org', sequence: 1, status: 'queued', leaseSeconds: 600 },
    ]);
    await waitFor(() => arrivals(stale).length > 0 || undefined, 'the message of the stopped process', 5_000);
    // The other process may still be sending it: left alone while its lease lasts.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(arrivals(live)).toHaveLength(0);
    expect((await statusOf([live]))[0]).toMatchObject({ status: 'queued', attempt: 1 });
    await db.query(`UPDATE notifications.deliveries SET lease_until = now() WHERE id = $1`, [live]);
    await waitFor(() => arrivals(live).length > 0 || undefined, 'the message once its lease ran out', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([arrivals(stale).length, arrivals(live).length]).toEqual([1, 1]);
    expect(await statusOf([stale, live])).toEqual([
      expect.objectContaining({ status: 'sent', attempt: 2 }),
      expect.objectContaining({ status: 'sent', attempt: 2 }),
    ]);
  });

  it('a newer decision supersedes what is still to send, leaves what was taken for sending, and follows it', async () => {
    const stream = 'test:taken';
    const [taken, waiting] = await copies([
      { key: 'taken', stream, email: 'taken@example.org', sequence: 1, status: 'queued', leaseSeconds: 2 },
      { key: 'waiting', stream, email: 'taken@example.org', sequence: 2 },
    ]);
    await db.transaction((manager) =>
      notifications.get(DeliveryPlanner).supersedeUnsent(manager, template.meeting_id, [stream]),
    );
    expect((await statusOf([taken, waiting])).map((r) => r.status)).toEqual(['queued', 'superseded']);
    const [newer] = await copies([{ key: 'newer', stream, email: 'taken@example.org', sequence: 3 }]);
    await waitFor(() => arrivals(newer).length > 0 || undefined, 'the newer message', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([arrivals(taken).length, arrivals(waiting).length, arrivals(newer).length]).toEqual([1, 0, 1]);
    expect(indexOf(taken)).toBeLessThan(indexOf(newer));
  });

  it('a decision about a person counts the message taken for sending as theirs: the update follows the invite, never replaces it', async () => {
    // The participant's invite, as if another process were sending it now (taken, under a live lease).
    const stream = `calendar:${scene.participant.id}`;
    const [[invite]] = await db.query<[{ id: string; sequence: number }[], number]>(
      `UPDATE notifications.deliveries SET status = 'queued', lease_until = now() + interval '10 minutes', not_before = NULL
        WHERE meeting_id = $1 AND stream = $2 AND kind = 'invite' RETURNING id, sequence`,
      [template.meeting_id, stream],
    );
    expect(invite).toBeDefined();
    const moved = meetingStart + DAY;
    const answer = await http.call('PUT', `/v1/groups/${scene.group.id}/meetings/${template.meeting_id}/schedule`, {
      key: scene.convenorKey,
      body: { startsAt: new Date(moved).toISOString(), endsAt: new Date(moved + 3600_000).toISOString() },
    });
    expect(answer.status).toBe(200);
    const update = await waitFor(async () => {
      const [row] = await db.query<{ id: string; kind: string; sequence: number }[]>(
        `SELECT id, kind, sequence FROM notifications.deliveries WHERE meeting_id = $1 AND stream = $2 AND id <> $3`,
        [template.meeting_id, stream, invite.id],
      );
      return row;
    }, 'the decision about the move');
    expect(update.kind).toBe('update');
    expect(update.sequence).toBeGreaterThan(invite.sequence);
    expect((await statusOf([invite.id]))[0].status).toBe('queued');
    // The update waits for the invite: nothing goes while the other process holds it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(arrivals(update.id)).toHaveLength(0);
    // Its process stops: the invite goes out (again: the test made it look unsent), then the update, each once.
    const invitesBefore = arrivals(invite.id).length;
    await db.query(`UPDATE notifications.deliveries SET lease_until = now() WHERE id = $1`, [invite.id]);
    await waitFor(() => arrivals(update.id).length > 0 || undefined, 'the update', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(arrivals(update.id)).toHaveLength(1);
    expect(arrivals(invite.id)).toHaveLength(invitesBefore + 1);
    expect(sink.messages.findLastIndex((m) => m.messageId?.includes(invite.id))).toBeLessThan(indexOf(update.id));
  });
});
