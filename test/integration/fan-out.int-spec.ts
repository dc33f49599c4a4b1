import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { FixedClock } from '@jcg/persistence';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { MailSink } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

const NOW = new Date('2026-12-01T09:00:00Z');
const DAY = 24 * 3600_000;
const PARTICIPANTS = 2000;

describe('fan-out: one announcement and 2,000 invites, through a restart of notifications', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let smtpUrl: string;

  beforeAll(async () => {
    env = await createTestEnvironment('fanout');
    system = new TestSystem(env);
    sink = new MailSink();
    smtpUrl = `smtp://127.0.0.1:${(await sink.start({ smtp: 0, http: 0 })).smtpPort}`;
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  it('delivers each invite exactly once', async () => {
    const clock = new FixedClock(NOW);
    const membership = await system.start('membership');
    await system.start('meetings', { clock });
    await system.start('agenda', { clock });
    const startNotifications = (instance: string) =>
      system.start('notifications', { instance, extra: { mail: { smtpUrl } } });
    let notifications: NestFastifyApplication = await startNotifications('notifications-1');
    const http = Http.of(await system.start('api'));
    const cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    const scene = await cast.scene();
    const g = scene.group.id;

    const start = NOW.getTime() + 14 * DAY;
    const meeting = await cast.meeting(scene, 'Plenary', start, {
      joinDetails: { url: 'https://meetings.example.int/j/1' },
    });
    await cast.draftAgenda(g, meeting.id);
    const tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });

    // The scene's two people step out (their organization stops qualifying), so the 2,000 are all that is invited.
    await http.call('PUT', `/v1/organizations/${scene.organization.id}/participation`, {
      key: cast.adminKey,
      body: { studyGroups: ['SG13'] },
    });
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND status = 'suspended'`,
              [g],
            )
        )[0].n === 2,
      'the scene suspended in the roster',
    );
    // The 2,000: notifications' roster (kept from membership's events, tested elsewhere), filled in bulk.
    const ids = Array.from({ length: PARTICIPANTS }, () => uuidv7());
    await notifications.get(DataSource).query(
      `INSERT INTO notifications.roster (participant_id, group_id, name, email, time_zone, role, status, last_event_id)
       SELECT id, $1, 'Participant ' || n, 'p' || n || '@fanout.example.org', 'Europe/Zurich', 'participant', 'active', id
       FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [g, ids],
    );

    expect((await http.post(`/v1/groups/${g}/meetings/${meeting.id}/announcement`, {}, tsbKey)).status).toBe(200);

    // Restart notifications in the middle of the fan-out.
    await waitFor(() => sink.messages.length >= 300 || undefined, 'the fan-out to be under way', 60_000);
    await system.stop(notifications);
    const atRestart = sink.messages.length;
    expect(atRestart).toBeLessThan(PARTICIPANTS + 1);
    notifications = await startNotifications('notifications-2');

    await waitFor(() => sink.messages.length >= PARTICIPANTS + 1 || undefined, 'every message', 180_000);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // anything more would be a duplicate
    const invites = sink.messages.filter((m) => m.subject.includes('Invitation'));
    const announcements = sink.messages.filter((m) => m.subject.includes('Meeting announcement'));
    expect(announcements.map((m) => m.envelopeTo)).toEqual([[scene.group.mailingList]]);
    const byRecipient = new Map<string, number>();
    for (const m of invites)
      byRecipient.set(m.envelopeTo.join(','), (byRecipient.get(m.envelopeTo.join(',')) ?? 0) + 1);
    expect([...byRecipient].filter(([, n]) => n > 1)).toEqual([]);
    expect(invites.filter((m) => !m.envelopeTo[0].endsWith('@fanout.example.org')).map((m) => m.envelopeTo)).toEqual(
      [],
    );
    expect(invites).toHaveLength(PARTICIPANTS);
    expect(new Set(invites.map((m) => m.envelopeTo.join(','))).size).toBe(PARTICIPANTS);
    expect(sink.messages).toHaveLength(PARTICIPANTS + 1);
    const [sent] = await notifications
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notifications.deliveries WHERE status = 'sent'`);
    expect(sent.n).toBe(PARTICIPANTS + 1);
  });
});
