import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { ContractViolation } from '@jcg/contracts';
import {
  BullMqClient,
  RemoteError,
  commandQueueName,
  eventQueueName,
  redisOptionsFromUrl,
  type CommandResult,
} from '@jcg/messaging';
import { createTestEnvironment, groupRegistration, waitFor, type TestEnvironment } from '@jcg/testing';
import { GroupsService } from '../../apps/membership/src/groups/groups.service';
import { createKey } from '../support/http';
import { TestSystem } from '../support/test-system';

function groupInput(n: number) {
  return groupRegistration(`CG-${n}`);
}

describe('BullMQ transport between the API and a service', () => {
  let env: TestEnvironment;
  let system: TestSystem;

  beforeAll(async () => {
    env = await createTestEnvironment('transport');
    system = new TestSystem(env);
  });

  afterEach(async () => {
    await system.stopAll();
  });

  afterAll(async () => {
    await env.cleanup();
  });

  it('runs each of 200 commands exactly once across two replicas, and answers each caller', async () => {
    const replicaA = await system.start('membership', { instance: 'membership-a' });
    const replicaB = await system.start('membership', { instance: 'membership-b' });
    const api = await system.start('api');
    const executions = {
      a: jest.spyOn(replicaA.get(GroupsService), 'register'),
      b: jest.spyOn(replicaB.get(GroupsService), 'register'),
    };
    const client = api.get(BullMqClient);

    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, n) => client.request('membership.groups.register', groupInput(n))),
    );

    expect(executions.a.mock.calls.length + executions.b.mock.calls.length).toBe(200);
    // Both replicas took part: the queue shares the work, it does not copy it.
    expect(executions.a.mock.calls.length).toBeGreaterThan(0);
    expect(executions.b.mock.calls.length).toBeGreaterThan(0);
    expect(new Set(replies.map((g) => g.acronym)).size).toBe(200);
    // A query takes the light path (a list in Redis, no job): a large answer (200 groups) comes
    // back whole, and no job of it is left in the command queue.
    const listed = await client.request('membership.groups.list', {});
    expect(listed.items.length).toBeGreaterThanOrEqual(200);
    const commands = new Queue(commandQueueName('membership'), {
      connection: redisOptionsFromUrl(env.redisUrl),
      prefix: env.queuePrefix,
    });
    try {
      const jobs = await commands.getCompleted(0, 500);
      expect(jobs.filter((j) => j.name === 'membership.groups.register')).toHaveLength(200);
      expect(jobs.find((j) => j.name === 'membership.groups.list')).toBeUndefined();
    } finally {
      await commands.close();
    }
    const [row] = await replicaA
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM membership.groups WHERE acronym LIKE 'CG-%'`);
    expect(row.n).toBe(200);
  });

  it('answers a refused command with its problem, not as a failure', async () => {
    const membership = await system.start('membership');
    const admin = await createKey(membership, { kind: 'admin' });
    const api = await system.start('api');
    const client = api.get(BullMqClient);
    await client.request('membership.groups.register', groupInput(1000));

    const again = client.request('membership.groups.register', groupInput(1000));
    await expect(again).rejects.toBeInstanceOf(RemoteError);
    await expect(again).rejects.toMatchObject({ problem: { status: 409, code: 'GROUP_EXISTS' } });

    const response = await fetch(system.url(api, '/v1/groups/0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c'), {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      status: 404,
      code: 'GROUP_NOT_FOUND',
      type: '/problems/group-not-found',
    });
  });

  it('fails a request to a service that is not running within the timeout: the API answers 503 problem+json', async () => {
    const api = await system.start('api', { requestTimeoutMs: 1000 });
    const started = Date.now();
    // Authenticating the key is already a request to membership.
    const someKey = `jcg_${'0'.repeat(32)}_${'a'.repeat(43)}`;
    const response = await fetch(system.url(api, '/v1/groups'), {
      headers: { 'x-correlation-id': 'corr-503-test', authorization: `Bearer ${someKey}` },
    });
    const elapsed = Date.now() - started;

    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      title: 'Service unavailable',
      detail:
        'The membership service did not answer "membership.api-keys.authenticate" within 1000 ms; it was not done.',
      correlationId: 'corr-503-test',
    });
    expect(elapsed).toBeLessThan(1000 + 2000);

    // An abandoned command is never run later, when the service comes up: counted in its effects.
    const abandoned = api.get(BullMqClient).request('membership.groups.register', groupInput(4242));
    await expect(abandoned).rejects.toMatchObject({ problem: { status: 503, code: 'SERVICE_UNAVAILABLE' } });
    const membership = await system.start('membership');
    const queue = new Queue(commandQueueName('membership'), {
      connection: redisOptionsFromUrl(env.redisUrl),
      prefix: env.queuePrefix,
    });
    try {
      await waitFor(
        async () => (await queue.getJobCounts('waiting', 'active')).waiting === 0 || undefined,
        'the abandoned job to be taken',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [row] = await membership
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM membership.groups WHERE acronym = 'CG-4242'`);
      expect(row.n).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('rejects an invalid payload at the sender, before anything is queued', async () => {
    const api = await system.start('api');
    const client = api.get(BullMqClient);
    const queue = new Queue(commandQueueName('membership'), {
      connection: redisOptionsFromUrl(env.redisUrl),
      prefix: env.queuePrefix,
    });
    try {
      const before = await queue.count();
      const untyped = client as unknown as { request(name: string, payload: unknown): Promise<unknown> };
      await expect(untyped.request('membership.groups.get', { groupId: 42 })).rejects.toThrow(
        'Invalid message "membership.groups.get": request.groupId: Invalid input: expected string, received number',
      );
      await expect(untyped.request('membership.groups.register', { acronym: 'X-1' })).rejects.toThrow(
        /request.title: .*received undefined/,
      );
      await expect(untyped.request('membership.groups.explode', {})).rejects.toBeInstanceOf(ContractViolation);
      await expect(client.send('membership.groups.get', { groupId: 'nope' }).toPromise()).rejects.toThrow(
        /request.groupId: Invalid UUID/,
      );
      expect(await queue.count()).toBe(before);
    } finally {
      await queue.close();
    }
  });

  it('rejects an invalid payload at the receiver, without calling the handler', async () => {
    const membership = await system.start('membership');
    const spy = jest.spyOn(membership.get(GroupsService), 'get');
    const connection = redisOptionsFromUrl(env.redisUrl);
    const commands = new Queue(commandQueueName('membership'), { connection, prefix: env.queuePrefix });
    const commandEvents = new QueueEvents(commandQueueName('membership'), { connection, prefix: env.queuePrefix });
    try {
      await commandEvents.waitUntilReady();
      // A sender that skipped validation (another version, a hand-made job).
      const job = await commands.add('membership.groups.get', {
        payload: { groupId: 42 },
        correlationId: 'c',
        causationId: null,
        sender: 'api',
        budgetMs: 10_000,
      });
      const result = (await job.waitUntilFinished(commandEvents, 10_000)) as CommandResult;
      expect(result).toEqual({
        ok: false,
        problem: {
          status: 400,
          code: 'INVALID_MESSAGE',
          title: 'Invalid message',
          detail:
            'Invalid message "membership.groups.get": request.groupId: Invalid input: expected string, received number',
        },
      });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      await commandEvents.close();
      await commands.close();
    }
  });

  it('sends an event of an unknown type or with invalid data to the failed set at once, never to a handler', async () => {
    await system.start('reporting');
    const events = new Queue(eventQueueName('reporting'), {
      connection: redisOptionsFromUrl(env.redisUrl),
      prefix: env.queuePrefix,
    });
    try {
      const envelope = {
        id: '0192f7a0-0000-7000-8000-0000000000bb',
        type: 'group.vanished',
        occurredAt: new Date().toISOString(),
        groupId: null,
        correlationId: 'c',
        causationId: null,
        data: {},
      };
      await events.add('group.vanished', envelope, { jobId: envelope.id, attempts: 5 });
      await events.add(
        'group.registered',
        { ...envelope, id: '0192f7a0-0000-7000-8000-0000000000cc', type: 'group.registered', data: { acronym: 1 } },
        {
          jobId: '0192f7a0-0000-7000-8000-0000000000cc',
          attempts: 5,
        },
      );
      const failed = await waitFor(async () => {
        const jobs = await events.getFailed();
        return jobs.length === 2 ? jobs : undefined;
      }, 'both events in the failed set');
      const reasons = Object.fromEntries(failed.map((j) => [j.name, j]));
      expect(reasons['group.vanished']?.failedReason).toBe(
        'Invalid message "group.vanished": unknown event type: it is not in the contracts catalogue',
      );
      expect(reasons['group.registered']?.failedReason).toMatch(
        /^Invalid message "group.registered": data.id: .*; data.acronym: Invalid input: expected string, received number/,
      );
      // Not retried: a wrong message cannot become right.
      for (const job of failed) expect(job.attemptsMade).toBe(1);
    } finally {
      await events.close();
    }
  });
});
