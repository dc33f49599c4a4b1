import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { FixedClock } from '@jcg/persistence';
import { createTestEnvironment, freePort, waitFor, type TestEnvironment } from '@jcg/testing';
import { MailSink } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

const NOW = new Date('2026-12-01T09:00:00Z');
const DAY = 24 * 3600_000;

describe('mail delivery when SMTP is down', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  const sink = new MailSink();

  beforeAll(async () => {
    env = await createTestEnvironment('retry');
    system = new TestSystem(env);
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  it('tries each message again with backoff, saying why it waits, and sends it once SMTP answers', async () => {
    const smtpPort = await freePort(); // nobody listens there yet
    const clock = new FixedClock(NOW);
    const membership = await system.start('membership');
    await system.start('meetings', { clock });
    await system.start('agenda', { clock });
    const notifications: NestFastifyApplication = await system.start('notifications', {
      extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, backoffMs: 200 } },
    });
    const http = Http.of(await system.start('api'));
    const cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    const scene = await cast.scene();
    const g = scene.group.id;
    const start = NOW.getTime() + 14 * DAY;
    const meeting = await cast.meeting(scene, 'Retry', start, {
      joinDetails: { url: 'https://meetings.example.int/j/r' },
    });
    await cast.draftAgenda(g, meeting.id);
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1`, [g])
        )[0].n === 2,
      'the roster',
    );
    expect((await http.post(`/v1/groups/${g}/meetings/${meeting.id}/announcement`, {}, scene.convenorKey)).status).toBe(
      200,
    );

    // The three messages fail and wait for their next try, saying why; none is dropped.
    const db = notifications.get(DataSource);
    const rows = () =>
      db.query<{ status: string; tries: number; last_error: string | null; not_before: Date | null }[]>(
        `SELECT status, tries, last_error, not_before FROM notifications.deliveries WHERE meeting_id = $1`,
        [meeting.id],
      );
    const waitingRows = await waitFor(async () => {
      const found = await rows();
      return found.length === 3 && found.every((r) => r.tries >= 2) ? found : undefined;
    }, 'every delivery to fail twice and wait for a retry');
    for (const row of waitingRows) {
      expect(['pending', 'queued']).toContain(row.status);
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    }

    // SMTP comes back: each message goes out once, at its next try.
    await sink.start({ smtp: smtpPort, http: 0 });
    await waitFor(() => sink.messages.length === 3 || undefined, 'the three messages', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(
      [scene.convenor.email, scene.group.mailingList, scene.participant.email].sort(),
    );
    const sent = await rows();
    expect(sent.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(sent.every((r) => r.last_error === null && r.not_before === null)).toBe(true);
  });
});
