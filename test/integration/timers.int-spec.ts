import { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { QueueConnections, Timers, redisOptionsFromUrl, timerJobId, type DueTimer } from '@jcg/messaging';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestSystem } from '../support/test-system';

/**
 * Durable timers: a row first, a delayed job only as its trigger. Rescheduling raises the
 * generation (the old trigger finds nothing to do); a timer runs again after it fired once; a due
 * timer whose trigger Redis lost is queued again; a late timer says how late it is.
 */
describe('durable timers', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let app: NestFastifyApplication;
  let timers: Timers;
  let db: DataSource;
  const fired: { key: string; generation: number; lateMs: number; payload: unknown }[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('timers');
    system = new TestSystem(env);
    app = await system.start('reporting');
    timers = app.get(Timers);
    db = app.get(DataSource);
    timers.handle('test.echo', (timer: DueTimer) => {
      fired.push({ key: timer.key, generation: timer.generation, lateMs: timer.lateMs, payload: timer.payload });
      return Promise.resolve(`echoed ${JSON.stringify(timer.payload)}`);
    });
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  const schedule = (key: string, inMs: number, payload: unknown = {}) =>
    db.transaction((manager) =>
      timers.schedule(manager, { key, kind: 'test.echo', dueAt: new Date(Date.now() + inMs), payload }),
    );
  /** The SQL statements `work` sends, in a transaction of its own. */
  const statementsOf = async (work: (manager: EntityManager) => Promise<unknown>) => {
    const statements: string[] = [];
    await db.transaction(async (manager) => {
      const query = manager.query.bind(manager);
      manager.query = ((sql: string, parameters?: unknown[]) => {
        statements.push(sql);
        return query(sql, parameters);
      }) as typeof manager.query;
      await work(manager);
    });
    return statements;
  };
  const rowOf = async (key: string) =>
    (
      await db.query<{ status: string; generation: number; outcome: string | null }[]>(
        'SELECT status, generation, outcome FROM reporting.timers WHERE key = $1',
        [key],
      )
    )[0];

  it("settles a timer once: a handler's second settle of the same generation is told it was done", async () => {
    const answers: boolean[] = [];
    timers.handle('test.settle-twice', (timer: DueTimer) =>
      db.transaction(async (manager) => {
        answers.push(await timer.settle(manager, 'first'));
        answers.push(await timer.settle(manager, 'second'));
        return 'done';
      }),
    );
    await db.transaction((manager) =>
      timers.schedule(manager, { key: 'test:settle-twice', kind: 'test.settle-twice', dueAt: new Date(), payload: {} }),
    );
    await waitFor(async () => (await rowOf('test:settle-twice')).status === 'fired', 'the timer');
    expect(answers).toEqual([true, false]);
    expect((await rowOf('test:settle-twice')).outcome).toBe('first');
  });

  it('writes a timer only within a transaction', async () => {
    await expect(
      timers.schedule(db.manager, { key: 'test:outside', kind: 'test.echo', dueAt: new Date(), payload: {} }),
    ).rejects.toThrow(/written in the transaction/);
  });

  it('fires once at its time; moved before it fires, only the new one fires', async () => {
    await schedule('test:moved', 300, { v: 1 });
    await schedule('test:moved', 900, { v: 2 });
    const row = await waitFor(
      async () => ((await rowOf('test:moved')).status === 'fired' ? rowOf('test:moved') : undefined),
      'the timer',
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(fired.filter((f) => f.key === 'test:moved')).toEqual([
      { key: 'test:moved', generation: 2, lateMs: expect.any(Number), payload: { v: 2 } },
    ]);
    expect(row).toMatchObject({ generation: 2, outcome: 'echoed {"v":2}' });
  });

  it("moves the service's change mark once a timer fired: a copy of its state made before is not used again", async () => {
    const redis = app.get(QueueConnections).producer();
    const mark = `${env.queuePrefix}:changes:reporting`;
    const before = await redis.get(mark);
    await schedule('test:mark', 200);
    await waitFor(async () => (await redis.get(mark)) !== before || undefined, 'the mark to move');
    expect((await rowOf('test:mark')).status).toBe('fired');
  });

  it('runs again when scheduled again after it fired (a new generation, a new job id)', async () => {
    await schedule('test:again', 50, { n: 1 });
    await waitFor(async () => (await rowOf('test:again')).status === 'fired', 'the first run');
    await schedule('test:again', 50, { n: 2 });
    await waitFor(() => fired.filter((f) => f.key === 'test:again').length === 2 || undefined, 'the second run');
    expect(fired.filter((f) => f.key === 'test:again').map((f) => [f.generation, f.payload])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
    ]);
  });

  it('planned again for the same instant after it fired (a restart re-plans every meeting), it does not run again', async () => {
    const dueAt = new Date(Date.now() + 100);
    const plan = { key: 'test:planned-twice', kind: 'test.echo', dueAt, payload: { once: true } };
    await db.transaction((manager) => timers.schedule(manager, plan));
    await waitFor(async () => (await rowOf('test:planned-twice')).status === 'fired', 'the run');
    await db.transaction((manager) => timers.schedule(manager, plan));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(fired.filter((f) => f.key === 'test:planned-twice')).toHaveLength(1);
    expect(await rowOf('test:planned-twice')).toMatchObject({ status: 'fired', generation: 1 });
  });

  it('cancelled, it never fires', async () => {
    await schedule('test:cancelled', 300);
    await db.transaction((manager) => timers.cancel(manager, 'test:cancelled'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(fired.filter((f) => f.key === 'test:cancelled')).toEqual([]);
    expect((await rowOf('test:cancelled')).status).toBe('cancelled');
  });

  it('sync plans a subject in one statement: new ones added, moved ones moved, the same left alone, the rest under its prefix cancelled', async () => {
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    const plan = (key: string, dueAt: Date, payload: unknown = {}) => ({ key, kind: 'test.echo', dueAt, payload });
    const kept = at(60);
    const first = [plan('sync:a:kept', kept), plan('sync:a:moved', at(61)), plan('sync:a:dropped', at(62))];
    await db.transaction((manager) => timers.sync(manager, 'sync:a:', first));
    await schedule('sync:ab', 63_000); // a neighbour whose key starts like the prefix, without its separator
    await schedule('sync:b:other', 64_000); // another subject
    const statements = await statementsOf((manager) =>
      timers.sync(manager, 'sync:a:', [
        plan('sync:a:kept', kept),
        plan('sync:a:moved', at(90)),
        plan('sync:a:new', at(91), { n: 1 }),
      ]),
    );
    expect(statements).toHaveLength(1);
    const rows = await db.query<{ key: string; status: string; generation: number; due_at: Date; payload: unknown }[]>(
      "SELECT key, status, generation, due_at, payload FROM reporting.timers WHERE key LIKE 'sync:%' ORDER BY key",
    );
    expect(rows.map((r) => [r.key, r.status, r.generation])).toEqual([
      ['sync:a:dropped', 'cancelled', 2],
      ['sync:a:kept', 'scheduled', 1],
      ['sync:a:moved', 'scheduled', 2],
      ['sync:a:new', 'scheduled', 1],
      ['sync:ab', 'scheduled', 1],
      ['sync:b:other', 'scheduled', 1],
    ]);
    expect(rows.find((r) => r.key === 'sync:a:moved')!.due_at.getTime()).toBeGreaterThan(kept.getTime());
    expect(rows.find((r) => r.key === 'sync:a:new')!.payload).toEqual({ n: 1 });

    // Nothing wanted: every scheduled timer of the subject cancelled, nobody else's.
    await db.transaction((manager) => timers.sync(manager, 'sync:a:', []));
    const after = await db.query<{ key: string; status: string }[]>(
      "SELECT key, status FROM reporting.timers WHERE key LIKE 'sync:%' AND status = 'scheduled' ORDER BY key",
    );
    expect(after.map((r) => r.key)).toEqual(['sync:ab', 'sync:b:other']);
  });

  it('syncAll plans many subjects, of different prefix lengths, in one statement, and touches no other subject', async () => {
    const dueAt = new Date(Date.now() + 3_600_000);
    const plan = (key: string) => ({ key, kind: 'test.echo', dueAt, payload: {} });
    const subjects = ['many:1:', 'many:22:', 'many:333:'];
    await db.transaction((manager) =>
      timers.syncAll(
        manager,
        subjects.map((prefix) => ({ prefix, wanted: [plan(`${prefix}keep`), plan(`${prefix}drop`)] })),
      ),
    );
    await schedule('many:4444:other', 3_600_000);
    const statements = await statementsOf((manager) =>
      timers.syncAll(
        manager,
        subjects.map((prefix) => ({ prefix, wanted: [plan(`${prefix}keep`)] })),
      ),
    );
    expect(statements).toHaveLength(1);
    const rows = await db.query<{ key: string; status: string }[]>(
      "SELECT key, status FROM reporting.timers WHERE key LIKE 'many:%' ORDER BY key",
    );
    expect(rows.map((r) => `${r.key} ${r.status}`)).toEqual([
      'many:1:drop cancelled',
      'many:1:keep scheduled',
      'many:22:drop cancelled',
      'many:22:keep scheduled',
      'many:333:drop cancelled',
      'many:333:keep scheduled',
      'many:4444:other scheduled',
    ]);
  });

  it('sync refuses a plan outside its prefix, a key planned twice, and a plan outside a transaction, writing nothing', async () => {
    const plan = (key: string) => ({ key, kind: 'test.echo', dueAt: new Date(Date.now() + 3_600_000), payload: {} });
    await expect(db.transaction((m) => timers.sync(m, 'refuse:a:', [plan('refuse:b:x')]))).rejects.toThrow(
      /not under refuse:a:/,
    );
    await expect(
      db.transaction((m) => timers.sync(m, 'refuse:a:', [plan('refuse:a:x'), plan('refuse:a:x')])),
    ).rejects.toThrow(/planned twice/);
    await expect(timers.sync(db.manager, 'refuse:a:', [plan('refuse:a:x')])).rejects.toThrow(
      /written in the transaction/,
    );
    expect(await db.query("SELECT key FROM reporting.timers WHERE key LIKE 'refuse:%'")).toEqual([]);
  });

  it('gives a timer its delayed job only once it is due within the horizon: one a day ahead stays a row', async () => {
    await schedule('test:far', 24 * 3_600_000);
    await schedule('test:near', 60_000);
    const epochOf = async (key: string) =>
      (
        await db.query<{ enqueued_epoch: string | null }[]>(
          'SELECT enqueued_epoch FROM reporting.timers WHERE key = $1',
          [key],
        )
      )[0].enqueued_epoch;
    await waitFor(async () => (await epochOf('test:near')) ?? undefined, 'the near timer queued');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await epochOf('test:far')).toBeNull();
    const queue = new Queue('reporting-timers', {
      connection: redisOptionsFromUrl(env.redisUrl),
      prefix: env.queuePrefix,
    });
    try {
      expect(await queue.getJobState(timerJobId('test:near', 1))).toBe('delayed');
      expect(await queue.getJobState(timerJobId('test:far', 1))).toBe('unknown');
    } finally {
      await queue.close();
    }
  });

  it('a due timer whose trigger Redis lost is queued again by the reconciler, and says how late it ran', async () => {
    // Written and queued as any timer, then its job is lost (as with a Redis flush or a failed set cleaned up).
    await schedule('test:lost', 60_000);
    const queued = await waitFor(async () => {
      const [r] = await db.query<{ generation: number; enqueued_epoch: string | null }[]>(
        'SELECT generation, enqueued_epoch FROM reporting.timers WHERE key = $1',
        ['test:lost'],
      );
      return r.enqueued_epoch ? r : undefined;
    }, 'the trigger queued');
    const queue = new Queue('reporting-timers', {
      connection: redisOptionsFromUrl(env.redisUrl),
      prefix: env.queuePrefix,
    });
    try {
      await queue.remove(timerJobId('test:lost', queued.generation));
      expect(await queue.getJobState(timerJobId('test:lost', queued.generation))).toBe('unknown');
      // Its time comes (the row says so; there is no job to run it).
      await db.query(`UPDATE reporting.timers SET due_at = now() - interval '5 seconds' WHERE key = 'test:lost'`);
      await waitFor(async () => (await rowOf('test:lost')).status === 'fired', 'the lost timer to run');
      const run = fired.find((f) => f.key === 'test:lost')!;
      expect(run.lateMs).toBeGreaterThanOrEqual(5000);
      const metrics = await (await fetch(system.url(app, '/metrics'))).text();
      expect(metrics).toMatch(/^jcg_reconciled_total\{what="timer"[^}]*\} [1-9]/m);
    } finally {
      await queue.close();
    }
  });
});
