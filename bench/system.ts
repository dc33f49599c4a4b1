import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { SERVICE_NAMES, type ServiceName } from '@jcg/contracts';
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

export async function startBenchSystem(extraEnv: NodeJS.ProcessEnv = {}): Promise<BenchSystem> {
  const env = await createTestEnvironment('bench');
  const sink = new MailSink();
  const smtpPort = (await sink.start({ smtp: 0, http: 0 })).smtpPort;
  const drill = new ProcessDrill(env, {
    env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, LOG_LEVEL: 'warn', ...extraEnv },
  });
  await drill.startAll();
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
