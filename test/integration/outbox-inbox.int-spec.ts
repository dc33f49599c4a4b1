import { Queue } from 'bullmq';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@jcg/contracts';
import { KnownGroupEntity } from '@jcg/group-directory';
import {
  BullMqClient,
  INBOX_BATCH,
  Inbox,
  currentContext,
  runInContext,
  type BatchEffects,
  Outbox,
  OutboxRelay,
  QueueConnections,
  eventQueueName,
  pruneMessagingTables,
  redisOptionsFromUrl,
} from '@jcg/messaging';
import { createTestEnvironment, groupRegistration, waitFor, type TestEnvironment } from '@jcg/testing';
import { TestSystem } from '../support/test-system';

const group = groupRegistration('CG-Outbox');
const { tor: _tor, ...groupFields } = group;
const registeredGroup = (id: string) => ({
  ...groupFields,
  id,
  status: 'active' as const,
  concurrenceRequired: true,
  currentTorVersion: 1,
});

describe('outbox and inbox', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let reportingEvents: Queue;

  beforeAll(async () => {
    env = await createTestEnvironment('outbox');
    system = new TestSystem(env);
    reportingEvents = new Queue(eventQueueName('reporting'), {
      connection: redisOptionsFromUrl(env.redisUrl),
      prefix: env.queuePrefix,
    });
  });

  afterEach(async () => {
    await system.stopAll();
  });

  afterAll(async () => {
    await reportingEvents.close();
    await env.cleanup();
  });

  async function outboxRows(
    dataSource: DataSource,
  ): Promise<{ id: string; type: string; published_at: Date | null; envelope: EventEnvelope }[]> {
    return dataSource.query('SELECT id, type, published_at, envelope FROM membership.outbox ORDER BY id');
  }

  it('never publishes an event written in a transaction that rolls back', async () => {
    const membership = await system.start('membership');
    const dataSource = membership.get(DataSource);
    const outbox = membership.get(Outbox);
    const relay = membership.get(OutboxRelay);
    await waitFor(
      async () => (await outboxRows(dataSource)).every((r) => r.published_at !== null) || undefined,
      'the seed event to be published',
    );
    const before = await outboxRows(dataSource);
    const jobsBefore = await reportingEvents.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed');

    let recorded: EventEnvelope | undefined;
    await expect(
      dataSource.transaction(async (manager) => {
        recorded = await outbox.record(
          manager,
          'group.registered',
          registeredGroup('0192f7a0-0000-7000-8000-00000000dead'),
          { groupId: null },
        );
        throw new Error('the state change failed after the event was written');
      }),
    ).rejects.toThrow('the state change failed');

    expect(recorded).toBeDefined();
    await relay.publishPending();
    expect(await outboxRows(dataSource)).toEqual(before);
    expect(await reportingEvents.getJob(recorded!.id)).toBeUndefined();
    expect(await reportingEvents.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed')).toBe(
      jobsBefore,
    );
  });

  it('refuses to write an event outside a transaction', async () => {
    const membership = await system.start('membership');
    await expect(
      membership
        .get(Outbox)
        .record(
          membership.get(DataSource).manager,
          'group.registered',
          registeredGroup('0192f7a0-0000-7000-8000-00000000beef'),
          { groupId: null },
        ),
    ).rejects.toThrow(/needs the entity manager of an open transaction/);
  });

  it('delivers an event committed while its consumer is stopped once the consumer starts, and handles it once', async () => {
    const membership = await system.start('membership');
    const api = await system.start('api');
    const registered = await api.get(BullMqClient).request('membership.groups.register', group);
    const dataSource = membership.get(DataSource);
    const row = await waitFor(
      async () =>
        (await outboxRows(dataSource)).find(
          (r) => r.envelope.data && (r.envelope.data as { id: string }).id === registered.id && r.published_at,
        ),
      'the event to be published',
    );
    // reporting is not running: the event waits in its queue.
    expect(await reportingEvents.getJobState(row.id)).toBe('waiting');

    const reporting = await system.start('reporting');
    const copies = reporting.get(DataSource).getRepository(KnownGroupEntity);
    const copy = await waitFor(
      () => copies.findOneBy({ id: registered.id }).then((g) => g ?? undefined),
      'reporting to keep the group',
    );
    expect(copy).toMatchObject({
      acronym: 'CG-Outbox',
      mailingList: 'cgoutbox@lists.example.org',
      announcementLeadDays: 7,
    });
    const inbox = await reporting
      .get(DataSource)
      .query('SELECT handler FROM reporting.inbox WHERE event_id = $1', [row.id]);
    expect(inbox).toEqual([{ handler: 'group-directory' }]);
  });

  it("moves the consumer's change mark once it handled an event: a copy of its state made before is not used again", async () => {
    await system.start('membership');
    const reporting = await system.start('reporting');
    const api = await system.start('api');
    const redis = reporting.get(QueueConnections).producer();
    const mark = `${env.queuePrefix}:changes:reporting`;
    const before = await redis.get(mark);
    const registered = await api.get(BullMqClient).request('membership.groups.register', groupRegistration('CG-Mark'));
    await waitFor(async () => (await redis.get(mark)) !== before || undefined, 'the mark to move');
    const copies = reporting.get(DataSource).getRepository(KnownGroupEntity);
    expect(await copies.findOneBy({ id: registered.id })).toMatchObject({ acronym: 'CG-Mark' });
  });

  it('gives the same event delivered twice its effect once', async () => {
    const membership = await system.start('membership');
    const reporting = await system.start('reporting');
    const dataSource = membership.get(DataSource);
    const seed = await waitFor(
      async () => (await outboxRows(dataSource)).find((r) => r.type === 'group.registered' && r.published_at),
      'the seed event',
    );
    await waitFor(
      () => reportingEvents.getJobState(seed.id).then((s) => s === 'completed' || undefined),
      'the first delivery',
    );

    const upsert = jest.spyOn(Repository.prototype, 'upsert');
    try {
      // A re-publish with the same id is dropped by the queue; a redelivery under another job id reaches
      // the handler, which finds the event in its inbox and does nothing. Both, at once.
      await membership.get(BullMqClient).publishEvent(seed.envelope);
      await Promise.all([
        reportingEvents.add(seed.type, seed.envelope, { jobId: `${seed.id}-again-1` }),
        reportingEvents.add(seed.type, seed.envelope, { jobId: `${seed.id}-again-2` }),
      ]);
      await waitFor(
        async () =>
          (await reportingEvents.getJobState(`${seed.id}-again-1`)) === 'completed' &&
          (await reportingEvents.getJobState(`${seed.id}-again-2`)) === 'completed',
        'the redeliveries to be handled',
      );
      expect(upsert).not.toHaveBeenCalled();
    } finally {
      upsert.mockRestore();
    }
    const handled = await reporting
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM reporting.inbox WHERE event_id = $1', [seed.id]);
    expect(handled).toEqual([{ n: 1 }]);
  });

  it('runs effects once per event even when two deliveries race, and lets a failed attempt retry', async () => {
    const reporting = await system.start('reporting');
    const dataSource = reporting.get(DataSource);
    const inbox = reporting.get(Inbox);
    await dataSource.query('CREATE TABLE reporting.test_effects (event_id uuid NOT NULL)');
    const envelope = {
      id: '0192f7a0-0000-7000-8000-00000000f00d',
      type: 'group.registered',
      occurredAt: new Date().toISOString(),
      groupId: null,
      correlationId: 'c',
      causationId: null,
      data: {},
    } as EventEnvelope;
    const effect = (manager: import('typeorm').EntityManager) =>
      manager.query('INSERT INTO reporting.test_effects VALUES ($1)', [envelope.id]).then(() => undefined);

    await expect(
      inbox.handleOnce(envelope, 'test', async (manager) => {
        await effect(manager);
        throw new Error('crash after the effect');
      }),
    ).rejects.toThrow('crash after the effect');
    const results = await Promise.all(Array.from({ length: 5 }, () => inbox.handleOnce(envelope, 'test', effect)));

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM reporting.test_effects')).toEqual([{ n: 1 }]);
  });

  describe('events handled side by side share a transaction', () => {
    const envelopeOf = (n: number): EventEnvelope => ({
      id: `0192f7a0-0000-7000-8000-${String(n).padStart(12, '0')}`,
      type: 'group.registered',
      occurredAt: new Date().toISOString(),
      groupId: null,
      correlationId: 'c',
      causationId: null,
      data: {},
    });
    const record = (manager: EntityManager, ids: string[]) =>
      manager
        .query('INSERT INTO reporting.test_batch SELECT unnest($1::uuid[]), txid_current()', [ids])
        .then(() => undefined);
    /** reporting, with a table where the effects write each event's id and their transaction's. */
    const reportingWithBatchTable = async () => {
      const reporting = await system.start('reporting');
      const dataSource = reporting.get(DataSource);
      await dataSource.query(
        'CREATE TABLE IF NOT EXISTS reporting.test_batch (event_id uuid NOT NULL, tx bigint NOT NULL)',
      );
      return { dataSource, inbox: reporting.get(Inbox) };
    };
    const transactionsOf = async (dataSource: DataSource, ids: string[]) =>
      (
        await dataSource.query<{ tx: string }[]>(
          'SELECT DISTINCT tx::text FROM reporting.test_batch WHERE event_id = ANY($1::uuid[])',
          [ids],
        )
      ).length;

    it('handles each event once, and one that fails fails alone: the others of its transaction are handled again on their own', async () => {
      const { dataSource, inbox } = await reportingWithBatchTable();
      // Handed in together: the first finds no transaction under way and goes alone, the next
      // INBOX_BATCH wait for it and share one, the rest share the one after.
      const envelopes = Array.from({ length: 1 + INBOX_BATCH + 7 }, (_, i) => envelopeOf(1000 + i));
      const poison = envelopes[envelopes.length - 3];
      const results = await Promise.allSettled(
        envelopes.map((e) =>
          inbox.handleOnce(e, 'batch-test', async (manager) => {
            await record(manager, [e.id]);
            if (e === poison) throw new Error('this one fails');
          }),
        ),
      );

      expect(results.filter((r) => r.status === 'rejected').map((r) => (r.reason as Error).message)).toEqual([
        'this one fails',
      ]);
      expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(envelopes.length - 1);
      const stored = await dataSource.query<{ event_id: string }[]>(
        'SELECT event_id FROM reporting.test_batch ORDER BY event_id',
      );
      expect(stored.map((r) => r.event_id)).toEqual(envelopes.filter((e) => e !== poison).map((e) => e.id));
      const inboxed = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM reporting.inbox WHERE handler = 'batch-test'`,
      );
      expect(inboxed).toEqual([{ n: envelopes.length - 1 }]);
      // One transaction for the INBOX_BATCH in the middle; each of the last ones its own after the failure.
      const middle = envelopes.slice(1, 1 + INBOX_BATCH).map((e) => e.id);
      expect(await transactionsOf(dataSource, middle)).toBe(1);
      const last = envelopes
        .slice(1 + INBOX_BATCH)
        .filter((e) => e !== poison)
        .map((e) => e.id);
      expect(await transactionsOf(dataSource, last)).toBe(last.length);

      // Delivered again: nothing runs twice.
      const again = await Promise.all(
        envelopes.map((e) => inbox.handleOnce(e, 'batch-test', (m) => record(m, [e.id]))),
      );
      expect(again.filter(Boolean)).toEqual([true]); // only the one that had failed
      expect(
        await dataSource.query('SELECT count(*)::int AS n FROM reporting.test_batch WHERE event_id = ANY($1::uuid[])', [
          envelopes.map((e) => e.id),
        ]),
      ).toEqual([{ n: envelopes.length }]);
    });

    it("runs each event's effects in its own caller's context, whichever drain runs them", async () => {
      const reporting = await system.start('reporting');
      const inbox = reporting.get(Inbox);
      const envelopes = Array.from({ length: 6 }, (_, i) => envelopeOf(3000 + i));
      const seen = new Map<string, string | undefined>();
      await Promise.all(
        envelopes.map((e, i) =>
          runInContext({ correlationId: `caller-${i}`, causationId: e.id }, () =>
            inbox.handleOnce(e, 'context-test', () => {
              seen.set(e.id, currentContext()?.correlationId);
              return Promise.resolve();
            }),
          ),
        ),
      );
      expect(envelopes.map((e) => seen.get(e.id))).toEqual(envelopes.map((_, i) => `caller-${i}`));
    });

    it('gives a batch handler the events of its transaction at once, each new one once', async () => {
      const { dataSource, inbox } = await reportingWithBatchTable();
      const calls: string[][] = [];
      const effects: BatchEffects = async (manager, events) => {
        calls.push(events.map((e) => e.id));
        await record(
          manager,
          events.map((e) => e.id),
        );
      };
      const envelopes = Array.from({ length: 10 }, (_, i) => envelopeOf(2000 + i));
      // The fourth twice in the same transaction: handled once.
      const results = await Promise.all(
        [...envelopes, envelopes[3]].map((e) => inbox.handleInBatch(e, 'batch-fn', effects)),
      );

      expect(results).toEqual([...envelopes.map(() => true), false]);
      expect(calls).toEqual([[envelopes[0].id], envelopes.slice(1).map((e) => e.id)]);
      expect(
        await transactionsOf(
          dataSource,
          envelopes.slice(1).map((e) => e.id),
        ),
      ).toBe(1);
      // Delivered again: not given to the handler again.
      expect(await Promise.all(envelopes.map((e) => inbox.handleInBatch(e, 'batch-fn', effects)))).toEqual(
        envelopes.map(() => false),
      );
      expect(calls).toHaveLength(2);
    });
  });

  it('keeps an event whose handler keeps failing in the failed set after its retries, and it can be retried', async () => {
    const membership = await system.start('membership');
    const reporting = await system.start('reporting');
    const seed = await waitFor(
      async () =>
        (await outboxRows(membership.get(DataSource))).find((r) => r.type === 'group.registered' && r.published_at),
      'the seed event',
    );
    await waitFor(
      () => reportingEvents.getJobState(seed.id).then((s) => s === 'completed' || undefined),
      'the first delivery',
    );
    const reportingDb = reporting.get(DataSource);
    await reportingDb.query('ALTER TABLE reporting.known_groups RENAME TO known_groups_away');
    const other = {
      ...seed.envelope,
      id: '0192f7a0-0000-7000-8000-00000000fa11',
      data: { ...(seed.envelope.data as object), id: '0192f7a0-0000-7000-8000-00000000fa12', acronym: 'CG-Fail' },
    };
    try {
      await reportingEvents.add(other.type, other, {
        jobId: other.id,
        attempts: 3,
        backoff: { type: 'exponential', delay: 20 },
      });
      const failed = await waitFor(
        () => reportingEvents.getJobState(other.id).then((s) => s === 'failed' || undefined),
        'the event to exhaust its attempts',
      );
      expect(failed).toBe(true);
      const job = await reportingEvents.getJob(other.id);
      expect(job?.attemptsMade).toBe(3);
      expect(job?.failedReason).toMatch(/known_groups/);
      expect(
        await reportingDb.query('SELECT count(*)::int AS n FROM reporting.inbox WHERE event_id = $1', [other.id]),
      ).toEqual([{ n: 0 }]);
    } finally {
      await reportingDb.query('ALTER TABLE reporting.known_groups_away RENAME TO known_groups');
    }
    // Once the cause is mended, the dead letter is retried and handled.
    await (await reportingEvents.getJob(other.id))!.retry();
    await waitFor(
      () =>
        reportingDb
          .getRepository(KnownGroupEntity)
          .findOneBy({ acronym: 'CG-Fail' })
          .then((g) => g ?? undefined),
      'the retried event to be handled',
    );
  });

  it('sets aside a row that no longer parses (logged, counted) and keeps publishing the events after it', async () => {
    const membership = await system.start('membership');
    const reporting = await system.start('reporting');
    const api = await system.start('api');
    const db = membership.get(DataSource);
    // A row an older version wrote, or a hand edit broke: it can never be published.
    const poison = '0192f7a0-0000-7000-8000-00000000bad1';
    await db.query(
      `INSERT INTO membership.outbox (id, type, envelope, occurred_at) VALUES ($1, 'group.registered', $2, now())`,
      [poison, JSON.stringify({ id: poison, type: 'group.registered', data: { acronym: 42 } })],
    );
    const later = await api.get(BullMqClient).request('membership.groups.register', groupRegistration('CG-After'));
    await waitFor(
      async () =>
        (await reporting.get(DataSource).getRepository(KnownGroupEntity).findOneBy({ id: later.id })) ?? undefined,
      'the later event to reach its consumer',
    );
    const [row] = await db.query<{ published_at: Date | null; set_aside_at: Date | null; set_aside_reason: string }[]>(
      'SELECT published_at, set_aside_at, set_aside_reason FROM membership.outbox WHERE id = $1',
      [poison],
    );
    expect(row.published_at).toBeNull();
    expect(row.set_aside_at).toBeInstanceOf(Date);
    expect(row.set_aside_reason).toMatch(/^Invalid message "group.registered"/);
    const metrics = await (await fetch(system.url(membership, '/metrics'))).text();
    expect(metrics).toMatch(/^jcg_outbox_set_aside_total\{[^}]*\} 1$/m);
    expect(metrics).toMatch(/^jcg_outbox_pending\{[^}]*\} 0$/m);
  });

  it('prunes published events after a week and handled event ids after 45 days, and nothing else', async () => {
    const reportingApp = await system.start('reporting');
    const db = reportingApp.get(DataSource);
    const now = new Date();
    const day = 24 * 3600_000;
    const ago = (days: number) => new Date(now.getTime() - days * day);
    const ids = [
      '0192f7a0-0000-7000-8000-0000000000e1',
      '0192f7a0-0000-7000-8000-0000000000e2',
      '0192f7a0-0000-7000-8000-0000000000e3',
    ];
    await db.query(
      `INSERT INTO reporting.outbox (id, type, envelope, occurred_at, published_at) VALUES
      ($1, 'group.registered', '{}', $4, $4), ($2, 'group.registered', '{}', $5, $5), ($3, 'group.registered', '{}', $4, NULL)`,
      [...ids, ago(8), ago(6)],
    );
    await db.query(
      `INSERT INTO reporting.inbox (event_id, handler, event_type, handled_at) VALUES ($1, 'h', 't', $3), ($2, 'h', 't', $4)`,
      [ids[0], ids[1], ago(46), ago(44)],
    );

    expect(await pruneMessagingTables(db, now)).toEqual({ outbox: 1, inbox: 1 });
    // Kept: a published event younger than a week, and a pending one however old.
    expect(
      (await db.query<{ id: string }[]>('SELECT id FROM reporting.outbox WHERE id = ANY($1) ORDER BY id', [ids])).map(
        (r) => r.id,
      ),
    ).toEqual([ids[1], ids[2]]);
    expect(
      (
        await db.query<{ event_id: string }[]>('SELECT event_id FROM reporting.inbox WHERE event_id = ANY($1)', [ids])
      ).map((r) => r.event_id),
    ).toEqual([ids[1]]);
  });
});
