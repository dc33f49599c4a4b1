import { Queue, QueueEvents, Worker } from 'bullmq';
import type { Group, Meeting } from '@jcg/contracts';
import { redisOptionsFromUrl } from '@jcg/messaging';
import { fillRoster, groupRegistration } from '@jcg/testing';
import { percentile, until, type BenchResult } from '../measure';
import type { BenchSystem } from '../system';

const DAY = 24 * 3600_000;

/** The baseline: a bare BullMQ add -> completed round trip on the same Redis (p50 and p99 of `count`, ms). */
async function bullmqRoundTrips(redisUrl: string, count: number): Promise<number[]> {
  const connection = redisOptionsFromUrl(redisUrl);
  const prefix = `bench-rt-${Date.now().toString(36)}`;
  const queue = new Queue('round-trip', { connection, prefix });
  const events = new QueueEvents('round-trip', { connection, prefix });
  const worker = new Worker('round-trip', () => Promise.resolve('done'), { connection, prefix });
  await events.waitUntilReady();
  await worker.waitUntilReady();
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const job = await queue.add('ping', { i });
      await job.waitUntilFinished(events, 10_000);
      samples.push(performance.now() - t0);
    }
  } finally {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
  return samples;
}

/**
 * Announcement latency: from the announce answer to the first invite and the list announcement
 * at the SMTP server, over `meetings` meetings of a group of five (p50, p99), against a bare
 * BullMQ round trip (target: p99 under 20x the baseline's p99).
 */
export async function announcementLatencyScenario(system: BenchSystem, meetings: number): Promise<BenchResult[]> {
  const { api } = system;
  const group = await api.call<Group>(
    'POST',
    '/v1/groups',
    groupRegistration(`LAT-${Date.now().toString(36)}`, { concurrenceRequired: false }),
  );
  const tsbKey = await api.tsbKey();
  const domain = `lat-${Date.now().toString(36)}.bench.example.org`;
  await fillRoster(system.db, group.id, 5, domain);
  const latencies: number[] = [];
  // One more than measured: the first announcement after the start loads what the path needs
  // (code compiled, connections opened: about 230 ms here) and is not counted, like a warm-up.
  for (let i = -1; i < meetings; i++) {
    const start = Date.now() + (15 + i) * DAY;
    const meeting = await api.call<Meeting>(
      'POST',
      `/v1/groups/${group.id}/meetings`,
      {
        title: `Latency ${i}`,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 3600_000).toISOString(),
        joinDetails: { url: 'https://meetings.example.int/j/lat' },
      },
      tsbKey,
    );
    const before = system.sink.messages.length;
    await api.call('POST', `/v1/groups/${group.id}/meetings/${meeting.id}/announcement`, {}, tsbKey);
    const answered = performance.now();
    const arrived = () => {
      const mail = system.sink.messages
        .slice(before)
        .filter((m) => m.raw.includes(meeting.calendarUid) || m.subject.includes(`Latency ${i}`));
      return (
        mail.some((m) => m.envelopeTo.includes(group.mailingList)) &&
        mail.some((m) => m.envelopeTo[0]?.endsWith(domain))
      );
    };
    await until(arrived, `the invite and the list announcement of meeting ${i}`, 30_000, 2);
    if (i >= 0) latencies.push(performance.now() - answered);
  }
  const baseline = await bullmqRoundTrips(system.env.redisUrl, 200);
  const p99 = percentile(latencies, 99);
  const baseP99 = percentile(baseline, 99);
  return [
    {
      scenario: 'announcement latency',
      size: `${meetings} meetings`,
      unit: 'p50 ms',
      value: percentile(latencies, 50),
      runs: latencies,
      baseline: percentile(baseline, 50),
      baselineRuns: [],
      ratio: percentile(latencies, 50) / percentile(baseline, 50),
      target: '(reported)',
      met: null,
    },
    {
      scenario: 'announcement latency',
      size: `${meetings} meetings`,
      unit: 'p99 ms',
      value: p99,
      runs: [],
      baseline: baseP99,
      baselineRuns: [],
      ratio: p99 / baseP99,
      target: 'p99 under 20x a bare BullMQ round trip',
      met: p99 < 20 * baseP99,
    },
  ];
}
