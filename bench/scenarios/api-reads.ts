import autocannon from 'autocannon';
import type { Group } from '@jcg/contracts';
import { groupRegistration } from '@jcg/testing';
import { median, type BenchResult } from '../measure';
import { cpuDuring, describeCores, type BenchSystem } from '../system';
import { startBaseline } from './baseline-process';

const DAY = 24 * 3600_000;

interface Load {
  requestsPerSecond: number;
  p99: number;
  errors: number;
}

/** `connections` clients asking for the same URL for `seconds`: requests/s, p99 latency (ms), non-2xx and errors. */
async function load(url: string, key: string, connections: number, seconds: number): Promise<Load> {
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization: `Bearer ${key}` } });
  return {
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** A group with eight upcoming meetings to read. */
async function groupWithMeetings(system: BenchSystem): Promise<Group> {
  const { api } = system;
  const group = await api.call<Group>('POST', '/v1/groups', groupRegistration(`READS-${Date.now().toString(36)}`));
  const tsbKey = await api.tsbKey();
  for (let i = 0; i < 8; i++) {
    const start = Date.now() + (14 + i * 7) * DAY;
    await api.call(
      'POST',
      `/v1/groups/${group.id}/meetings`,
      {
        title: `Meeting ${i + 1}`,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 3600_000).toISOString(),
      },
      tsbKey,
    );
  }
  return group;
}

/** API reads: an authenticated GET of a group's meetings at 50 connections, against Fastify + pg doing the same. */
export async function apiReadsScenario(system: BenchSystem, runs: number, seconds: number): Promise<BenchResult[]> {
  const group = await groupWithMeetings(system);
  const path = `/v1/groups/${group.id}/meetings`;
  const baseline = await startBaseline('reads', system.env.databaseUrl);
  const ours: Load[] = [];
  const theirs: Load[] = [];
  let cores: Record<string, number> = {};
  try {
    for (let r = 0; r < runs; r++) {
      theirs.push(await load(`${baseline.url}${path}`, system.api.adminKey, 50, seconds));
      const measured = await cpuDuring(system.drill, () =>
        load(`${system.api.base}${path}`, system.api.adminKey, 50, seconds),
      );
      ours.push(measured.result);
      cores = measured.cores;
    }
  } finally {
    await baseline.close();
  }
  const rps = median(ours.map((l) => l.requestsPerSecond));
  const baseRps = median(theirs.map((l) => l.requestsPerSecond));
  const p99 = median(ours.map((l) => l.p99));
  const baseP99 = median(theirs.map((l) => l.p99));
  const errors = ours.reduce((n, l) => n + l.errors, 0);
  return [
    {
      scenario: 'API reads',
      size: '50 connections',
      unit: 'requests/s',
      value: rps,
      runs: ours.map((l) => l.requestsPerSecond),
      baseline: baseRps,
      baselineRuns: theirs.map((l) => l.requestsPerSecond),
      ratio: rps / baseRps,
      target: '>= 0.5 of Fastify + pg',
      met: rps / baseRps >= 0.5 && errors === 0,
      notes: `${errors ? `${errors} errors or non-2xx answers; ` : ''}CPU in cores during the last run: ${describeCores(cores)}`,
    },
    {
      scenario: 'API reads',
      size: '50 connections',
      unit: 'p99 ms',
      value: p99,
      runs: ours.map((l) => l.p99),
      baseline: baseP99,
      baselineRuns: theirs.map((l) => l.p99),
      ratio: p99 / baseP99,
      target: 'p99 under 3x Fastify + pg',
      met: p99 < 3 * baseP99,
    },
  ];
}
