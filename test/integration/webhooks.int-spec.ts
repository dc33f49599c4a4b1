import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import type { Obligation, Participant, WebhookAttempt, WebhookEndpoint, WebhookMessage } from '@jcg/contracts';
import { createTestEnvironment, waitFor, WebhookReceiver, type TestEnvironment } from '@jcg/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MailSink } from '../../tools/mail-sink/mail-sink';
import { Http, createKey } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

/** The retry schedule, shortened: at once, then 300 ms, 600 ms and 900 ms later (no jitter). */
const SCHEDULE = [0, 300, 600, 900];
const TSB_SECRET = 'whsec_' + Buffer.from('tsb-inbound-secret-for-the-tests!').toString('base64');

interface Created {
  endpoint: WebhookEndpoint;
  secret: string;
}

/**
 * Webhooks for TSB (Standard Webhooks), through the public API with real local receivers:
 * signed deliveries verified by the standardwebhooks package, retries on the (shortened)
 * schedule, auto-disable and replay, isolation of a slow receiver, and TSB's inbound events.
 */
describe('webhooks for TSB', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let http: Http;
  let cast: MembershipCast;
  let tsbKey: string;
  let notifications: NestFastifyApplication;
  let reporting: NestFastifyApplication;
  const receivers: WebhookReceiver[] = [];
  let smtpPort: number;
  const startNotifications = () =>
    system.start('notifications', {
      extra: {
        mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` },
        webhooks: {
          allowLoopback: true,
          retryScheduleMs: SCHEDULE,
          jitter: 0,
          timeoutMs: 10_000,
          disableAfterMs: 1500,
          inboundSecrets: [TSB_SECRET],
        },
      },
    });

  beforeAll(async () => {
    env = await createTestEnvironment('webhooks');
    system = new TestSystem(env);
    sink = new MailSink();
    ({ smtpPort } = await sink.start({ smtp: 0, http: 0 }));
    const membership = await system.start('membership');
    reporting = await system.start('reporting');
    await system.start('meetings');
    await system.start('agenda');
    notifications = await startNotifications();
    http = Http.of(await system.start('api'));
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });
  });

  afterAll(async () => {
    await system.stopAll();
    await Promise.all(receivers.map((r) => r.stop()));
    await sink.stop();
    await env.cleanup();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    await r.start();
    receivers.push(r);
    return r;
  }

  async function register(url: string, extra: Record<string, unknown> = {}): Promise<Created> {
    const created = await http.post<Created>(
      '/v1/webhooks/endpoints',
      { url, eventTypes: ['group.registered'], contactEmail: 'tsb-integration@itu.example', ...extra },
      tsbKey,
    );
    if (created.status !== 201) throw new Error(`register endpoint: ${created.status} ${created.text}`);
    return created.body;
  }

  const remove = (endpointId: string) => http.call('DELETE', `/v1/webhooks/endpoints/${endpointId}`, { key: tsbKey });
  const messagesOf = async (endpointId: string) =>
    (await http.get<{ items: WebhookMessage[] }>(`/v1/webhooks/endpoints/${endpointId}/messages`, tsbKey)).body.items;
  const attemptsOf = async (endpointId: string, messageId: string) =>
    (
      await http.get<{ attempts: WebhookAttempt[]; body: string }>(
        `/v1/webhooks/endpoints/${endpointId}/messages/${messageId}`,
        tsbKey,
      )
    ).body.attempts;
  const headersOf = (r: WebhookReceiver['received'][number]) => ({
    'webhook-id': r.id,
    'webhook-timestamp': r.timestamp,
    'webhook-signature': r.signature,
  });

  describe('deliveries', () => {
    it('signs every delivery so standardwebhooks verifies it, before, during and after a secret rotation', async () => {
      const r = await receiver();
      const { endpoint, secret: first } = await register(r.url);
      expect(first).toMatch(/^whsec_/);
      // The secret is shown once: never in a listing or a read.
      expect(JSON.stringify((await http.get('/v1/webhooks/endpoints', tsbKey)).body)).not.toContain(first);

      const before = await cast.group();
      const one = await waitFor(() => r.received.find((m) => m.body.includes(before.id)), 'the first delivery');
      const payload = new Webhook(first).verify(one.body, headersOf(one)) as {
        type: string;
        timestamp: string;
        data: { id: string };
      };
      expect(payload).toMatchObject({ type: 'group.registered', data: { id: before.id } });
      expect(one.headers['content-type']).toBe('application/json');
      // A tampered body, or another secret, fails.
      expect(() => new Webhook(first).verify(one.body.replace(before.acronym, 'CG-EVIL'), headersOf(one))).toThrow();

      const rotated = await http.post<Created>(
        `/v1/webhooks/endpoints/${endpoint.id}/rotate-secret`,
        { overlapSeconds: 2 },
        tsbKey,
      );
      expect(rotated.status).toBe(200);
      const second = rotated.body.secret;
      expect(second).not.toBe(first);
      const during = await cast.group();
      const two = await waitFor(
        () => r.received.find((m) => m.body.includes(during.id)),
        'a delivery during the overlap',
      );
      expect(two.signature.split(' ')).toHaveLength(2);
      for (const secret of [first, second])
        expect(() => new Webhook(secret).verify(two.body, headersOf(two))).not.toThrow();

      await new Promise((resolve) => setTimeout(resolve, 2100));
      const after = await cast.group();
      const three = await waitFor(
        () => r.received.find((m) => m.body.includes(after.id)),
        'a delivery after the overlap',
      );
      expect(three.signature.split(' ')).toHaveLength(1);
      expect(() => new Webhook(second).verify(three.body, headersOf(three))).not.toThrow();
      expect(() => new Webhook(first).verify(three.body, headersOf(three))).toThrow();
      await remove(endpoint.id);
    });

    it('retries a receiver that answers 500 three times: four arrivals with one webhook-id, on the schedule', async () => {
      const r = await receiver();
      r.respond = ({ nth }) => ({ status: nth <= 3 ? 500 : 200 });
      const { endpoint, secret } = await register(r.url);
      const group = await cast.group();
      await waitFor(() => r.received.filter((m) => m.body.includes(group.id)).length >= 4, 'four arrivals');
      await new Promise((resolve) => setTimeout(resolve, SCHEDULE[3] + 300)); // no fifth
      const arrivals = r.received.filter((m) => m.body.includes(group.id));
      expect(arrivals.map((a) => a.status)).toEqual([500, 500, 500, 200]);
      expect(new Set(arrivals.map((a) => a.id)).size).toBe(1);
      expect(new Set(arrivals.map((a) => a.body)).size).toBe(1); // the same bytes every time
      for (const a of arrivals) expect(() => new Webhook(secret).verify(a.body, headersOf(a))).not.toThrow();
      // Each retry waited at least its scheduled delay after the failure before it.
      for (let i = 1; i < 4; i++) {
        expect(arrivals[i].arrivedAt - arrivals[i - 1].arrivedAt).toBeGreaterThanOrEqual(SCHEDULE[i] - 20);
      }
      const [message] = (await messagesOf(endpoint.id)).filter((m) => m.id === arrivals[0].id);
      expect(message).toMatchObject({ status: 'succeeded', attempts: 4, lastError: null });
      const attempts = await attemptsOf(endpoint.id, message.id);
      expect(attempts.map((a) => [a.number, a.outcome, a.statusCode])).toEqual([
        [1, 'failed', 500],
        [2, 'failed', 500],
        [3, 'failed', 500],
        [4, 'succeeded', 200],
      ]);
      expect(attempts[0].response).toBe('answered 500');
      await remove(endpoint.id);
    });

    it('honours Retry-After on a 503 when it asks for longer than the schedule', async () => {
      const r = await receiver();
      r.respond = ({ nth }) => (nth === 1 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 204 });
      const { endpoint } = await register(r.url);
      const group = await cast.group();
      await waitFor(() => r.received.filter((m) => m.body.includes(group.id)).length >= 2, 'the retry');
      const [a, b] = r.received.filter((m) => m.body.includes(group.id));
      expect(b.arrivedAt - a.arrivedAt).toBeGreaterThanOrEqual(1000 - 20);
      await remove(endpoint.id);
    });

    it('disables a receiver down for the whole schedule, logs every attempt, mails its contact, and a replay delivers what failed in order', async () => {
      const r = await receiver();
      let down = true;
      r.respond = () => ({ status: down ? 502 : 200 });
      const since = new Date().toISOString();
      const { endpoint } = await register(r.url, { contactEmail: 'tsb-ops@itu.example' });
      const groups: { id: string }[] = [];
      for (let i = 0; i < 3; i++) groups.push(await cast.group());
      const disabled = await waitFor(
        async () => {
          const e = (await http.get<WebhookEndpoint>(`/v1/webhooks/endpoints/${endpoint.id}`, tsbKey)).body;
          return !e.enabled && e;
        },
        'the endpoint to be disabled',
        20_000,
      );
      expect(disabled.disabledReason).toMatch(/every attempt failed/);
      const messages = await messagesOf(endpoint.id);
      expect(messages).toHaveLength(3);
      expect(messages.every((m) => m.status === 'failed')).toBe(true);
      // Every attempt is in the log, as the receiver saw it.
      let logged = 0;
      for (const m of messages) {
        const attempts = await attemptsOf(endpoint.id, m.id);
        expect(attempts.every((a) => a.outcome === 'failed' && a.statusCode === 502)).toBe(true);
        expect(attempts).toHaveLength(r.received.filter((x) => x.id === m.id).length);
        logged += attempts.length;
      }
      expect(logged).toBe(r.received.length);
      expect(r.received.filter((x) => x.id === messages[messages.length - 1].id)).toHaveLength(SCHEDULE.length);
      await waitFor(
        () => sink.messages.find((m) => m.envelopeTo.includes('tsb-ops@itu.example') && m.raw.includes(endpoint.id)),
        'the notice to the contact',
      );

      // Back up: nothing goes to a disabled endpoint on a replay until it is enabled again.
      down = false;
      const refused = await http.post(`/v1/webhooks/endpoints/${endpoint.id}/replay`, { since }, tsbKey);
      expect(refused.status).toBe(409);
      expect(
        (await http.call('PATCH', `/v1/webhooks/endpoints/${endpoint.id}`, { key: tsbKey, body: { enabled: true } }))
          .status,
      ).toBe(200);
      const seen = r.received.length;
      const replay = await http.post<{ replayed: number }>(
        `/v1/webhooks/endpoints/${endpoint.id}/replay`,
        { since },
        tsbKey,
      );
      expect(replay.body.replayed).toBe(3);
      await waitFor(() => r.received.length >= seen + 3, 'the replayed messages');
      const replayed = r.received.slice(seen);
      expect(replayed.map((m) => (JSON.parse(m.body) as { data: { id: string } }).data.id)).toEqual(
        groups.map((g) => g.id),
      );
      expect(replayed.every((m) => m.status === 200)).toBe(true);
      await waitFor(
        async () => (await messagesOf(endpoint.id)).every((m) => m.status === 'succeeded'),
        'all succeeded',
      );
      await remove(endpoint.id);
    });

    it('replays at once a message still waiting for its retry, once however many replays are asked at the same time', async () => {
      const r = await receiver();
      let down = true;
      r.respond = () => (down ? { status: 503, headers: { 'retry-after': '3600' } } : { status: 200 });
      const since = new Date().toISOString();
      const { endpoint } = await register(r.url);
      const group = await cast.group();
      const [message] = await waitFor(async () => {
        const items = (await messagesOf(endpoint.id)).filter((m) => m.attempts === 1 && m.lastError !== null);
        return items.length > 0 && items;
      }, 'the first failed attempt');
      expect(message.status).toBe('pending');
      expect(new Date(message.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now() + 3000_000); // an hour away
      down = false;
      const replays = await Promise.all([
        http.post<{ replayed: number }>(`/v1/webhooks/endpoints/${endpoint.id}/replay`, { since }, tsbKey),
        http.post<{ replayed: number }>(
          `/v1/webhooks/endpoints/${endpoint.id}/messages/${message.id}/replay`,
          {},
          tsbKey,
        ),
        http.post<{ replayed: number }>(`/v1/webhooks/endpoints/${endpoint.id}/replay`, { since }, tsbKey),
      ]);
      expect(replays.every((x) => x.status === 200)).toBe(true);
      await waitFor(async () => (await messagesOf(endpoint.id))[0].status === 'succeeded', 'the replayed message');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const arrivals = r.received.filter((m) => m.body.includes(group.id));
      expect(arrivals.map((a) => a.status)).toEqual([503, 200]);
      await remove(endpoint.id);
    });

    it('sends a message whose retry comes due with nothing but its row to say so (no timer per message), once', async () => {
      const r = await receiver();
      r.respond = () => ({ status: 503, headers: { 'retry-after': '3600' } }); // its retry an hour away
      const { endpoint } = await register(r.url);
      const group = await cast.group();
      const db = notifications.get(DataSource);
      const [message] = await waitFor(async () => {
        const items = await messagesOf(endpoint.id);
        return items.length > 0 && items[0].attempts >= 1 && items[0].nextAttemptAt !== null && items;
      }, 'a first attempt');
      // The message row is the whole plan: no timer stands for it.
      const [{ n }] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notifications.timers WHERE starts_with(key, 'webhook:') AND key LIKE $1`,
        [`%${message.id}%`],
      );
      expect(n).toBe(0);
      const seen = r.received.filter((m) => m.body.includes(group.id)).length;
      r.respond = () => ({ status: 200 });
      // Its retry comes due now, as if planned by another replica: this process set no wake-up for
      // that instant, so only the pump's poll can find it.
      await db.query(`UPDATE notifications.webhook_messages SET next_attempt_at = $2 WHERE id = $1`, [
        message.id,
        new Date(),
      ]);
      await waitFor(async () => (await messagesOf(endpoint.id))[0].status === 'succeeded', 'the message sent');
      await new Promise((resolve) => setTimeout(resolve, 700)); // another poll: nothing sent twice
      expect(r.received.filter((m) => m.body.includes(group.id)).length).toBe(seen + 1);
      const attempts = await attemptsOf(endpoint.id, message.id);
      expect(attempts.map((a) => [a.number, a.outcome, a.statusCode])).toEqual([
        [1, 'failed', 503],
        [2, 'succeeded', 200],
      ]);
      await remove(endpoint.id);
    });

    it('disables an endpoint at once on 410 Gone', async () => {
      const r = await receiver();
      r.respond = () => ({ status: 410 });
      const { endpoint } = await register(r.url);
      await cast.group();
      const e = await waitFor(async () => {
        const got = (await http.get<WebhookEndpoint>(`/v1/webhooks/endpoints/${endpoint.id}`, tsbKey)).body;
        return !got.enabled && got;
      }, 'the endpoint to be disabled');
      expect(e.disabledReason).toMatch(/410 Gone/);
      expect(r.received).toHaveLength(1);
      await remove(endpoint.id);
    });

    it('a receiver sleeping 9 s does not delay deliveries to another endpoint', async () => {
      const slow = await receiver();
      slow.respond = () => ({ status: 200, delayMs: 9000 });
      const fast = await receiver();
      const s = await register(slow.url);
      const f = await register(fast.url);
      const groups: { id: string }[] = [];
      for (let i = 0; i < 6; i++) groups.push(await cast.group());
      await waitFor(
        () => groups.every((g) => fast.received.some((m) => m.body.includes(g.id))),
        'every delivery to the fast receiver',
      );
      // All of them arrived while the slow receiver had not answered a single one.
      expect(slow.received.length).toBeGreaterThan(0);
      expect(slow.received.every((m) => m.answeredAt === null)).toBe(true);
      await remove(s.endpoint.id);
      await remove(f.endpoint.id);
    }, 30_000);

    it('sends at most four at once to an endpoint, holds four times four more claimed for its free slots, and a stop hands back those still waiting unsent', async () => {
      const r = await receiver();
      r.respond = () => ({ status: 200, delayMs: 1500 });
      const { endpoint } = await register(r.url);
      // Its own connection: the service's goes with it when it stops.
      const db = new Client({ connectionString: env.databaseUrl });
      await db.connect();
      const sendingAttempts = async () =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM notifications.webhook_attempts a
               JOIN notifications.webhook_messages m ON m.id = a.message_id
              WHERE m.endpoint_id = $1 AND a.outcome = 'sending'`,
            [endpoint.id],
          )
        ).rows[0].n;
      for (let i = 0; i < 24; i++) await cast.group();
      // Four requests out, sixteen more claimed and waiting for their slots (CLAIM_AHEAD = 4), four not claimed.
      await waitFor(
        async () => (r.received.length === 4 && (await sendingAttempts()) === 20) || undefined,
        'twenty claimed',
      );
      expect(r.received.every((m) => m.answeredAt === null)).toBe(true);

      // A stop lets the four out finish and gives the sixteen waiting back, unsent and not counted as attempts.
      await system.stop(notifications);
      expect(r.received).toHaveLength(4);
      expect(await sendingAttempts()).toBe(0);
      const { rows } = await db.query<{ status: string; attempts: number; leased: boolean }>(
        `SELECT status, attempts, sending_until IS NOT NULL AS leased FROM notifications.webhook_messages
          WHERE endpoint_id = $1 ORDER BY status, attempts`,
        [endpoint.id],
      );
      expect(rows).toEqual([
        ...Array.from({ length: 20 }, () => ({ status: 'pending', attempts: 0, leased: false })),
        ...Array.from({ length: 4 }, () => ({ status: 'succeeded', attempts: 1, leased: false })),
      ]);

      notifications = await startNotifications();
      await waitFor(
        () => r.received.filter((m) => m.answeredAt !== null).length >= 24 || undefined,
        'all twenty-four',
        20_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(new Set(r.received.map((m) => m.id)).size).toBe(24);
      expect(r.received).toHaveLength(24);
      // Never more than four at once at the receiver.
      const most = Math.max(
        ...r.received.map(
          (m) =>
            r.received.filter((o) => o.arrivedAt <= m.arrivedAt && (o.answeredAt ?? Infinity) > m.arrivedAt).length,
        ),
      );
      expect(most).toBe(4);
      const messages = await messagesOf(endpoint.id);
      expect(messages.map((m) => [m.status, m.attempts])).toEqual(Array.from({ length: 24 }, () => ['succeeded', 1]));
      await db.end();
      await remove(endpoint.id);
    }, 40_000);

    it("sends a group's events only to the endpoints of that group (and those of no group)", async () => {
      const r = await receiver();
      const scene = await cast.scene();
      const other = await cast.scene();
      const { endpoint } = await register(r.url, { eventTypes: ['participant.joined'], groupId: scene.group.id });
      const mine = await cast.participant(scene.group.id, scene.organization.id);
      const theirs = await cast.participant(other.group.id, other.organization.id);
      await waitFor(() => r.received.some((m) => m.body.includes(mine.id)), 'the group participant');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(r.received.some((m) => m.body.includes(theirs.id))).toBe(false);
      await remove(endpoint.id);
    });
  });

  describe('endpoints', () => {
    it('refuses URLs that are not https or that reach private, link-local or metadata addresses, and unknown event types', async () => {
      for (const url of [
        'http://example.org/hook',
        'https://10.1.2.3/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://[fd00::1]/hook',
        'https://user:pw@example.org/hook',
        'ftp://example.org/hook',
      ]) {
        const refused = await http.post('/v1/webhooks/endpoints', { url, contactEmail: 'a@b.example' }, tsbKey);
        expect([url, refused.status, refused.contentType]).toEqual([
          url,
          422,
          'application/problem+json; charset=utf-8',
        ]);
      }
      const unknown = await http.post(
        '/v1/webhooks/endpoints',
        { url: 'http://127.0.0.1:9/hook', eventTypes: ['meeting.exploded'], contactEmail: 'a@b.example' },
        tsbKey,
      );
      expect(unknown.status).toBe(422);
      expect(unknown.text).toContain('meeting.exploded');
      const none = await http.post('/v1/webhooks/endpoints', { url: 'http://127.0.0.1:9/hook' }, tsbKey);
      expect(none.status).toBe(400);
      expect((await http.get<{ items: unknown[] }>('/v1/webhooks/endpoints', tsbKey)).body.items).toHaveLength(0);
    });

    it('lists the event catalogue with a schema and an example of each type', async () => {
      const catalogue = await http.get<{ items: { type: string; example: { type: string } }[] }>(
        '/v1/webhooks/event-types',
        tsbKey,
      );
      expect(catalogue.status).toBe(200);
      const types = catalogue.body.items.map((i) => i.type);
      expect(types).toEqual(
        expect.arrayContaining(['meeting.announced', 'agenda.revised', 'participant.suspended', 'report.submitted']),
      );
      for (const item of catalogue.body.items) expect(item.example.type).toBe(item.type);
    });
  });

  describe('inbound events from TSB', () => {
    const post = (body: string, headers: Record<string, string>) =>
      http.call<{ duplicate: boolean; webhookId: string }>('POST', '/v1/webhooks/tsb', { rawBody: body, headers });
    const signed = (type: string, data: unknown, id = `evt_${randomUUID()}`, at = new Date()) => {
      const body = JSON.stringify({ type, timestamp: at.toISOString(), data });
      return {
        id,
        body,
        headers: {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(TSB_SECRET).sign(id, at, body),
        },
      };
    };
    const inboundRows = async (id: string) =>
      (
        await notifications
          .get(DataSource)
          .query<unknown[]>('SELECT * FROM notifications.webhook_inbound WHERE webhook_id = $1', [id])
      ).length;

    it('takes a body-meeting.scheduled once though posted three times (two at once), and the group owes its report', async () => {
      const scene = await cast.scene();
      await waitFor(
        async () =>
          (
            await reporting
              .get(DataSource)
              .query<{ n: number }[]>('SELECT count(*)::int AS n FROM reporting.known_groups WHERE id = $1', [
                scene.group.id,
              ])
          )[0].n === 1,
        'reporting to know the group',
      );
      const reference = `TSAG-${Date.now().toString(36)}`;
      const event = signed('body-meeting.scheduled', {
        reference,
        meeting: { body: 'TSAG', firstDay: '2027-06-14', lastDay: '2027-06-18', place: 'Geneva' },
      });
      const first = await post(event.body, event.headers);
      expect([first.status, first.body.duplicate]).toEqual([200, false]);
      const again = await Promise.all([post(event.body, event.headers), post(event.body, event.headers)]);
      expect(again.map((a) => [a.status, a.body.duplicate])).toEqual([
        [200, true],
        [200, true],
      ]);
      const obligations = (
        await http.get<{ items: Obligation[] }>(`/v1/groups/${scene.group.id}/obligations?scope=all`, tsbKey)
      ).body.items;
      expect(obligations.filter((o) => o.bodyMeeting.reference === reference)).toHaveLength(1);
      expect(await inboundRows(event.id)).toBe(1);
    });

    it('applies events about the same thing in the order of their timestamp, whatever their arrival', async () => {
      const reference = `TSAG-order-${Date.now().toString(36)}`;
      const meeting = (firstDay: string, lastDay: string) => ({
        reference,
        meeting: { body: 'TSAG', firstDay, lastDay, place: 'Geneva' },
      });
      const now = Date.now();
      const moved = signed('body-meeting.moved', meeting('2027-10-11', '2027-10-15'), undefined, new Date(now - 1000));
      const late = signed(
        'body-meeting.scheduled',
        meeting('2027-09-13', '2027-09-17'),
        undefined,
        new Date(now - 60_000),
      );
      const applied = await post(moved.body, moved.headers);
      expect(applied.body).toMatchObject({ outcome: 'applied', duplicate: false });
      const stale = await post(late.body, late.headers);
      expect([stale.status, (stale.body as unknown as { outcome: string }).outcome]).toEqual([200, 'stale']);
      const stored = await http.get<{ firstDay: string }>(`/v1/body-meetings/${reference}`, tsbKey);
      expect(stored.body.firstDay).toBe('2027-10-11');
      // The stale one is taken too: posted again, it is a duplicate.
      expect((await post(late.body, late.headers)).body).toMatchObject({ outcome: 'duplicate', duplicate: true });
    });

    it('lists what TSB may send, with the schema of each and an example that is accepted', async () => {
      const listed = await http.get<{ items: { type: string; example: { type: string; data: unknown } }[] }>(
        '/v1/webhooks/tsb/event-types',
        tsbKey,
      );
      expect(listed.body.items.map((i) => i.type)).toEqual([
        'body-meeting.scheduled',
        'body-meeting.moved',
        'body-meeting.cancelled',
        'meeting.room-provisioned',
        'organization.participation-changed',
        'report.acknowledged',
      ]);
      const example = listed.body.items[0].example;
      const event = signed(example.type, example.data);
      expect((await post(event.body, event.headers)).status).toBe(200);
    });

    it('refuses a bad signature, a stale timestamp and a body outside the contract, storing nothing', async () => {
      const reference = `TSAG-bad-${Date.now().toString(36)}`;
      const data = {
        reference,
        meeting: { body: 'TSAG', firstDay: '2027-09-13', lastDay: '2027-09-17', place: 'Geneva' },
      };
      const forged = signed('body-meeting.scheduled', data);
      const wrongKey = new Webhook('whsec_' + Buffer.from('not-the-tsb-secret-at-all-12345').toString('base64'));
      const bad = await post(forged.body, {
        ...forged.headers,
        'webhook-signature': wrongKey.sign(forged.id, new Date(), forged.body),
      });
      expect([bad.status, bad.contentType]).toEqual([401, 'application/problem+json; charset=utf-8']);
      const tampered = await post(forged.body.replace('Geneva', 'Genève'), forged.headers);
      expect(tampered.status).toBe(401);
      const stale = signed('body-meeting.scheduled', data, undefined, new Date(Date.now() - 6 * 60_000));
      const late = await post(stale.body, stale.headers);
      expect(late.status).toBe(401);
      expect(late.text).toContain('5 minutes');
      const invalid = signed('body-meeting.scheduled', { reference, meeting: { body: 'TSAG', firstDay: 'soon' } });
      const refused = await post(invalid.body, invalid.headers);
      expect([refused.status, refused.contentType]).toEqual([400, 'application/problem+json; charset=utf-8']);
      const unknown = signed('meeting.exploded', {});
      expect((await post(unknown.body, unknown.headers)).status).toBe(400);
      for (const id of [forged.id, stale.id, invalid.id, unknown.id]) expect(await inboundRows(id)).toBe(0);
      expect((await http.get(`/v1/body-meetings/${reference}`, tsbKey)).status).toBe(404);
      // The same id with another body is not the same event.
      const ok = signed('body-meeting.scheduled', data);
      expect((await post(ok.body, ok.headers)).status).toBe(200);
      const reused = signed('body-meeting.cancelled', { reference }, ok.id);
      expect((await post(reused.body, reused.headers)).status).toBe(409);
    });

    it('fills the join details of a meeting (R5) and suspends participants when their organization leaves the study groups (R1)', async () => {
      const scene = await cast.scene();
      const meeting = await cast.meeting(scene, 'Room test', Date.now() + 30 * 24 * 3600_000);
      const room = signed('meeting.room-provisioned', {
        groupId: scene.group.id,
        meetingId: meeting.id,
        joinDetails: { url: 'https://itu.zoom.example/j/123456789', meetingNumber: '123 456 789' },
      });
      expect((await post(room.body, room.headers)).status).toBe(200);
      const provisioned = await http.get<{ joinDetails: { url: string } | null }>(
        `/v1/groups/${scene.group.id}/meetings/${meeting.id}`,
        scene.convenorKey,
      );
      expect(provisioned.body.joinDetails?.url).toBe('https://itu.zoom.example/j/123456789');

      const left = signed('organization.participation-changed', {
        organizationId: scene.organization.id,
        studyGroups: ['SG13'],
      });
      expect((await post(left.body, left.headers)).status).toBe(200);
      const participant = await http.get<Participant>(
        `/v1/groups/${scene.group.id}/participants/${scene.participant.id}`,
        tsbKey,
      );
      expect(participant.body.status).toBe('suspended');
    });
  });
});
