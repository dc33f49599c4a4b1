import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { parseApiKey } from '@jcg/contracts';
import {
  BullMqClient,
  QueueConnections,
  RemoteError,
  ReplyStore,
  redisOptionsFromUrl,
  type QueryMessage,
} from '@jcg/messaging';
import { createTestEnvironment, groupRegistration, waitFor, type TestEnvironment } from '@jcg/testing';
import { GroupsService } from '../../apps/membership/src/groups/groups.service';
import { Http, createKey } from '../support/http';
import { TestSystem, queriesAnswered } from '../support/test-system';

describe('queries on the light path, and the API key cache', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let redis: Redis;

  beforeAll(async () => {
    env = await createTestEnvironment('queries');
    system = new TestSystem(env);
    redis = new Redis(env.redisUrl);
  });

  afterEach(async () => {
    await system.stopAll();
  });

  afterAll(async () => {
    redis.disconnect();
    await env.cleanup();
  });

  it('answers 503 when no replica of the owner takes the query in time, and takes the query back', async () => {
    const api = await system.start('api', { requestTimeoutMs: 300 });
    const started = Date.now();
    const refusal = await api
      .get(BullMqClient)
      .request('membership.groups.list', {})
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RemoteError);
    expect((refusal as RemoteError).problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(3000);
    // Nobody will run it now: a replica starting later does not answer a caller long gone.
    expect(await redis.llen(`${env.queuePrefix}:queries:membership`)).toBe(0);
  });

  it('shares queries between replicas, each answered once to its caller', async () => {
    const a = await system.start('membership', { instance: 'membership-a' });
    const b = await system.start('membership', { instance: 'membership-b' });
    const api = await system.start('api');
    const client = api.get(BullMqClient);
    const group = await client.request('membership.groups.register', groupRegistration('Q-SHARE'));
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => client.request('membership.groups.get', { groupId: group.id })),
    );
    expect(answers.every((g) => g.id === group.id)).toBe(true);
    const byA = await queriesAnswered(system, a, 'membership.groups.get');
    const byB = await queriesAnswered(system, b, 'membership.groups.get');
    expect(byA + byB).toBe(200);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
  });

  it('does not run a query whose caller has stopped waiting', async () => {
    const membership = await system.start('membership');
    const list = jest.spyOn(membership.get(GroupsService), 'list');
    const replyTo = `${env.queuePrefix}:query-replies:test-${uuidv7()}`;
    const stale: QueryMessage = {
      id: uuidv7(),
      name: 'membership.groups.list',
      payload: {},
      replyTo,
      correlationId: 'stale',
      causationId: null,
      sender: 'api',
      sentAt: Date.now() - 10_000,
      budgetMs: 5000,
    };
    await redis.lpush(`${env.queuePrefix}:queries:membership`, JSON.stringify(stale));
    await waitFor(
      async () => (await redis.llen(`${env.queuePrefix}:queries:membership`)) === 0,
      'the query taken',
      5000,
    );
    const text = await (await fetch(system.url(membership, '/metrics'))).text();
    expect(text).toMatch(
      /jcg_jobs_processed_total\{queue="membership-queries",message="membership.groups.list",outcome="expired"/,
    );
    expect(list).not.toHaveBeenCalled();
    expect(await redis.llen(replyTo)).toBe(0);
  });

  it('keeps a confirmed key until membership changes anything, and refuses it at once once revoked', async () => {
    const membership = await system.start('membership');
    const api = await system.start('api');
    const http = Http.of(api);
    const key = await createKey(membership, { kind: 'admin' });
    const other = await createKey(membership, { kind: 'integrator', integrator: 'tsb' });

    for (let i = 0; i < 3; i++) expect((await http.call('GET', '/v1/groups', { key })).status).toBe(200);
    // Asked of membership once; the two requests after it were answered from the cache.
    expect(await queriesAnswered(system, membership, 'membership.api-keys.authenticate')).toBe(1);

    // Any membership command (here: revoking another key) moves its change mark: the next
    // request with the key is asked of membership again, then kept again.
    const markBefore = await redis.get(`${env.queuePrefix}:changes:membership`);
    expect((await http.call('DELETE', `/v1/api-keys/${parseApiKey(other)!.id}`, { key })).status).toBe(200);
    expect(await redis.get(`${env.queuePrefix}:changes:membership`)).not.toBe(markBefore);
    expect((await http.call('GET', '/v1/groups', { key })).status).toBe(200);
    expect((await http.call('GET', '/v1/groups', { key })).status).toBe(200);
    expect(await queriesAnswered(system, membership, 'membership.api-keys.authenticate')).toBe(2);
    expect((await http.call('GET', '/v1/groups', { key: other })).status).toBe(401);

    // Revoking the key itself: refused on its very next request.
    expect((await http.call('DELETE', `/v1/api-keys/${parseApiKey(key)!.id}`, { key })).status).toBe(200);
    const refused = await http.call('GET', '/v1/groups', { key });
    expect(refused.status).toBe(401);
    expect(refused.contentType).toContain('application/problem+json');
  });

  it("keeps a cacheable answer with the owner's mark read before asking: a change while the owner answers is not hidden", async () => {
    const api = await system.start('api'); // the API keeps copies of cacheable queries
    const client = api.get(BullMqClient);
    const list = `${env.queuePrefix}:queries:meetings`;
    const mark = `${env.queuePrefix}:changes:meetings`;
    const owner = new Redis(env.redisUrl);
    let answered = 0;
    /** A stand-in for meetings: it takes one query and answers it, moving its mark meanwhile if told to. */
    const serve = async (moveMark: boolean) => {
      const popped = await owner.brpop(list, 5);
      const message = JSON.parse(popped![1]) as QueryMessage;
      if (moveMark) await owner.set(mark, uuidv7());
      answered += 1;
      await owner.lpush(
        message.replyTo,
        JSON.stringify({ id: message.id, answer: { ok: true, value: { items: [] } } }),
      );
    };
    try {
      const groupId = uuidv7();
      const read = () => client.request('meetings.meetings.list', { groupId });
      // Changed while answering: the copy is kept with the mark from before, so the next read asks again.
      const first = read();
      await serve(true);
      expect(await first).toEqual({ items: [] });
      const second = read();
      await serve(false);
      expect(await second).toEqual({ items: [] });
      expect(answered).toBe(2);
      // Nothing changed since: the copy answers, and the owner is not asked.
      expect(await read()).toEqual({ items: [] });
      expect(answered).toBe(2);
      expect(await owner.llen(list)).toBe(0);
    } finally {
      owner.disconnect();
    }
  });

  it('moves the change mark of a service as it starts: one before it may have died between a commit and the move', async () => {
    const mark = `${env.queuePrefix}:changes:membership`;
    await redis.set(mark, 'before the start');
    await system.start('membership');
    expect(await redis.get(mark)).not.toBe('before the start');
  });

  it('sends a large command answer by reference, read once', async () => {
    const connections = new QueueConnections(redisOptionsFromUrl(env.redisUrl), env.queuePrefix);
    try {
      const producer = connections.producer();
      // The producer fails fast, with no offline queue: it must be connected first.
      await new Promise((resolve) => producer.once('ready', resolve));
      const store = new ReplyStore(producer, (id) => connections.key('reply', id));
      const big = { items: Array.from({ length: 2000 }, (_, i) => ({ i, text: 'x'.repeat(20) })) };
      const stored = await store.put('job-1', big);
      expect(stored).toEqual({ ref: `${env.queuePrefix}:reply:job-1` });
      expect(await store.take((stored as { ref: string }).ref)).toEqual(big);
      await expect(store.take((stored as { ref: string }).ref)).rejects.toThrow(/is gone/);
      expect(await store.put('job-2', { small: true })).toEqual({ value: { small: true } });
    } finally {
      await connections.close();
    }
  });
});
