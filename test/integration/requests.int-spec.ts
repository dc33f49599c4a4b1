import { Client } from 'pg';
import type { Meeting } from '@jcg/contracts';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { Http, createKey, type HttpResult } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { TestSystem } from '../support/test-system';

const DAY = 24 * 3600_000;
const START = Math.ceil(Date.now() / 3600_000) * 3600_000 + 20 * DAY;
const proposal = (title: string) => ({
  title,
  startsAt: new Date(START).toISOString(),
  endsAt: new Date(START + 3600_000).toISOString(),
});

/**
 * Requests are claimed, not raced: a handler never runs after its caller was told 503 "not
 * done", and a caller retrying with the same Idempotency-Key never makes a second meeting.
 * Handlers are slowed by a real lock on the meetings table held from another connection.
 */
describe('requests under time pressure (claims, outcomes, Idempotency-Key)', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let locker: Client;

  beforeAll(async () => {
    env = await createTestEnvironment('requests');
    system = new TestSystem(env);
    locker = new Client({ connectionString: env.databaseUrl });
    await locker.connect();
  });

  afterAll(async () => {
    await locker.end().catch(() => undefined);
    await system.stopAll();
    await env.cleanup();
  });

  afterEach(async () => {
    await locker.query('ROLLBACK').catch(() => undefined);
    await system.stopAll();
  });

  async function countTitled(title: string): Promise<number> {
    const { rows } = await locker.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM meetings.meetings WHERE title = $1',
      [title],
    );
    return rows[0].n;
  }

  const propose = (http: Http, groupId: string, key: string, title: string, idempotencyKey: string) =>
    http.call<Meeting & { code?: string }>('POST', `/v1/groups/${groupId}/meetings`, {
      key,
      body: proposal(title),
      headers: { 'idempotency-key': idempotencyKey },
    });

  it('a handler still running when time runs out: 503 OUTCOME_UNKNOWN, the key stays taken, a retry gets the one meeting', async () => {
    const membership = await system.start('membership');
    await system.start('meetings');
    await system.start('agenda');
    const http = Http.of(await system.start('api', { requestTimeoutMs: 1000, requestGraceMs: 500 }));
    const cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    const scene = await cast.scene();

    await locker.query('BEGIN');
    await locker.query('LOCK TABLE meetings.meetings IN ACCESS EXCLUSIVE MODE');
    const first = await propose(http, scene.group.id, scene.convenorKey, 'Slow', 'key-slow');
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    const meanwhile = await propose(http, scene.group.id, scene.convenorKey, 'Slow', 'key-slow');
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body).toMatchObject({ code: 'REQUEST_IN_PROGRESS' });
    await locker.query('COMMIT');

    const replay = await waitFor(async () => {
      const r = await propose(http, scene.group.id, scene.convenorKey, 'Slow', 'key-slow');
      return r.status === 201 ? r : undefined;
    }, 'the first answer to be kept');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await countTitled('Slow')).toBe(1);
    const again = await propose(http, scene.group.id, scene.convenorKey, 'Slow', 'key-slow');
    expect(again.body.id).toBe(replay.body.id);
    expect(await countTitled('Slow')).toBe(1);
  });

  it('requests that wait, start just before their deadline or run past it: "not done" is never done, a retry never doubles', async () => {
    const membership = await system.start('membership');
    // Two commands at a time: most requests wait in the queue, some past their caller's deadline.
    await system.start('meetings', { commandConcurrency: 2 });
    await system.start('agenda');
    const http = Http.of(await system.start('api', { requestTimeoutMs: 700, requestGraceMs: 300 }));
    const cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    const scene = await cast.scene();

    // The table is locked now and then, for up to 1.2 s: handlers stall, callers time out.
    let locking = true;
    const lockLoop = (async () => {
      while (locking) {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE meetings.meetings IN ACCESS EXCLUSIVE MODE');
        await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 1000));
        await locker.query('COMMIT');
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
      }
    })();
    const titles = Array.from({ length: 40 }, (_, i) => `Race ${i}`);
    const answers: { title: string; result: HttpResult<Meeting & { code?: string }> }[] = [];
    for (let wave = 0; wave < 4; wave++) {
      const batch = titles.slice(wave * 10, wave * 10 + 10);
      answers.push(
        ...(await Promise.all(
          batch.map(async (title) => ({
            title,
            result: await propose(http, scene.group.id, scene.convenorKey, title, `key-${title.replace(' ', '-')}`),
          })),
        )),
      );
    }
    locking = false;
    await lockLoop;
    // Let every handler that started finish.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const outcome = (r: HttpResult<Meeting & { code?: string }>) =>
      r.status === 201 ? 'created' : (r.body.code ?? String(r.status));
    const tally = answers.reduce<Record<string, number>>(
      (t, a) => ({ ...t, [outcome(a.result)]: (t[outcome(a.result)] ?? 0) + 1 }),
      {},
    );
    console.log(`claims race: ${JSON.stringify(tally)}`);
    for (const { title, result } of answers) {
      const n = await countTitled(title);
      if (result.status === 201) expect({ title, n }).toEqual({ title, n: 1 });
      else if (result.body.code === 'OUTCOME_UNKNOWN') expect({ title, n: n <= 1 }).toEqual({ title, n: true });
      else expect({ title, code: result.body.code, n }).toEqual({ title, code: result.body.code, n: 0 });
    }
    // The mix happened: some waited past their deadline, never to run.
    expect(tally.SERVICE_UNAVAILABLE ?? 0).toBeGreaterThan(0);

    // Every caller retries with its key until it has an answer: one meeting per title, never two.
    for (const { title } of answers) {
      const final = await waitFor(async () => {
        const r = await propose(http, scene.group.id, scene.convenorKey, title, `key-${title.replace(' ', '-')}`);
        return r.status === 409 ? undefined : r;
      }, `the final answer for ${title}`);
      expect(final.status).toBe(201);
      expect(await countTitled(title)).toBe(1);
    }
  });

  it('50 proposals at once complete with a pool of 10 connections per service', async () => {
    const membership = await system.start('membership', { poolSize: 10 });
    await system.start('meetings', { poolSize: 10 });
    await system.start('agenda', { poolSize: 10 });
    const http = Http.of(await system.start('api', { poolSize: 10, requestTimeoutMs: 20_000 }));
    const cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
    const scene = await cast.scene();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        http.call('POST', `/v1/groups/${scene.group.id}/meetings`, {
          key: scene.convenorKey,
          body: proposal(`Pool ${i}`),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 201));
    const { rows } = await locker.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM meetings.meetings WHERE title LIKE 'Pool %'`,
    );
    expect(rows[0].n).toBe(50);
  });
});
