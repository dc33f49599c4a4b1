import { createTransport } from 'nodemailer';
import type { Group, Meeting } from '@jcg/contracts';
import { fillRoster, groupRegistration } from '@jcg/testing';
import { cpuDuring, describeCores, type BenchSystem } from '../system';
import { median, until, type BenchResult } from '../measure';

const DAY = 24 * 3600_000;

/** A group of `participants` active people (put straight into notifications' roster) and a meeting ready to announce. */
async function announceableMeeting(
  system: BenchSystem,
  participants: number,
  domain: string,
): Promise<{ group: Group; meeting: Meeting; tsbKey: string }> {
  const { api, db } = system;
  const acronym = `BENCH-${Date.now().toString(36)}`;
  const group = await api.call<Group>('POST', '/v1/groups', groupRegistration(acronym, { concurrenceRequired: false }));
  const tsbKey = await api.tsbKey();
  const start = Date.now() + 14 * DAY;
  const meeting = await api.call<Meeting>(
    'POST',
    `/v1/groups/${group.id}/meetings`,
    {
      title: 'Plenary',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3600_000).toISOString(),
      joinDetails: { url: 'https://meetings.example.int/j/bench' },
    },
    tsbKey,
  );
  await fillRoster(db, group.id, participants, domain);
  return { group, meeting, tsbKey };
}

export interface FanOutRun {
  seconds: number;
  messages: number;
  duplicates: number;
  missing: number;
  /** One invite as it went out, for the baseline to send the same size. */
  sample: string;
  /** Where the time went. */
  phases: string;
}

/** Announces to `participants` people and waits until the SMTP server holds every invite and the list announcement. */
export async function fanOutOnce(system: BenchSystem, participants: number, timeoutMs: number): Promise<FanOutRun> {
  const domain = `n${participants}-${Date.now().toString(36)}.bench.example.org`;
  const { group, meeting, tsbKey } = await announceableMeeting(system, participants, domain);
  const before = system.sink.messages.length;
  const ours = () => system.sink.messages.slice(before);
  const expected = participants + 1;
  const t0 = performance.now();
  const requestedAt = Date.now();
  await system.api.call('POST', `/v1/groups/${group.id}/meetings/${meeting.id}/announcement`, {}, tsbKey);
  await until(() => ours().length >= expected, `${expected} messages at the SMTP server`, timeoutMs);
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1000)); // a duplicate would arrive late
  // Where the time went: deciding the messages (one transaction), queueing them, sending them.
  const { rows } = await system.db.query<{
    decided: string;
    made: string;
    queued: string;
    first_sent: string;
    last_sent: string;
  }>(
    `SELECT extract(epoch FROM min(created_at)) - $2::float8 / 1000 AS decided,
            extract(epoch FROM max(created_at) - min(created_at)) AS made,
            extract(epoch FROM max(queued_at) - min(created_at)) AS queued,
            extract(epoch FROM min(sent_at) - min(created_at)) AS first_sent,
            extract(epoch FROM max(sent_at) - min(created_at)) AS last_sent
       FROM notifications.deliveries WHERE meeting_id = $1`,
    [meeting.id, requestedAt],
  );
  const recipients = ours().flatMap((m) => m.envelopeTo);
  const unique = new Set(recipients);
  const wanted = [...Array.from({ length: participants }, (_, i) => `p${i + 1}@${domain}`), group.mailingList];
  return {
    seconds,
    messages: ours().length,
    duplicates: recipients.length - unique.size,
    missing: wanted.filter((r) => !unique.has(r)).length,
    sample: ours().find((m) => m.envelopeTo[0]?.endsWith(domain))!.raw,
    phases: `the first message decided ${Number(rows[0].decided).toFixed(2)} s after the request, all in ${Number(rows[0].made).toFixed(2)} s; from then: all queued at ${Number(rows[0].queued).toFixed(2)} s, first sent at ${Number(rows[0].first_sent).toFixed(2)} s, last at ${Number(rows[0].last_sent).toFixed(2)} s`,
  };
}

/** The baseline: nodemailer alone, the same pool (4 connections), the same message size, to the same server. */
export async function nodemailerOnce(
  smtpPort: number,
  sample: string,
  count: number,
  system: BenchSystem,
): Promise<number> {
  const transport = createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    pool: true,
    maxConnections: 4,
  });
  const before = system.sink.messages.length;
  const domain = `baseline-${Date.now().toString(36)}.bench.example.org`;
  const t0 = performance.now();
  let next = 0;
  // As many in flight as the delivery workers keep (the pool queues the rest).
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await transport.sendMail({ envelope: { from: 'bench@example.org', to: `b${i}@${domain}` }, raw: sample });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await until(() => system.sink.messages.length - before >= count, 'the baseline messages', 120_000);
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  return count / seconds;
}

/** The participants of the fan-out run before the measured ones. */
const WARM_UP_SIZE = 500;

/** Invite fan-out: messages per second at N participants, against nodemailer alone (target: >= 0.6 at every N). */
export async function fanOutScenario(system: BenchSystem, sizes: number[], runs: number): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // One fan-out and one baseline first, not counted, as the latency scenario does: the first
  // invites after start compile the rendering and sending path, where a service that has been up
  // a while is warm (the runs of N = 500 rose run by run: 410, 473, 544 messages/s without it;
  // 351, 423, 425 with it: it is not the whole story).
  const warmUp = await fanOutOnce(system, WARM_UP_SIZE, 120_000);
  await nodemailerOnce(system.smtpPort, warmUp.sample, WARM_UP_SIZE + 1, system);
  // Counted at the SMTP server all the same: a duplicate or a loss there fails the first size.
  let warmUpProblems =
    warmUp.duplicates || warmUp.missing ? ` warm-up: ${warmUp.duplicates} duplicates, ${warmUp.missing} missing;` : '';
  for (const n of sizes) {
    const rates: number[] = [];
    const baselines: number[] = [];
    let problems = warmUpProblems;
    warmUpProblems = '';
    let cores: Record<string, number> = {};
    let lastPhases = '';
    for (let r = 0; r < runs; r++) {
      const measured = await cpuDuring(system.drill, () => fanOutOnce(system, n, Math.max(120_000, n * 30)));
      const run = measured.result;
      cores = measured.cores;
      lastPhases = run.phases;
      if (run.duplicates || run.missing)
        problems += ` run ${r + 1}: ${run.duplicates} duplicates, ${run.missing} missing;`;
      rates.push(run.messages / run.seconds);
      baselines.push(await nodemailerOnce(system.smtpPort, run.sample, n + 1, system));
    }
    const value = median(rates);
    const baseline = median(baselines);
    results.push({
      scenario: 'invite fan-out',
      size: `N=${n}`,
      unit: 'messages/s',
      value,
      runs: rates,
      baseline,
      baselineRuns: baselines,
      ratio: value / baseline,
      target: '>= 0.6 of nodemailer alone; no duplicates, no losses',
      met: value / baseline >= 0.6 && !problems,
      notes: `${problems ? `counted at the SMTP server:${problems}` : 'counted at the SMTP server: every recipient once'}; last run: ${lastPhases}; CPU in cores: ${describeCores(cores)}`,
    });
  }
  return results;
}
