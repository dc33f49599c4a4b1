import { Redis } from 'ioredis';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { DAY, expectOncePerRecipient, fanOutScene, startDrillSystem, type DrillSystem } from './drill-system';

const PARTICIPANTS = 2000;

/** kill -9 of a service in the middle of its work: counted at the SMTP server. */
describe('drills: a service killed with SIGKILL', () => {
  let env: TestEnvironment;
  let system: DrillSystem | undefined;

  beforeEach(async () => {
    env = await createTestEnvironment('drillcrash');
  });

  afterEach(async () => {
    await system?.stop();
    system = undefined;
    await env.cleanup();
  });

  it('a. notifications killed during a 2,000-invite fan-out: every invite and the announcement arrive, the messages it held resume within 15 s', async () => {
    system = await startDrillSystem(env);
    const { sink, drill, http } = system;
    const { scene, meeting, tsbKey } = await fanOutScene(system, PARTICIPANTS, 'crash.example.org');
    const announced = await http.post(`/v1/groups/${scene.group.id}/meetings/${meeting.id}/announcement`, {}, tsbKey);
    expect(announced.status).toBe(200);

    await waitFor(() => sink.messages.length >= 300 || undefined, 'the fan-out under way', 120_000);
    await drill.kill('notifications');
    const atKill = sink.messages.length;
    // The messages claimed at the kill: `queued` under the leases of a process that is gone
    // (those out at the SMTP server among them; the rest were waiting their turn).
    const inFlight = (
      await system.db.query<{ recipient_email: string }>(
        `SELECT recipient_email FROM notifications.deliveries WHERE meeting_id = $1 AND status = 'queued'`,
        [meeting.id],
      )
    ).rows.map((r) => r.recipient_email);
    expect(inFlight.length).toBeGreaterThan(0);
    await drill.start('notifications');
    const restarted = Date.now();

    await waitFor(
      () => new Set(sink.messages.map((m) => m.envelopeTo.join(','))).size === PARTICIPANTS + 1 || undefined,
      'every recipient',
      180_000,
    );
    const done = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2000)); // anything more would be a duplicate
    const invites = sink.messages.filter((m) => m.subject.includes('Invitation'));
    const announcements = sink.messages.filter((m) => m.subject.includes('Meeting announcement'));
    const doubledInvites = expectOncePerRecipient(
      invites,
      Array.from({ length: PARTICIPANTS }, (_, i) => `p${i + 1}@crash.example.org`),
    );
    const doubledAnnouncements = expectOncePerRecipient(announcements, [scene.group.mailingList]);
    // A message twice only if SMTP took it and its result was not written at the kill: at most
    // the messages out at once (16: 8 being sent, and those sent whose result was being written).
    expect(doubledInvites + doubledAnnouncements).toBeLessThanOrEqual(16);
    expect(sink.messages).toHaveLength(PARTICIPANTS + 1 + doubledInvites + doubledAnnouncements);
    const [sent] = (
      await system.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notifications.deliveries WHERE meeting_id = $1 AND status = 'sent'`,
        [meeting.id],
      )
    ).rows;
    expect(sent.n).toBe(PARTICIPANTS + 1);
    // The messages claimed at the kill were taken again once their leases ran out (10 s after the last renewal).
    const resumed = Math.max(
      ...inFlight.map((to) =>
        Math.max(...sink.messages.filter((m) => m.envelopeTo.includes(to)).map((m) => Date.parse(m.receivedAt))),
      ),
    );
    expect(resumed - restarted).toBeLessThan(15_000);
    console.log(
      `drill a: killed at ${atKill} messages with ${inFlight.length} claimed; those arrived ${resumed - restarted} ms after the restart, all ${PARTICIPANTS + 1} after ${done - restarted} ms; sent twice: ${doubledInvites + doubledAnnouncements}`,
    );
  });

  it('b. meetings killed after an announcement committed and before its event was published: it goes out once after the restart', async () => {
    // The relay of meetings polls once a minute here, and is not woken by the commit: the event
    // waits in the outbox, committed.
    system = await startDrillSystem(env, {
      serviceEnv: { meetings: { OUTBOX_POLL_MS: '60000', RELAY_WAKE_ON_COMMIT: '0' } },
    });
    const { sink, drill, http, cast, db } = system;
    const scene = await cast.scene();
    const meeting = await cast.meeting(scene, 'Committed', Date.now() + 14 * DAY, {
      joinDetails: { url: 'https://meetings.example.int/j/b' },
    });
    const announced = await http.post(
      `/v1/groups/${scene.group.id}/meetings/${meeting.id}/announcement`,
      {},
      scene.convenorKey,
    );
    expect(announced.status).toBe(200);
    const pending = await db.query<{ id: string }>(
      `SELECT id FROM meetings.outbox WHERE type = 'meeting.announced' AND envelope->'data'->'meeting'->>'id' = $1 AND published_at IS NULL`,
      [meeting.id],
    );
    expect(pending.rows).toHaveLength(1);
    await drill.kill('meetings');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sink.messages).toEqual([]);

    await drill.start('meetings');
    const recipients = [scene.group.mailingList, scene.participant.email, scene.convenor.email];
    await waitFor(
      () => new Set(sink.messages.map((m) => m.envelopeTo.join(','))).size === recipients.length || undefined,
      'the announcement and the invites',
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(expectOncePerRecipient(sink.messages, recipients)).toBe(0);
    expect(sink.messages.filter((m) => m.subject.includes('Meeting announcement'))).toHaveLength(1);
  });
  it("c. meetings killed with 200 reads in flight: each is answered (200, or a 503 problem) within its budget, no query is left behind, the API's copy of the group's meetings still answers, and reads work again after the restart", async () => {
    system = await startDrillSystem(env);
    const { drill, http, cast } = system;
    const scene = await cast.scene();
    await cast.meeting(scene, 'Read under fire', Date.now() + 14 * DAY);
    // A query meetings must answer itself (the API keeps no copy of slot suggestions).
    const day = (n: number) => new Date(Date.now() + n * DAY).toISOString();
    const path = `/v1/groups/${scene.group.id}/meeting-slots?durationMinutes=60&from=${day(8)}&to=${day(15)}`;
    expect((await http.get(path, scene.participantKey)).status).toBe(200);
    const listPath = `/v1/groups/${scene.group.id}/meetings`;
    const listed = await http.get(listPath, scene.participantKey);
    expect(listed.status).toBe(200);

    const started = Date.now();
    const reads = Array.from({ length: 200 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 5)); // spread over a second
      const answer = await http.get<{ code?: string }>(path, scene.participantKey);
      return {
        status: answer.status,
        contentType: answer.contentType,
        code: answer.body.code,
        at: Date.now() - started,
      };
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await drill.kill('meetings');
    const answers = await Promise.all(reads);

    // Answered every one: read before the kill, or refused as unavailable (REQUEST_TIMEOUT_MS 5 s, and margin).
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    for (const refused of answers.filter((a) => a.status === 503)) {
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect(answers.some((a) => a.status === 503)).toBe(true);
    expect(Math.max(...answers.map((a) => a.at))).toBeLessThan(1000 + 5000 + 3000);
    // Nothing waits for a meetings that is gone: each unanswered query was taken back or ran out.
    const redis = new Redis(env.redisUrl);
    try {
      expect(await redis.llen(`${env.queuePrefix}:queries:meetings`)).toBe(0);
    } finally {
      redis.disconnect();
    }

    // Nothing can change the group's meetings while meetings is down: the API's copy answers.
    const fromCopy = await http.get(listPath, scene.participantKey);
    expect(fromCopy.status).toBe(200);
    expect(fromCopy.body).toEqual(listed.body);

    await drill.start('meetings');
    expect((await http.get(path, scene.participantKey)).status).toBe(200);
  });
});
