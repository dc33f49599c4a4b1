import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import type { Group } from '@jcg/contracts';
import { groupRegistration, queriesAnsweredAt } from '@jcg/testing';
import { median, type BenchResult } from '../measure';
import { cpuDuring, describeCores, type BenchSystem } from '../system';
import { startBaseline } from './baseline-process';

const DAY = 24 * 3600_000;

interface Load {
  requestsPerSecond: number;
  p99: number;
  errors: number;
  /** Requests answered in all (those in flight when it stopped included). */
  total: number;
}

/** `connections` clients asking for the same URL for `seconds`: requests/s, p99 latency (ms), non-2xx and errors. */
async function load(url: string, key: string, connections: number, seconds: number): Promise<Load> {
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization: `Bearer ${key}` } });
  return {
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
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

/** How many times meetings answered the list query so far, from its own metrics. */
const meetingsListsAnswered = (system: BenchSystem) =>
  queriesAnsweredAt(system.drill.url('meetings'), 'meetings.meetings.list');

/**
 * While `work` runs, meetings' change mark is moved every millisecond, as a meetings service
 * changing all the time would: the API's copy of the answer is (almost) never good, and the reads
 * take the query path through meetings and Postgres.
 */
async function whileMeetingsChanges<T>(system: BenchSystem, work: () => Promise<T>): Promise<T> {
  const redis = new Redis(system.env.redisUrl);
  const key = `${system.env.queuePrefix}:changes:meetings`;
  let moving = true;
  let n = 0;
  const mover = (async () => {
    while (moving) {
      await redis.set(key, `bench-${Date.now()}-${n++}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  try {
    return await work();
  } finally {
    moving = false;
    await mover;
    redis.disconnect();
  }
}

/** API reads: an authenticated GET of a group's meetings at 50 connections, against Fastify + pg doing the same. */
export async function apiReadsScenario(system: BenchSystem, runs: number, seconds: number): Promise<BenchResult[]> {
  const group = await groupWithMeetings(system);
  const path = `/v1/groups/${group.id}/meetings`;
  const baseline = await startBaseline('reads', system.env.databaseUrl);
  const ours: Load[] = [];
  const theirs: Load[] = [];
  const uncached: Load[] = [];
  let cores: Record<string, number> = {};
  let uncachedCores: Record<string, number> = {};
  let reads = 0;
  let asked = 0;
  let uncachedReads = 0;
  let uncachedAsked = 0;
  /** One run of our reads (within `around`), with how many of them meetings answered. */
  const ourRun = async (around: <T>(work: () => Promise<T>) => Promise<T>) => {
    const before = await meetingsListsAnswered(system);
    const measured = await around(() =>
      cpuDuring(system.drill, () => load(`${system.api.base}${path}`, system.api.adminKey, 50, seconds)),
    );
    return { ...measured, asked: (await meetingsListsAnswered(system)) - before };
  };
  try {
    for (let r = 0; r < runs; r++) {
      theirs.push(await load(`${baseline.url}${path}`, system.api.adminKey, 50, seconds));
      const run = await ourRun((work) => work());
      ours.push(run.result);
      cores = run.cores;
      reads += run.result.total;
      asked += run.asked;
    }
    // The same reads with the API's copy out of use: reported, to show what a read through meetings costs.
    for (let r = 0; r < runs; r++) {
      const run = await ourRun((work) => whileMeetingsChanges(system, work));
      uncached.push(run.result);
      uncachedCores = run.cores;
      uncachedReads += run.result.total;
      uncachedAsked += run.asked;
    }
  } finally {
    await baseline.close();
  }
  const share = (n: number, of: number) => `${n.toLocaleString('en')} of ${of.toLocaleString('en')}`;
  const rps = median(ours.map((l) => l.requestsPerSecond));
  const baseRps = median(theirs.map((l) => l.requestsPerSecond));
  const p99 = median(ours.map((l) => l.p99));
  const baseP99 = median(theirs.map((l) => l.p99));
  const errors = ours.reduce((n, l) => n + l.errors, 0);
  const uncachedRps = median(uncached.map((l) => l.requestsPerSecond));
  const uncachedErrors = uncached.reduce((n, l) => n + l.errors, 0);
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
      notes:
        `${errors ? `${errors} errors or non-2xx answers; ` : ''}reads asked of meetings (the rest answered from the API's copy): ` +
        `${share(asked, reads)}; CPU in cores during the last run: ${describeCores(cores)}`,
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
    {
      scenario: 'API reads, meetings changing',
      size: '50 connections',
      unit: 'requests/s',
      value: uncachedRps,
      runs: uncached.map((l) => l.requestsPerSecond),
      baseline: baseRps,
      baselineRuns: theirs.map((l) => l.requestsPerSecond),
      ratio: uncachedRps / baseRps,
      target: "reported: its change mark moved every ms, the API's copy out of use",
      met: uncachedErrors === 0,
      notes:
        `${uncachedErrors ? `${uncachedErrors} errors or non-2xx answers; ` : ''}reads asked of meetings: ` +
        `${share(uncachedAsked, uncachedReads)}; p99 ${median(uncached.map((l) => l.p99))} ms; ` +
        `CPU in cores during the last run: ${describeCores(uncachedCores)}`,
    },
  ];
}
