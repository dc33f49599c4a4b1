import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import type { Participant } from '@jcg/contracts';
import { loadConfig } from '@jcg/platform';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MailSink } from '../../tools/mail-sink/mail-sink';
import { Http, createKey, type HttpResult } from '../support/http';
import { findPart, parseMime, textOf } from '../support/mime';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

const TSB_SECRET = 'whsec_' + Buffer.from('tsb-inbound-secret-for-rate-limits').toString('base64');

/** The limited API replicas' settings, read the way a deployment's are: from the environment. */
const LIMITED = loadConfig('api', {
  RATE_LIMIT_API_KEY: '5/1m',
  RATE_LIMIT_SESSION: '4/1m',
  RATE_LIMIT_SIGN_IN: '3/1m',
  RATE_LIMIT_INBOUND_WEBHOOK: '3/1m',
  RATE_LIMIT_FAILED_AUTH: '3/1m',
  // One proxy in front: the client address is the last X-Forwarded-For entry (lets the test be many clients).
  TRUSTED_PROXY_HOPS: '1',
});

/** Addresses as a trusted proxy would report them. */
let addressCounter = 0;
const freshAddress = () => `198.51.100.${++addressCounter}`;
const from = (address: string) => ({ 'x-forwarded-for': `10.9.9.9, ${address}` });

/**
 * Rate limits of the API, counted in Redis and so shared by its replicas: per API key, per
 * browser session, per client address for signing in and for TSB's inbound webhook. Over the
 * limit the answer is a 429 problem with Retry-After, and the request does nothing. Two replicas
 * run with small limits from the configuration; a third with the defaults sets the scene.
 */
describe('rate limits', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let setup: Http;
  let a: Http;
  let b: Http;
  let cast: MembershipCast;
  let notifications: NestFastifyApplication;
  let scene: Awaited<ReturnType<MembershipCast['scene']>>;

  beforeAll(async () => {
    env = await createTestEnvironment('rate-limits');
    system = new TestSystem(env);
    sink = new MailSink();
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const membership = await system.start('membership');
    await system.start('reporting');
    notifications = await system.start('notifications', {
      extra: {
        mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, publicUrl: 'http://127.0.0.1:3000' },
        webhooks: { inboundSecrets: [TSB_SECRET] },
      },
    });
    const limited = { rateLimits: LIMITED.rateLimits, trustedProxyHops: LIMITED.trustedProxyHops };
    [setup, a, b] = (
      await Promise.all([
        system.start('api', { instance: 'api-setup' }),
        system.start('api', { instance: 'api-a', extra: limited }),
        system.start('api', { instance: 'api-b', extra: limited }),
      ])
    ).map((app) => Http.of(app));
    cast = new MembershipCast(setup, await createKey(membership, { kind: 'admin' }));
    scene = await cast.scene();
  }, 60_000);

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  function expectRateLimited(answer: HttpResult, limit: string): void {
    expect(answer.status).toBe(429);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: 'Too many requests' });
    expect((answer.body as { detail: string }).detail).toContain(`At most ${limit}`);
    const retryAfter = answer.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect((answer.body as { retryAfterSeconds: number }).retryAfterSeconds).toBe(Number(retryAfter));
  }

  const statuses = (answers: HttpResult[]) => answers.map((r) => r.status);

  describe('per API key', () => {
    it('refuses the key over its limit, whichever replica it calls, while another key goes on', async () => {
      const key = await cast.key({ kind: 'participant', participantId: scene.participant.id });
      // 5 allowed in all, split over the two replicas: the count is theirs together.
      const allowed = [];
      for (const api of [a, b, a, b, a]) allowed.push(await api.get('/v1/session', key));
      expect(statuses(allowed)).toEqual([200, 200, 200, 200, 200]);
      for (const api of [b, a]) expectRateLimited(await api.get('/v1/session', key), '5 requests with one API key');

      // Another key (of the same participant, even) has its own count.
      const other = await cast.key({ kind: 'participant', participantId: scene.participant.id });
      expect((await a.get('/v1/session', other)).status).toBe(200);
      // A wrong secret with the limited key's id is not this key: refused as unknown, not as limited.
      const forged = key.slice(0, -4) + (key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await a.get('/v1/session', forged)).status).toBe(401);
    });

    it('changes nothing when a write is refused', async () => {
      const key = await cast.key({ kind: 'admin' });
      for (let i = 0; i < 5; i++) expect((await a.get('/v1/groups', key)).status).toBe(200);
      const name = `Refused Org ${randomUUID()}`;
      const refused = await a.call('POST', '/v1/organizations', {
        key,
        body: { name, category: 'sector-member', studyGroups: ['SG17'] },
      });
      expectRateLimited(refused, '5 requests with one API key');
      // The replica with the default limits lets the same key list them: no such organization.
      const listed = await setup.get<{ items: { name: string }[] }>('/v1/organizations', key);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((o) => o.name)).not.toContain(name);
    });
  });

  describe('per address, refused credentials', () => {
    it('refuses an address that keeps presenting unknown keys before membership is asked, while a known key and other addresses go on', async () => {
      const address = freshAddress();
      const key = await cast.key({ kind: 'participant', participantId: scene.participant.id });
      // Known to the API from here on (no membership change follows, so it stays known).
      expect((await a.call('GET', '/v1/session', { key, headers: from(address) })).status).toBe(200);
      const wrong = ['AAAA', 'BBBB', 'CCCC', 'DDDD', 'EEEE'].filter((end) => !key.endsWith(end));
      const guess = (i: number) => key.slice(0, -4) + wrong[i];
      const refused = [];
      for (let i = 0; i < 3; i++)
        refused.push(await [a, b][i % 2].call('GET', '/v1/session', { key: guess(i), headers: from(address) }));
      expect(statuses(refused)).toEqual([401, 401, 401]);
      // The fourth guess, on either replica, is not even asked of membership.
      expectRateLimited(
        await b.call('GET', '/v1/session', { key: guess(3), headers: from(address) }),
        '3 refused API keys or sessions from one address',
      );
      // A forged session cookie from there too.
      expectRateLimited(
        await a.call('GET', '/v1/session', {
          headers: { ...from(address), cookie: `jcg_session=${randomUUID()}.${'x'.repeat(43)}` },
        }),
        '3 refused API keys or sessions from one address',
      );
      // The key the API knows still works from there; another address's guess is only unknown.
      expect((await a.call('GET', '/v1/session', { key, headers: from(address) })).status).toBe(200);
      expect((await a.call('GET', '/v1/session', { key: guess(0), headers: from(freshAddress()) })).status).toBe(401);
      // Shaped like a key but its id is no UUID of ours: unknown (401), like any other wrong key.
      const notOurs = await a.call('GET', '/v1/session', {
        key: `jcg_0123456789abcdef0123456789abcdef_${'a'.repeat(43)}`,
        headers: from(freshAddress()),
      });
      expect([notOurs.status, notOurs.contentType]).toEqual([401, 'application/problem+json; charset=utf-8']);
    });
  });

  /** Asks for a link from `address` and takes it from the mail. */
  async function signInLink(person: Participant, address: string): Promise<string> {
    const before = sink.messages.length;
    expect(
      (await a.call('POST', '/v1/session/link', { body: { email: person.email }, headers: from(address) })).status,
    ).toBe(202);
    const mail = await waitFor(
      () => sink.messages.slice(before).find((m) => m.envelopeTo.includes(person.email.toLowerCase())),
      'the sign-in mail',
    );
    const token = /\/sign-in#token=([A-Za-z0-9_-]{43})/.exec(textOf(findPart(parseMime(mail.raw), 'text/plain')!))?.[1];
    if (!token) throw new Error('no sign-in token in the mail');
    return token;
  }

  async function signIn(person: Participant): Promise<{ cookie: string; csrf: string }> {
    const address = freshAddress();
    const token = await signInLink(person, address);
    const answer = await a.call<{ session: { csrfToken: string } }>('POST', '/v1/session', {
      body: { token },
      headers: from(address),
    });
    expect(answer.status).toBe(201);
    const cookie = /jcg_session=[^;]+/.exec(answer.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error('no session cookie');
    return { cookie, csrf: answer.body.session.csrfToken };
  }

  /** An active participant of the scene's group, known to notifications (so a link would be mailed). */
  async function someone(): Promise<Participant> {
    const person = await cast.participant(scene.group.id, scene.organization.id);
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<unknown[]>(`SELECT 1 FROM notifications.roster WHERE participant_id = $1 AND status = 'active'`, [
              person.id,
            ])
        ).length === 1,
      'the roster',
    );
    return person;
  }

  describe('per browser session', () => {
    it('refuses the session over its limit, and a refused sign-out leaves it open', async () => {
      const [first, second] = [await signIn(await someone()), await signIn(await someone())];
      const current = (api: Http, cookie: string) => api.call('GET', '/v1/session', { headers: { cookie } });
      const allowed = [];
      for (const api of [a, b, a, b]) allowed.push(await current(api, first.cookie));
      expect(statuses(allowed)).toEqual([200, 200, 200, 200]);
      const signOut = await b.call('POST', '/v1/session/sign-out', {
        body: {},
        headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
      });
      expectRateLimited(signOut, '4 requests in one browser session');
      // Another session has its own count.
      expect((await current(a, second.cookie)).status).toBe(200);
      // The replica with the default limits still knows the first session: the sign-out did nothing.
      expect((await current(setup, first.cookie)).status).toBe(200);
    });
  });

  describe('per address, signing in', () => {
    it('refuses the address over its limit whatever e-mail it names, mails nothing, and counts both steps', async () => {
      const limited = freshAddress();
      const person = await someone();
      const ask = (email: string, address = limited) =>
        a.call('POST', '/v1/session/link', { body: { email }, headers: from(address) });
      // Three different addresses (unknown ones: the answer is the same), then the real one.
      const allowed = [];
      for (const n of [1, 2, 3]) allowed.push(await ask(`nobody.${n}.${randomUUID()}@example.org`));
      expect(statuses(allowed)).toEqual([202, 202, 202]);
      const mailsBefore = sink.messages.length;
      expectRateLimited(await ask(person.email), '3 sign-in requests from one address');
      // Signing in with a token is the same budget (whether the token is good or not).
      const token = await signInLink(person, freshAddress());
      expectRateLimited(
        await b.call('POST', '/v1/session', { body: { token }, headers: from(limited) }),
        '3 sign-in requests from one address',
      );
      // From elsewhere the token still works: the refused sign-in did not use it up.
      const elsewhere = await a.call('POST', '/v1/session', { body: { token }, headers: from(freshAddress()) });
      expect(elsewhere.status).toBe(201);
      // Exactly one mail to the person since the refusal: the one asked from elsewhere (a mail for
      // the refused request, asked earlier, would have come before it; a moment more to be sure).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(
        sink.messages.slice(mailsBefore).filter((m) => m.envelopeTo.includes(person.email.toLowerCase())),
      ).toHaveLength(1);
    });
  });

  describe('per address, inbound webhook', () => {
    const post = (api: Http, body: string, headers: Record<string, string>) =>
      api.call<{ duplicate: boolean }>('POST', '/v1/webhooks/tsb', { rawBody: body, headers });
    const signed = () => {
      const id = `evt_${randomUUID()}`;
      const at = new Date();
      const body = JSON.stringify({
        type: 'body-meeting.scheduled',
        timestamp: at.toISOString(),
        data: {
          reference: `TSAG-${id.slice(-8)}`,
          meeting: { body: 'TSAG', firstDay: '2027-06-14', lastDay: '2027-06-18', place: 'Geneva' },
        },
      });
      const headers = {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(TSB_SECRET).sign(id, at, body),
      };
      return { id, body, headers };
    };
    const stored = async (id: string) =>
      (
        await notifications
          .get(DataSource)
          .query<unknown[]>('SELECT 1 FROM notifications.webhook_inbound WHERE webhook_id = $1', [id])
      ).length;

    it('refuses the address over its limit, signed or not, and stores nothing of the refused event', async () => {
      const limited = freshAddress();
      const forged = signed();
      const attempts = [];
      for (const api of [a, b, a]) {
        attempts.push(
          await post(api, forged.body, { ...forged.headers, 'webhook-signature': 'v1,AAAA', ...from(limited) }),
        );
      }
      expect(statuses(attempts)).toEqual([401, 401, 401]);
      const event = signed();
      expectRateLimited(
        await post(b, event.body, { ...event.headers, ...from(limited) }),
        '3 inbound webhook posts from one address',
      );
      expect(await stored(event.id)).toBe(0);
      // The same event from another address is taken: it was refused for its address alone.
      const taken = await post(a, event.body, { ...event.headers, ...from(freshAddress()) });
      expect([taken.status, taken.body.duplicate]).toEqual([200, false]);
      expect(await stored(event.id)).toBe(1);
    });
  });
});
