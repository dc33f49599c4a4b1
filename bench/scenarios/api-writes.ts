import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { Pool } from 'pg';
import type { Group, Meeting } from '@jcg/contracts';
import { groupRegistration } from '@jcg/testing';
import type { BenchResult } from '../measure';
import { keyIsValid } from './baseline-auth';
import type { BenchSystem } from '../system';

const DAY = 24 * 3600_000;

/** `connections` clients proposing meetings for `seconds`, each request with its own Idempotency-Key. */
async function proposals(url: string, key: string, seconds: number) {
  const start = Date.now() + 30 * DAY;
  const body = JSON.stringify({
    title: 'Write load',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3600_000).toISOString(),
  });
  return autocannon({
    url,
    method: 'POST',
    connections: 20,
    duration: seconds,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'idempotency-key': randomUUID() },
        }),
      },
    ],
  });
}

/** The baseline: the key check and the same row inserted straight through `pg` by one Fastify process. */
async function startBaselineWrites(databaseUrl: string, template: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const app = Fastify({ logger: false });
  app.post('/v1/groups/:groupId/meetings', async (request, reply) => {
    if (!(await keyIsValid(pool, request.headers.authorization)))
      return reply.code(401).send({ title: 'Unauthenticated' });
    const id = randomUUID();
    await pool.query(
      `INSERT INTO meetings.meetings
       SELECT (jsonb_populate_record(NULL::meetings.meetings,
               to_jsonb(m) || jsonb_build_object('id', $1::uuid, 'calendar_uid', $1::text || '@bench'))).*
         FROM meetings.meetings m WHERE m.id = $2`,
      [id, template],
    );
    return reply.code(201).send({ id });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: async () => (await app.close(), await pool.end()) };
}

/** API writes: proposals with Idempotency-Key at 20 connections; requests/s and p99 reported, no errors, no duplicates. */
export async function apiWritesScenario(system: BenchSystem, seconds: number): Promise<BenchResult[]> {
  const { api, db } = system;
  const group = await api.call<Group>('POST', '/v1/groups', groupRegistration(`WRITES-${Date.now().toString(36)}`));
  const tsbKey = await api.tsbKey();
  const path = `/v1/groups/${group.id}/meetings`;
  const ours = await proposals(`${api.base}${path}`, tsbKey, seconds);
  const stored = (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM meetings.meetings WHERE group_id = $1', [group.id])
  ).rows[0].n;
  const created = ours['2xx'];
  // autocannon stops counting at the end of the duration: up to one request per connection was
  // still in flight then, and is stored without being counted. More than that would be duplicates.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const settled = (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM meetings.meetings WHERE group_id = $1', [group.id])
  ).rows[0].n;
  const consistent = stored >= created && settled <= created + 20;
  const template = (await api.call<{ items: Meeting[] }>('GET', path)).items[0].id;
  const baseline = await startBaselineWrites(system.env.databaseUrl, template);
  let theirs;
  try {
    theirs = await proposals(`${baseline.url}${path}`, tsbKey, seconds);
  } finally {
    await baseline.close();
  }
  const errors = ours.errors + ours.timeouts + ours.non2xx;
  const notes = `${created} proposals answered 201, ${settled} meetings stored (at most 20 were in flight at the end), ${errors} errors or non-2xx`;
  return [
    {
      scenario: 'API writes',
      size: '20 connections',
      unit: 'requests/s',
      value: ours.requests.average,
      runs: [ours.requests.average],
      baseline: theirs.requests.average,
      baselineRuns: [theirs.requests.average],
      ratio: ours.requests.average / theirs.requests.average,
      target: 'reported; zero errors and duplicates',
      met: errors === 0 && consistent,
      notes,
    },
    {
      scenario: 'API writes',
      size: '20 connections',
      unit: 'p99 ms',
      value: ours.latency.p99,
      runs: [ours.latency.p99],
      baseline: theirs.latency.p99,
      baselineRuns: [theirs.latency.p99],
      ratio: ours.latency.p99 / theirs.latency.p99,
      target: '(reported)',
      met: null,
    },
  ];
}
