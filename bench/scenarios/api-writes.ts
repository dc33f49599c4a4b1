import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { Group, Meeting } from '@jcg/contracts';
import { groupRegistration } from '@jcg/testing';
import type { BenchResult } from '../measure';
import { startBaseline } from './baseline-process';
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
  const baseline = await startBaseline('writes', system.env.databaseUrl, template);
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
