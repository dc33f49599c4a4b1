import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import type { ServiceName } from '@jcg/contracts';
import { createTestEnvironment, waitFor, WebhookReceiver, type TestEnvironment } from '@jcg/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MailSink } from '../../tools/mail-sink/mail-sink';
import { Http, createKey, type HttpResult } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { findPart, parseMime, textOf } from '../support/mime';
import { TestSystem } from '../support/test-system';

const SERVICES: ServiceName[] = ['membership', 'meetings', 'agenda', 'reporting', 'notifications', 'api'];
const TSB_SECRET = 'whsec_' + Buffer.from(`tsb-inbound-${randomUUID()}`).toString('base64');

/** Every value a key holds under the test's Redis prefix (BullMQ jobs with their data and return values, included). */
async function redisDump(redisUrl: string, prefix: string): Promise<string[]> {
  const redis = new Redis(redisUrl);
  const values: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        let value: unknown;
        if (type === 'string') value = await redis.getBuffer(key).then((b) => b?.toString('utf8'));
        else if (type === 'hash') value = await redis.hgetall(key);
        else if (type === 'list') value = await redis.lrange(key, 0, -1);
        else if (type === 'set') value = await redis.smembers(key);
        else if (type === 'zset') value = await redis.zrange(key, '0', '-1');
        else if (type === 'stream') value = await redis.xrange(key, '-', '+');
        values.push(`${key} ${JSON.stringify(value)}`);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return values;
}

const WEBHOOK_SECRETS = ['webhook secret', 'rotated webhook secret'];

const pick = <T>(record: Record<string, T>, names: string[]) =>
  Object.fromEntries(Object.entries(record).filter(([name]) => names.includes(name)));

/** Where each secret (in full, and the random part of a key or a webhook secret) is found. */
function leaksOf(secrets: Record<string, string>, places: Record<string, string[]>): string[] {
  const needles = Object.entries(secrets).flatMap(([name, value]) => {
    const parts = [[name, value]];
    const tail = /^(?:jcg_[0-9a-f]{32}_|whsec_)(.+)$/.exec(value)?.[1];
    if (tail) parts.push([`${name} (its secret part)`, tail]);
    return parts;
  });
  const leaks: string[] = [];
  for (const [place, texts] of Object.entries(places))
    for (const [name, value] of needles) {
      const found = texts.find((t) => t.includes(value));
      if (found) leaks.push(`${name} in ${place}: ${found.slice(0, 300)}`);
    }
  return leaks;
}

/**
 * Credentials never leak: every API key, session, sign-in link, feed token and webhook secret
 * issued along a realistic journey is looked for in every log line every service wrote (at
 * debug level), in every error answer, in every service's /metrics, and in every value in Redis
 * (queued, completed and failed jobs, replies, caches).
 */
describe('secrets never in a log line, an error, a metric or a queued job', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let receiver: WebhookReceiver;
  let http: Http;
  let notifications: NestFastifyApplication;
  const apps = new Map<ServiceName, NestFastifyApplication>();
  const logs: string[] = [];
  const errors: HttpResult[] = [];
  let journey: { secrets: Record<string, string>; places: Record<string, string[]> } | undefined;

  beforeAll(async () => {
    env = await createTestEnvironment('secrets');
    system = new TestSystem(env);
    sink = new MailSink();
    receiver = new WebhookReceiver();
    await receiver.start();
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const logging = { logLevel: 'debug', logs: { write: (line: string) => void logs.push(line) } };
    for (const service of SERVICES) {
      const extra =
        service === 'notifications'
          ? {
              mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, publicUrl: 'http://127.0.0.1:3000' },
              webhooks: { allowLoopback: true, retryScheduleMs: [0, 200], jitter: 0, inboundSecrets: [TSB_SECRET] },
            }
          : undefined;
      apps.set(service, await system.start(service, { ...logging, extra }));
    }
    notifications = apps.get('notifications')!;
    http = Http.of(apps.get('api')!);
  });

  afterAll(async () => {
    await system.stopAll();
    await receiver.stop();
    await sink.stop();
    await env.cleanup();
  });

  /** Keeps every answer that is an error, to look for secrets in it afterwards. */
  async function call<T>(
    method: string,
    path: string,
    options: Parameters<Http['call']>[2] = {},
    expected?: number,
  ): Promise<HttpResult<T>> {
    const result = await http.call<T>(method, path, options);
    if (result.status >= 400) errors.push(result);
    if (expected !== undefined && result.status !== expected) {
      throw new Error(`${method} ${path} answered ${result.status}: ${result.text}`);
    }
    return result;
  }

  it('runs keys, a sign-in, a session, a feed, webhook secrets and their rotation, and an inbound event without leaking one', async () => {
    const secrets: Record<string, string> = {};
    const adminKey = await createKey(apps.get('membership')!, { kind: 'admin' });
    secrets['admin key'] = adminKey;
    const cast = new MembershipCast(http, adminKey);
    const scene = await cast.scene();
    secrets['participant key'] = scene.participantKey;
    secrets['co-convenor key'] = scene.convenorKey;
    const tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });
    secrets['tsb key'] = tsbKey;
    const g = scene.group.id;
    const participantPath = `/v1/groups/${g}/participants/${scene.participant.id}`;

    // Keys in use, and a key revoked then presented again.
    expect((await call('GET', '/v1/me', { key: scene.participantKey }, 200)).status).toBe(200);
    const doomed = await call<{ apiKey: { id: string }; key: string }>(
      'POST',
      '/v1/api-keys',
      { key: adminKey, body: { label: 'doomed', owner: { kind: 'participant', participantId: scene.participant.id } } },
      201,
    );
    secrets['revoked key'] = doomed.body.key;
    await call('DELETE', `/v1/api-keys/${doomed.body.apiKey.id}`, { key: adminKey }, 200);
    expect((await call('GET', '/v1/me', { key: doomed.body.key })).status).toBe(401);

    // Failing requests: a well-formed key with a wrong secret, a key of no format, a forged cookie.
    const wrongSecret = scene.participantKey.slice(0, 37) + 'A'.repeat(43);
    secrets['presented wrong key'] = wrongSecret;
    expect((await call('GET', '/v1/me', { key: wrongSecret })).status).toBe(401);
    const garbage = `not-a-key-${randomUUID()}`;
    secrets['presented garbage key'] = garbage;
    expect((await call('GET', `/v1/groups/${g}`, { key: garbage })).status).toBe(401);
    const forgedCookie = `${randomUUID()}.${'B'.repeat(43)}`;
    secrets['forged session'] = forgedCookie;
    expect((await call('GET', '/v1/session', { headers: { cookie: `jcg_session=${forgedCookie}` } })).status).toBe(401);

    // Sign-in by e-mail link, then a session used for a read and a change.
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<unknown[]>(`SELECT 1 FROM notifications.roster WHERE participant_id = $1 AND status = 'active'`, [
              scene.participant.id,
            ])
        ).length === 1,
      'notifications to know the participant',
    );
    await call('POST', '/v1/session/link', { body: { email: scene.participant.email } }, 202);
    const mail = await waitFor(
      () => sink.messages.find((m) => m.envelopeTo.includes(scene.participant.email)),
      'the sign-in mail',
    );
    const token = /\/sign-in#token=([A-Za-z0-9_-]{43})/.exec(textOf(findPart(parseMime(mail.raw), 'text/plain')!))![1];
    secrets['sign-in token'] = token;
    const signedIn = await call<{ session: { csrfToken: string } }>('POST', '/v1/session', { body: { token } }, 201);
    const cookieValue = /jcg_session=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1];
    secrets['session cookie'] = cookieValue;
    secrets['session secret'] = cookieValue.split('.')[1];
    const session = { cookie: `jcg_session=${cookieValue}`, 'x-csrf-token': signedIn.body.session.csrfToken };
    expect((await call('POST', '/v1/session', { body: { token } })).status).toBe(401); // used once
    await call('GET', participantPath, { headers: { cookie: session.cookie } }, 200);
    await call('PATCH', participantPath, { headers: session, body: { timeZone: 'Asia/Tokyo' } }, 200);
    expect((await call('PATCH', participantPath, { headers: { cookie: session.cookie }, body: {} })).status).toBe(403);

    // A personal calendar feed: its token is in the URL, the credential.
    const feed = await call<{ url: string }>('POST', `${participantPath}/calendar-feed`, { key: adminKey }, 201);
    const feedToken = /\/v1\/calendar\/feeds\/([^/.]+)\.ics$/.exec(feed.body.url)![1];
    secrets['feed token'] = feedToken;
    expect((await call('GET', feed.body.url)).status).toBe(200);
    const replaced = await call<{ url: string }>(
      'POST',
      `${participantPath}/calendar-feed`,
      { headers: session, body: {} },
      201,
    );
    secrets['replaced feed token'] = /\/feeds\/([^/.]+)\.ics$/.exec(replaced.body.url)![1];
    expect((await call('GET', feed.body.url)).status).toBe(404);

    // A webhook endpoint, a delivery signed with its secret, a rotation, a delivery with both.
    const endpoint = await call<{ endpoint: { id: string }; secret: string }>(
      'POST',
      '/v1/webhooks/endpoints',
      { key: tsbKey, body: { url: receiver.url, eventTypes: ['group.registered'], contactEmail: 'tsb@itu.example' } },
      201,
    );
    secrets['webhook secret'] = endpoint.body.secret;
    const first = await cast.group();
    const delivered = await waitFor(() => receiver.received.find((r) => r.body.includes(first.id)), 'a delivery');
    const headersOf = (r: typeof delivered) => ({
      'webhook-id': r.id,
      'webhook-timestamp': r.timestamp,
      'webhook-signature': r.signature,
    });
    expect(() => new Webhook(endpoint.body.secret).verify(delivered.body, headersOf(delivered))).not.toThrow();
    const rotated = await call<{ secret: string }>(
      'POST',
      `/v1/webhooks/endpoints/${endpoint.body.endpoint.id}/rotate-secret`,
      { key: tsbKey, body: { overlapSeconds: 60 } },
      200,
    );
    secrets['rotated webhook secret'] = rotated.body.secret;
    const second = await cast.group();
    const both = await waitFor(() => receiver.received.find((r) => r.body.includes(second.id)), 'a delivery');
    expect(() => new Webhook(rotated.body.secret).verify(both.body, headersOf(both))).not.toThrow();

    // TSB's inbound event, signed with its secret; and a forged one.
    secrets['tsb inbound secret'] = TSB_SECRET;
    const at = new Date();
    const id = `evt_${randomUUID()}`;
    const body = JSON.stringify({
      type: 'body-meeting.scheduled',
      timestamp: at.toISOString(),
      data: {
        reference: `TSAG-${Date.now().toString(36)}`,
        meeting: { body: 'TSAG', firstDay: '2027-06-14', lastDay: '2027-06-18', place: 'Geneva' },
      },
    });
    const inboundHeaders = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(TSB_SECRET).sign(id, at, body),
    };
    await call('POST', '/v1/webhooks/tsb', { rawBody: body, headers: inboundHeaders }, 200);
    const forged = {
      ...inboundHeaders,
      'webhook-signature': inboundHeaders['webhook-signature'].replace(/.{4}$/, 'AAA='),
    };
    expect(
      (await call('POST', '/v1/webhooks/tsb', { rawBody: body.replace('TSAG-', 'TSAG-X'), headers: forged })).status,
    ).toBe(401);

    // Every place a secret could end up.
    const metrics: string[] = [];
    for (const service of SERVICES) {
      const answer = await fetch(system.url(apps.get(service)!, '/metrics'));
      expect(answer.status).toBe(200);
      metrics.push(await answer.text());
    }
    const redis = await redisDump(env.redisUrl, env.queuePrefix);
    // The places are not empty (the grep below can fail): logs at debug, errors, jobs with their data.
    expect(logs.length).toBeGreaterThan(100);
    expect(logs.some((l) => l.includes('"level":"debug"'))).toBe(true);
    expect(errors.length).toBeGreaterThanOrEqual(8);
    expect(redis.some((v) => v.includes('"data"'))).toBe(true);
    journey = {
      secrets,
      places: {
        'a log line': logs,
        'an error answer': errors.map((e) => `${e.status} ${e.text} ${JSON.stringify([...e.headers])}`),
        'a metric': metrics,
        'a value in Redis': redis,
      },
    };
    const leaks = leaksOf(secrets, journey.places);
    expect(leaks).toEqual([]);
  });

  // The commands that make a webhook secret (create-endpoint, rotate-secret) answer it sealed to
  // the API's one-off key (libs/contracts sealed-secret.ts): their replies, which stay in Redis a
  // while (the job's return value, the queue's event stream), hold it only encrypted.
  it('keeps no webhook secret in Redis, though the replies that carried them are there', () => {
    expect(journey).toBeDefined();
    const redis = pick(journey!.places, ['a value in Redis'])['a value in Redis'];
    expect(redis.some((value) => value.includes('sealedSecret'))).toBe(true);
    expect(leaksOf(pick(journey!.secrets, WEBHOOK_SECRETS), { 'a value in Redis': redis })).toEqual([]);
  });
});
