import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { v7 as uuidv7 } from 'uuid';
import type { ServiceName } from '@jcg/contracts';
import { SERVICE_NODE_OPTIONS } from '@jcg/platform';
import { StopWaiting, freePortRange, waitFor, type TestEnvironment } from './test-environment.js';

/** The repository's root: where package.json and the compiled dist/ are. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'apps'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('The drill harness cannot find the repository root');
    dir = parent;
  }
  return dir;
}

/**
 * An administrator's key, made the way `npm run create-admin-key` makes it (only the database is
 * needed; the compiled CLI must exist: `npm run build`).
 */
export function createAdminKey(databaseUrl: string, label = 'drill'): string {
  const root = repositoryRoot();
  const output = execFileSync(
    process.execPath,
    [
      '-r',
      path.join(root, 'dist/tools/runtime/register-paths.js'),
      path.join(root, 'dist/apps/membership/src/cli/create-admin-key.js'),
      label,
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  );
  const key = /^(jcg_\S+)$/m.exec(output)?.[1];
  if (!key) throw new Error(`create-admin-key printed no key:\n${output}`);
  return key;
}

/** Something that runs SQL (a pg Client or Pool). */
interface Sql {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * `count` active participants of a group put straight into notifications' roster, addressed
 * p1@domain, p2@domain...: registering thousands through membership would take minutes and
 * measure membership (the roster's events are tested elsewhere).
 */
export async function fillRoster(db: Sql, groupId: string, count: number, domain: string): Promise<void> {
  await db.query(
    `INSERT INTO notifications.roster (participant_id, group_id, name, email, time_zone, role, status, last_event_id)
     SELECT id, $1, 'Participant ' || n, 'p' || n || '@' || $3, 'Europe/Zurich', 'participant', 'active', id
       FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, n)`,
    [groupId, Array.from({ length: count }, () => uuidv7()), domain],
  );
}

export interface DrillProcess {
  service: ServiceName;
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** The process's output lines (JSON log lines), newest last. */
  lines: string[];
}

export interface DrillOptions {
  /** Variables every service gets (SMTP_URL, MEETING_TOOLS ...). */
  env?: NodeJS.ProcessEnv;
  /** Per service, variables of its own. */
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Where Postgres and Redis are, when not the environment's own (a proxy, a Redis of the drill's). */
  databaseUrl?: string;
  redisUrl?: string;
}

const ORDER: ServiceName[] = ['membership', 'meetings', 'agenda', 'reporting', 'notifications', 'api'];

/**
 * Runs the services as separate OS processes, the way `npm start` does (the compiled apps in
 * dist/, each with its own port), against a test environment's database and queue prefix, and
 * kills them the way production loses them: SIGKILL, never a graceful close. Needs `npm run
 * build` first (`npm test` and `npm run test:drills` build before they run).
 */
export class ProcessDrill {
  private readonly root = repositoryRoot();
  private readonly running = new Map<ServiceName, DrillProcess>();
  private readonly ports = new Map<ServiceName, number>();

  constructor(
    private readonly environment: TestEnvironment,
    private readonly options: DrillOptions = {},
  ) {
    const main = path.join(this.root, 'dist', 'apps', 'api', 'src', 'main.js');
    if (!existsSync(main)) throw new Error('dist/ is missing: run `npm run build` before the drills');
  }

  /** Starts these services (all of them by default) and waits until each is ready. */
  async startAll(services: ServiceName[] = ORDER): Promise<void> {
    const base = await freePortRange(services.length);
    services.forEach((s, i) => this.ports.set(s, this.ports.get(s) ?? base + i));
    await Promise.all(services.map((s) => this.start(s)));
  }

  /** Starts one service (on the port it had before, if it ran before) and waits until it is ready. */
  async start(service: ServiceName, timeoutMs = 60_000): Promise<DrillProcess> {
    if (this.running.has(service)) throw new Error(`${service} is already running`);
    const port = this.ports.get(service) ?? (await freePortRange(1));
    this.ports.set(service, port);
    const child = spawn(
      process.execPath,
      [
        ...SERVICE_NODE_OPTIONS,
        '-r',
        path.join(this.root, 'dist/tools/runtime/register-paths.js'),
        path.join(this.root, `dist/apps/${service}/src/main.js`),
      ],
      {
        cwd: this.root,
        env: {
          ...process.env,
          DATABASE_URL: this.options.databaseUrl ?? this.environment.databaseUrl,
          REDIS_URL: this.options.redisUrl ?? this.environment.redisUrl,
          QUEUE_PREFIX: this.environment.queuePrefix,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
          INSTANCE_ID: `${service}-drill-${Date.now().toString(36)}`,
          ...this.options.env,
          ...this.options.serviceEnv?.[service],
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (lines.length > 5000) lines.shift();
        if (process.env.DRILL_ECHO === '1') process.stdout.write(`[${service}] ${line}\n`);
      });
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const proc: DrillProcess = { service, port, child, exited, lines };
    this.running.set(service, proc);
    void exited.then(() => {
      if (this.running.get(service) === proc) this.running.delete(service);
    });
    await this.waitReady(proc, timeoutMs);
    return proc;
  }

  /** SIGKILL: the process dies at once, whatever it was doing (no shutdown hook runs). */
  async kill(service: ServiceName): Promise<void> {
    const proc = this.running.get(service);
    if (!proc) throw new Error(`${service} is not running`);
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  /** The base URL of a running service. */
  url(service: ServiceName, pathname = ''): string {
    const port = this.ports.get(service);
    if (port === undefined) throw new Error(`${service} never ran`);
    return `http://127.0.0.1:${port}${pathname}`;
  }

  process(service: ServiceName): DrillProcess | undefined {
    return this.running.get(service);
  }

  /** Kills whatever still runs (the end of a drill). */
  async killAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((s) => this.kill(s)));
  }

  private async waitReady(proc: DrillProcess, timeoutMs: number): Promise<void> {
    let exitCode: number | null | undefined;
    void proc.exited.then((code) => (exitCode = code));
    await waitFor(
      async () => {
        if (exitCode !== undefined) {
          throw new StopWaiting(
            `${proc.service} exited (${exitCode}) before it was ready:\n${proc.lines.slice(-20).join('\n')}`,
          );
        }
        const response = await fetch(`http://127.0.0.1:${proc.port}/health/ready`, {
          signal: AbortSignal.timeout(2000),
        });
        return response.status === 200;
      },
      `${proc.service} to be ready`,
      timeoutMs,
    );
  }
}
