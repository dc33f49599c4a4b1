import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { createTestEnvironment, type TestEnvironment } from '@jcg/testing';
import { BODY_LIMIT_BYTES } from '@jcg/platform';
import { MAX_JSON_DEPTH } from '../../libs/platform/src/http/json-depth';
import { Http, createKey, type HttpResult } from '../support/http';
import { TestSystem } from '../support/test-system';

const TSB_SECRET = 'whsec_' + Buffer.from('limits-inbound-secret-0123456789').toString('base64');

/** Standard Webhooks headers for a body, signed with TSB's secret (so only the limit can refuse it). */
function signed(body: string): Record<string, string> {
  const id = `evt_${Math.random().toString(36).slice(2)}`;
  const at = new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(TSB_SECRET).sign(id, at, body),
  };
}

/** `{"name": <value nested `depth` arrays deep>, ...}`: the object itself is one more level. */
const nestedName = (depth: number) =>
  `{"name":${'['.repeat(depth)}"x"${']'.repeat(depth)},"category":"academia","studyGroups":[]}`;

function expectProblem(result: HttpResult, status: number): void {
  expect(result.status).toBe(status);
  expect(result.contentType).toMatch(/^application\/problem\+json/);
  expect(result.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect((result.body as { detail?: string }).detail).toEqual(expect.any(String));
}

/**
 * Hostile sizes and shapes: a body over 1 MB is refused with 413, a body nested deeper than
 * 32 levels with 400, both as problem+json and before anything is stored; and every string and
 * list a write route takes has a maximum in its contract (read from the OpenAPI document).
 */
describe('limits on what a request may carry', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let membership: NestFastifyApplication;
  let api: NestFastifyApplication;
  let http: Http;
  let adminKey: string;

  beforeAll(async () => {
    env = await createTestEnvironment('limits');
    system = new TestSystem(env);
    membership = await system.start('membership');
    await system.start('notifications', { extra: { webhooks: { inboundSecrets: [TSB_SECRET] } } });
    api = await system.start('api');
    http = Http.of(api);
    adminKey = await createKey(membership, { kind: 'admin' });
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  const count = async (table: string) => {
    const [row] = await membership.get(DataSource).query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`);
    return Number(row.n);
  };

  describe('a body over 1 MB', () => {
    const huge = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES), category: 'academia', studyGroups: [] });

    it('is refused with 413 on a write route, and no organization is stored', async () => {
      const before = await count('membership.organizations');
      expectProblem(await http.call('POST', '/v1/organizations', { key: adminKey, rawBody: huge }), 413);
      expect(await count('membership.organizations')).toBe(before);
    });

    it('is refused with 413 when it comes in chunks with no Content-Length', async () => {
      const before = await count('membership.organizations');
      const chunks = [huge.slice(0, 600_000), huge.slice(600_000)];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(chunk));
        },
      });
      const response = await fetch(system.url(api, '/v1/organizations'), {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      });
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(await count('membership.organizations')).toBe(before);
    });

    it('is refused with 413 on the inbound webhook, signed or not, and nothing is received', async () => {
      const before = await count('notifications.webhook_inbound');
      const body = JSON.stringify({
        type: 'body-meeting.cancelled',
        timestamp: new Date().toISOString(),
        data: { reference: 'SG17-LIMITS', padding: 'x'.repeat(BODY_LIMIT_BYTES) },
      });
      expectProblem(await http.call('POST', '/v1/webhooks/tsb', { rawBody: body, headers: signed(body) }), 413);
      expectProblem(await http.call('POST', '/v1/webhooks/tsb', { rawBody: body }), 413);
      // Under the API's limit but over an inbound event's (256 KB): refused before the signature is checked.
      const medium = body.slice(0, 400_000) + '"}}';
      expectProblem(await http.call('POST', '/v1/webhooks/tsb', { rawBody: medium, headers: signed(medium) }), 413);
      expect(await count('notifications.webhook_inbound')).toBe(before);
    });

    it('leaves a body just under the limit to the route', async () => {
      const body = JSON.stringify({ name: 'Limits Org', category: 'academia', studyGroups: ['SG17'] });
      const padded = body.slice(0, -1) + ' '.repeat(BODY_LIMIT_BYTES - body.length - 1) + '}';
      expect(padded.length).toBe(BODY_LIMIT_BYTES - 1);
      const fine = await http.call('POST', '/v1/organizations', { key: adminKey, rawBody: padded });
      expect(fine.status).toBe(201);
    });
  });

  describe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, () => {
    it('is refused with a 400 problem on a write route, and nothing is stored', async () => {
      const before = await count('membership.organizations');
      const deep = await http.call('POST', '/v1/organizations', { key: adminKey, rawBody: nestedName(MAX_JSON_DEPTH) });
      expectProblem(deep, 400);
      expect(deep.body).toMatchObject({
        code: 'INVALID_REQUEST',
        detail: `body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      });
      // At the limit, the body reaches the route's validation, which names the field.
      const atLimit = await http.call('POST', '/v1/organizations', {
        key: adminKey,
        rawBody: nestedName(MAX_JSON_DEPTH - 1),
      });
      expectProblem(atLimit, 400);
      expect((atLimit.body as { detail: string }).detail).toMatch(/^body\.name: /);
      expect(await count('membership.organizations')).toBe(before);
    });

    it('is refused with 400, not a 500, however deep (a megabyte of brackets) and with an Idempotency-Key', async () => {
      const before = await count('membership.organizations');
      const depth = BODY_LIMIT_BYTES / 2 - 100;
      for (const headers of [{}, { 'idempotency-key': 'limits-deep-1' }] as Record<string, string>[]) {
        const result = await http.call('POST', '/v1/organizations', {
          key: adminKey,
          rawBody: '['.repeat(depth) + ']'.repeat(depth),
          headers,
        });
        expectProblem(result, 400);
        expect(result.body).toMatchObject({ code: 'INVALID_REQUEST' });
      }
      expect(await count('membership.organizations')).toBe(before);
    });

    it('is refused with a 400 problem on the inbound webhook, and nothing is received', async () => {
      const before = await count('notifications.webhook_inbound');
      const body = `{"type":"body-meeting.cancelled","timestamp":"${new Date().toISOString()}","data":${'['.repeat(100)}${']'.repeat(100)}}`;
      const result = await http.call('POST', '/v1/webhooks/tsb', { rawBody: body, headers: signed(body) });
      expectProblem(result, 400);
      expect(result.body).toMatchObject({ detail: `body: JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
      expect(await count('notifications.webhook_inbound')).toBe(before);
    });
  });

  describe('the contracts of the write routes', () => {
    type Schema = Record<string, unknown>;
    interface Document {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
      components: { schemas: Record<string, Schema> };
    }

    /** Formats zod checks with a fixed-length pattern. */
    const BOUNDED_FORMATS = new Set(['uuid', 'date', 'date-time']);
    /** An anchored pattern without `*`, `+` or `{n,}` matches strings of a bounded length. */
    const boundedPattern = (p: string) => /^\^.*\$$/.test(p) && !/(?<!\\)[*+]|\{\d+,\}/.test(p);

    /** Every string without a maximum length and every list without a maximum size, with where it is. */
    function unbounded(schema: unknown, at: string, document: Document, seen = new Set<string>()): string[] {
      if (typeof schema !== 'object' || schema === null) return [];
      const s = schema as Schema;
      if (typeof s.$ref === 'string') {
        const name = s.$ref.split('/').pop() ?? '';
        if (seen.has(name)) return [];
        return unbounded(document.components.schemas[name], at, document, new Set([...seen, name]));
      }
      const found: string[] = [];
      const types = ([] as unknown[]).concat(s.type ?? []);
      const bounded =
        s.maxLength !== undefined ||
        s.enum !== undefined ||
        s.const !== undefined ||
        BOUNDED_FORMATS.has(s.format as string) ||
        (typeof s.pattern === 'string' && boundedPattern(s.pattern));
      if (types.includes('string') && !bounded) found.push(`${at}: a string with no maxLength`);
      if (types.includes('array') && s.maxItems === undefined) found.push(`${at}: a list with no maxItems`);
      if (typeof s.additionalProperties === 'object' && s.maxProperties === undefined)
        found.push(`${at}: a map with no maxProperties`);
      for (const key of ['items', 'additionalProperties', 'not'])
        found.push(...unbounded(s[key], `${at}.${key}`, document, seen));
      for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'])
        ((s[key] as unknown[] | undefined) ?? []).forEach((member, i) =>
          found.push(...unbounded(member, `${at}.${key}[${i}]`, document, seen)),
        );
      for (const [name, member] of Object.entries((s.properties as Schema | undefined) ?? {}))
        found.push(...unbounded(member, `${at}.${name}`, document, seen));
      return found;
    }

    it('bound every string and list a write route takes (titles, names, agenda items, register entries)', async () => {
      const document = (await http.get<Document>('/docs-json')).body;
      const bodies = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
          .map(([method, operation]) => ({
            route: `${method.toUpperCase()} ${path}`,
            schema: operation.requestBody?.content?.['application/json']?.schema,
          }))
          .filter((b) => b.schema !== undefined),
      );
      // The routes with the texts the issue names are among them (a check that reads nothing proves nothing).
      expect(bodies.map((b) => b.route)).toEqual(
        expect.arrayContaining([
          'POST /v1/groups/{groupId}/meetings',
          'PUT /v1/groups/{groupId}/meetings/{meetingId}/agenda',
          'POST /v1/groups/{groupId}/work-items',
          'POST /v1/groups/{groupId}/participants',
          'POST /v1/webhooks/tsb',
        ]),
      );
      expect(bodies.flatMap((b) => unbounded(b.schema, b.route, document))).toEqual([]);
    });

    it('refuse a string one character over its maximum, and a list one entry over its', async () => {
      const title = await http.post(
        '/v1/organizations',
        { name: 'x'.repeat(201), category: 'academia', studyGroups: [] },
        adminKey,
      );
      expectProblem(title, 400);
      expect(title.body).toMatchObject({ detail: expect.stringMatching(/^body\.name: /) });
      const sgs = Array.from({ length: 21 }, (_, i) => `SG${i + 1}`);
      const list = await http.post(
        '/v1/organizations',
        { name: 'Many SGs', category: 'academia', studyGroups: sgs },
        adminKey,
      );
      expectProblem(list, 400);
      expect(list.body).toMatchObject({ detail: expect.stringMatching(/^body\.studyGroups: /) });
    });
  });
});
