import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BullMqClient, runInContext } from '@jcg/messaging';
import { loadConfig, PlatformModule, startService } from '@jcg/platform';
import { createTestEnvironment, groupRegistration, waitFor, type TestEnvironment } from '@jcg/testing';
import { TestSystem } from '../support/test-system';

describe('every service at run time', () => {
  let env: TestEnvironment;
  let system: TestSystem;

  beforeAll(async () => {
    env = await createTestEnvironment('runtime');
    system = new TestSystem(env);
  });

  afterEach(async () => {
    await system.stopAll();
  });

  afterAll(async () => {
    await env.cleanup();
  });

  it('answers liveness and readiness, and the API reports every service', async () => {
    const [agenda, ...others] = await Promise.all(
      (['agenda', 'meetings', 'membership', 'reporting', 'notifications'] as const).map((s) => system.start(s)),
    );
    const services = [agenda, ...others];
    const api = await system.start('api');
    for (const app of [...services, api]) {
      expect((await fetch(system.url(app, '/health/live'))).status).toBe(200);
      expect((await fetch(system.url(app, '/health/ready'))).status).toBe(200);
    }
    const ready = (await (await fetch(system.url(api, '/health/ready'))).json()) as {
      details: Record<string, { status: string }>;
    };
    expect(Object.fromEntries(Object.entries(ready.details).map(([k, v]) => [k, v.status]))).toEqual({
      database: 'up',
      redis: 'up',
      meetings: 'up',
      agenda: 'up',
      membership: 'up',
      reporting: 'up',
      notifications: 'up',
    });

    // A service that is down shows in the API's report as degraded; the API itself stays ready.
    await system.stop(agenda);
    const degraded = await fetch(system.url(api, '/health/ready'));
    expect(degraded.status).toBe(200);
    const body = (await degraded.json()) as {
      status: string;
      details: Record<string, { status: string; message?: string }>;
    };
    expect(body.status).toBe('degraded');
    expect(body.details.agenda).toMatchObject({
      status: 'degraded',
      message: expect.stringContaining('did not answer "agenda.readiness.check"'),
    });
    expect(body.details.membership?.status).toBe('up');
  });

  it('exposes Prometheus metrics: jobs processed, queue depth, outbox lag', async () => {
    const membership = await system.start('membership');
    const api = await system.start('api');
    await api.get(BullMqClient).request('membership.groups.list', {});
    const text = await (await fetch(system.url(membership, '/metrics'))).text();
    expect(text).toMatch(
      /jcg_jobs_processed_total\{queue="membership-queries",message="membership.groups.list",outcome="completed",service="membership",instance="membership-test"\} 1/,
    );
    expect(text).toMatch(
      /jcg_queue_jobs\{queue="membership-commands",state="waiting",service="membership",instance="membership-test"\} 0/,
    );
    expect(text).toMatch(/jcg_outbox_lag_seconds\{service="membership",instance="membership-test"\} \d/);
    expect(text).toMatch(/process_cpu_seconds_total/);
  });

  it('carries the correlation id from a request to the events it causes', async () => {
    await system.start('membership');
    const reporting = await system.start('reporting');
    const api = await system.start('api');
    const group = await runInContext({ correlationId: 'corr-chain-1', causationId: null }, () =>
      api.get(BullMqClient).request('membership.groups.register', groupRegistration('CG-Corr')),
    );
    const [row] = await reporting
      .get(DataSource)
      .query(`SELECT envelope FROM membership.outbox WHERE envelope->'data'->>'id' = $1`, [group.id]);
    expect(row.envelope).toMatchObject({ type: 'group.registered', correlationId: 'corr-chain-1', groupId: group.id });
    expect(row.envelope.causationId).toEqual(expect.any(String));
    await waitFor(
      () =>
        reporting
          .get(DataSource)
          .query('SELECT 1 FROM reporting.known_groups WHERE id = $1', [group.id])
          .then((r: unknown[]) => r.length === 1),
      'reporting to receive the group',
    );
    // Even a request refused before any handler runs carries its correlation id, in the header and the problem.
    const response = await fetch(system.url(api, '/v1/groups'), { headers: { 'x-correlation-id': 'corr-http-7' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-correlation-id')).toBe('corr-http-7');
    expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED', correlationId: 'corr-http-7' });
  });

  it('refuses to start a service whose handlers do not match the catalogue', async () => {
    const config = loadConfig('reporting', {
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.queuePrefix,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    // reporting owns commands and subscribes to group events; this build of it forgot every handler.
    @Module({ imports: [PlatformModule.forService({ config })] })
    class MiswiredReporting {}
    const started = startService({ module: MiswiredReporting }, config);
    await expect(started).rejects.toThrow(/^The reporting service is wired wrong and will not start:\n- /);
    await expect(started).rejects.toThrow(
      '- no handler for the command "reporting.body-meetings.put" that reporting owns',
    );
    await expect(started).rejects.toThrow('- no handler for the event "group.registered" that reporting subscribes to');
    await expect(started).rejects.toThrow('- no handler for the event "group.concluded" that reporting subscribes to');
  });

  it('serves the OpenAPI document and its UI', async () => {
    const api = await system.start('api');
    const doc = (await (await fetch(system.url(api, '/docs-json'))).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/groups', '/v1/groups/{groupId}']));
    const get = (
      doc.paths['/v1/groups/{groupId}/tor/{version}'] as {
        get: { parameters: { name: string; schema: unknown }[]; responses: Record<string, { description: string }> };
      }
    ).get;
    expect(get.parameters.find((p) => p.name === 'groupId')?.schema).toEqual({ type: 'string', format: 'uuid' });
    expect(get.parameters.find((p) => p.name === 'version')?.schema).toEqual({ type: 'integer', minimum: 1 });
    expect(get.responses['200']?.description).toBe('OK');
    const ui = await fetch(system.url(api, '/docs'));
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
