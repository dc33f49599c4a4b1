import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { ServiceName } from '@jcg/contracts';
import { ProcessDrill, createTestEnvironment, type TestEnvironment } from '@jcg/testing';
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
  const api = new BenchApi(drill.url('api'), adminKey(env.databaseUrl));
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

/** An administrator's key, made as `npm run create-admin-key` makes it. */
function adminKey(databaseUrl: string): string {
  const output = execFileSync(
    process.execPath,
    [
      '-r',
      path.join(ROOT, 'dist/tools/runtime/register-paths.js'),
      path.join(ROOT, 'dist/apps/membership/src/cli/create-admin-key.js'),
      'bench',
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  );
  const key = /^(jcg_\S+)$/m.exec(output)?.[1];
  if (!key) throw new Error(`create-admin-key printed no key:\n${output}`);
  return key;
}

/** A process's resident memory (Linux: VmRSS), in MB. */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : NaN;
}

/** Each service's resident memory now. */
export function servicesRss(drill: ProcessDrill): Record<ServiceName, number> {
  const services: ServiceName[] = ['api', 'meetings', 'agenda', 'membership', 'reporting', 'notifications'];
  return Object.fromEntries(services.map((s) => [s, rssMb(drill.process(s)!.child.pid!)])) as Record<
    ServiceName,
    number
  >;
}
