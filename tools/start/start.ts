/*
 * `npm start`: the whole system on one machine. Checks Postgres and Redis, starts a local
 * mail sink (unless SMTP_URL is set), then every service (each runs its migrations; membership
 * seeds JCG-IoTSec), waits until all are ready and prints where to go. Ctrl-C stops everything.
 */
import { DEFAULT_DATABASE_URL, DEFAULT_PORTS, DEFAULT_REDIS_URL } from '@jcg/platform';
import { SERVICE_NAMES } from '@jcg/contracts';
import { MailSink } from '../mail-sink/mail-sink.js';
import { PreflightError, checkPostgres, checkRedis } from './preflight.js';
import { SupervisedService, spawnService, waitUntilReady } from './supervisor.js';

function portOf(name: (typeof SERVICE_NAMES)[number], env: NodeJS.ProcessEnv): number {
  if (name === 'api') return Number(env.PORT ?? DEFAULT_PORTS.api);
  const base = env.SERVICES_PORT_BASE ? Number(env.SERVICES_PORT_BASE) : DEFAULT_PORTS.meetings;
  return base + (DEFAULT_PORTS[name] - DEFAULT_PORTS.meetings);
}

async function main(): Promise<void> {
  const env = { ...process.env };
  env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
  env.REDIS_URL ??= DEFAULT_REDIS_URL;
  // Sign-in links in mail point to this machine's API.
  env.PUBLIC_URL ??= `http://localhost:${portOf('api', env)}`;
  const verbose = env.LOG_VERBOSE === '1';

  try {
    const { created } = await checkPostgres(env.DATABASE_URL);
    if (created) console.log(`Created the database ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
    await checkRedis(env.REDIS_URL);
  } catch (error) {
    if (error instanceof PreflightError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  let sink: MailSink | undefined;
  let mailLine: string;
  if (env.SMTP_URL) {
    mailLine = `sent through ${env.SMTP_URL}`;
  } else {
    sink = new MailSink();
    const ports = await sink.start({
      smtp: Number(env.MAIL_SMTP_PORT ?? 1025),
      http: Number(env.MAIL_HTTP_PORT ?? 1080),
    });
    env.SMTP_URL = `smtp://127.0.0.1:${ports.smtpPort}`;
    mailLine = `http://localhost:${ports.httpPort} (local sink, SMTP on 127.0.0.1:${ports.smtpPort})`;
  }

  const services = SERVICE_NAMES.map(
    (name) =>
      new SupervisedService(
        name,
        portOf(name, env),
        () => spawnService(name, portOf(name, env), env, verbose),
        (line) => console.error(line),
      ),
  );
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping every service...');
    await Promise.all(services.map((s) => s.stop(15_000)));
    await sink?.stop();
    console.log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // A crashed service is restarted (with backoff); one that keeps crashing stops everything.
  for (const s of services) {
    void s.failed.then((reason) => {
      console.error(`${reason}; stopping the others. Its log lines above say why.`);
      void shutdown(1);
    });
  }

  try {
    await Promise.all(services.map((s) => waitUntilReady(s.current, Number(env.START_TIMEOUT_MS ?? 60_000))));
  } catch (error) {
    console.error(`Could not start: ${(error as Error).message}`);
    await shutdown(1);
    return;
  }
  const api = `http://localhost:${portOf('api', env)}`;
  console.log(
    [
      '',
      'The correspondence-group platform is running.',
      `  Console   ${api}/  (sign in with your address: the link arrives in the mail below)`,
      `  API       ${api}/v1`,
      `  API docs  ${api}/docs`,
      `  Mail      ${mailLine}`,
      `  Services  ${services.map((s) => `${s.name}:${s.port}`).join('  ')}`,
      'A service that stops unexpectedly is restarted. Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${(error as Error).message}`);
  process.exit(1);
});
