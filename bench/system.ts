import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Queue } from 'bullmq';
import { SERVICE_NAMES, type QueueServiceName, type ServiceName } from '@jcg/contracts';
import { TIMER_HORIZON_MS, eventQueueName, redisOptionsFromUrl } from '@jcg/messaging';
import { ProcessDrill, createAdminKey, createTestEnvironment, type TestEnvironment } from '@jcg/testing';
import { MailSink } from '../tools/mail-sink/mail-sink';
import { BenchApi } from './api';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * The whole system for a benchmark run: every service as its own process (the compiled apps,
 * as `npm start` runs them) against a database and queue prefix of the run's own, with a local
 * SMTP server the run counts at. Removed again by `stop()`.
 */
export interface BenchSystem {
  env: TestEnvironment;
  drill: ProcessDrill;
  sink: MailSink;
  smtpPort: number;
  api: BenchApi;
  db: Client;
  stop(): Promise<void>;
}

export interface BenchSystemOptions {
  /** Write a CPU profile of each service into this folder (`--cpu-prof`): see `profile/`. */
  profileDir?: string;
}

export async function startBenchSystem(options: BenchSystemOptions = {}): Promise<BenchSystem> {
  const env = await createTestEnvironment('bench');
  const sink = new MailSink();
  const smtpPort = (await sink.start({ smtp: 0, http: 0 })).smtpPort;
  const { profileDir } = options;
  const drill = new ProcessDrill(env, {
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      LOG_LEVEL: 'warn',
      // The webhook receivers of the bench run on this machine.
      WEBHOOK_ALLOW_LOOPBACK: '1',
      // The bench's one key makes about 2,000 requests a second: far above the production limit
      // (10000/1m), so it gets one out of reach. The limiter still counts every request, so its
      // cost stays in the numbers.
      RATE_LIMIT_API_KEY: '100000000/1m',
      ...(profileDir
        ? {
            NODE_OPTIONS: `--require ${path.join(ROOT, 'dist/bench/profile/cpu-profile.preload.js')}`,
            BENCH_PROFILE_DIR: profileDir,
          }
        : {}),
    },
    serviceEnv: Object.fromEntries(SERVICE_NAMES.map((s) => [s, { BENCH_PROFILE_NAME: s }])),
  });
  await drill.startAll();
  if (profileDir) for (const service of SERVICE_NAMES) drill.process(service)?.child.kill('SIGUSR2');
  const db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  const api = new BenchApi(drill.url('api'), createAdminKey(env.databaseUrl, 'bench'));
  return {
    env,
    drill,
    sink,
    smtpPort,
    api,
    db,
    stop: async () => {
      if (profileDir) await writeProfiles(drill, profileDir);
      await drill.killAll();
      await db.end().catch(() => undefined);
      await sink.stop();
      await env.cleanup();
    },
  };
}

/** A process's resident memory (Linux: VmRSS), in MB. */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : NaN;
}

/** Each service's resident memory now. */
export function servicesRss(drill: ProcessDrill): Record<ServiceName, number> {
  return Object.fromEntries(SERVICE_NAMES.map((s) => [s, rssMb(drill.process(s)!.child.pid!)])) as Record<
    ServiceName,
    number
  >;
}

/** Asks every service for its CPU profile (a second SIGUSR2, see `profile/cpu-profile.preload.ts`) and waits for the files. */
async function writeProfiles(drill: ProcessDrill, dir: string): Promise<void> {
  for (const service of SERVICE_NAMES) drill.process(service)?.child.kill('SIGUSR2');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !SERVICE_NAMES.every((s) => existsSync(path.join(dir, `${s}.cpuprofile`)))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** CPU seconds a process has used so far (Linux: utime + stime in /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks: 100 a second on Linux
  } catch {
    return 0;
  }
}

/** The processes of a program by name (redis-server, postgres), from /proc. */
function pidsOf(program: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === program;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Where the machine's CPU goes during `work`: each service, Redis and Postgres, as a share of one
 * core (1.0 = one core busy the whole time). Says what bounds a scenario on this 2-core machine.
 */
export async function cpuDuring<T>(
  drill: ProcessDrill,
  work: () => Promise<T>,
): Promise<{ result: T; cores: Record<string, number> }> {
  const groups: Record<string, () => number[]> = {
    ...Object.fromEntries(SERVICE_NAMES.map((s) => [s, () => [drill.process(s)!.child.pid!]])),
    redis: () => pidsOf('redis-server'),
    postgres: () => pidsOf('postgres'),
    bench: () => [process.pid],
  };
  const used = () =>
    Object.fromEntries(
      Object.entries(groups).map(([name, pids]) => [name, pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0)]),
    );
  const before = used();
  const started = Date.now();
  const result = await work();
  const seconds = (Date.now() - started) / 1000;
  const after = used();
  const cores = Object.fromEntries(
    Object.keys(groups).map((name) => [name, Math.round(((after[name] - before[name]) / seconds) * 100) / 100]),
  );
  return { result, cores };
}

/** "api 0.62, meetings 0.31, ..." for a scenario's notes. */
export function describeCores(cores: Record<string, number>): string {
  return Object.entries(cores)
    .filter(([, share]) => share >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .map(([name, share]) => `${name} ${share.toFixed(2)}`)
    .join(', ');
}

/**
 * Waits until the system has nothing left to do: every service's outbox published, every timer
 * due within the horizon handed to Redis, every event queue empty. A scenario measured after a burst of set-up work then
 * measures itself, not the tail of that burst.
 */
export async function untilQuiet(system: BenchSystem, timeoutMs = 300_000): Promise<void> {
  const services = SERVICE_NAMES.filter((s): s is QueueServiceName => s !== 'api');
  const open = services.map(
    (s) =>
      new Queue(eventQueueName(s), {
        connection: redisOptionsFromUrl(system.env.redisUrl),
        prefix: system.env.queuePrefix,
      }),
  );
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let pending = 0;
      for (const s of services) {
        const { rows } = await system.db.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM ${s}.outbox WHERE published_at IS NULL AND set_aside_at IS NULL)
                + (SELECT count(*) FROM ${s}.timers
                    WHERE status = 'scheduled' AND enqueued_epoch IS NULL AND due_at < $1) AS n`,
          [new Date(Date.now() + TIMER_HORIZON_MS)],
        );
        pending += Number(rows[0].n);
      }
      for (const queue of open) {
        const counts = await queue.getJobCounts('waiting', 'active');
        pending += counts.waiting + counts.active;
      }
      if (pending === 0) return;
      if (Date.now() > deadline)
        throw new Error(`the system was still busy after ${timeoutMs} ms (${pending} pending)`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await Promise.all(open.map((q) => q.close()));
  }
}
