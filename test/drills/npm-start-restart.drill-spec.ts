/*
 * Drill: kill -9 of any one service under `npm start`. The launcher restarts it and the API
 * answers again within 15 s, with every service ready; a service that keeps crashing makes the
 * launcher give up and stop the others (exit code 1).
 *
 * Runs the compiled launcher (dist/tools/start/start.js, what `npm start` runs after its build
 * step) with a database, queue prefix and ports of its own; `npm run test:drills` builds first.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@jcg/contracts';
import { DEFAULT_PORTS } from '@jcg/platform';
import {
  StopWaiting,
  createTestEnvironment,
  freePort,
  freePortRange,
  waitFor,
  type TestEnvironment,
} from '@jcg/testing';

const ROOT = path.resolve(__dirname, '../..');
const LAUNCHER = path.join(ROOT, 'dist/tools/start/start.js');
const REGISTER = path.join(ROOT, 'dist/tools/runtime/register-paths.js');
/** The bound: the API answers again, with every service ready, within 15 s of the kill. */
const RECOVERY_BOUND_MS = 15_000;

interface Launcher {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  ports: Record<ServiceName, number>;
  env: TestEnvironment;
}

const running = new Set<Launcher>();

/** Starts what `npm start` runs after its build step, against its own database, queue prefix and ports. */
async function launch(label: string): Promise<Launcher> {
  if (!existsSync(LAUNCHER)) throw new Error('dist/ is missing: run `npm run build` (npm run test:drills does it)');
  const env = await createTestEnvironment(label);
  const apiPort = await freePort();
  const servicesBase = await freePortRange(5);
  const ports = Object.fromEntries(
    SERVICE_NAMES.map((s) => [s, s === 'api' ? apiPort : servicesBase + DEFAULT_PORTS[s] - DEFAULT_PORTS.meetings]),
  ) as Record<ServiceName, number>;
  const child = spawn(process.execPath, ['-r', REGISTER, LAUNCHER], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.queuePrefix,
      PORT: String(apiPort),
      SERVICES_PORT_BASE: String(servicesBase),
      MAIL_SMTP_PORT: '0',
      MAIL_HTTP_PORT: '0',
      SMTP_URL: '',
    },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.DRILL_ECHO === '1') process.stdout.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const launcher: Launcher = { child, output: () => output, ports, env };
  running.add(launcher);
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new StopWaiting(`the launcher exited (${child.exitCode}):\n${output}`);
      return output.includes('is running');
    },
    'the launcher to report the system running',
    120_000,
  );
  return launcher;
}

/** Ctrl-C, then (if it hangs) SIGKILL to the launcher and whatever it started; drops the database. */
async function shutDown(launcher: Launcher): Promise<number | null> {
  running.delete(launcher);
  let code: number | null = launcher.child.exitCode;
  try {
    if (code === null && launcher.child.signalCode === null) {
      const children = Object.values(childPids(launcher.child.pid!));
      launcher.child.kill('SIGINT');
      const exited = await exitWithin(launcher.child, 30_000);
      if (exited === 'still running') {
        launcher.child.kill('SIGKILL');
        for (const pid of children) killQuietly(pid);
      } else {
        code = exited;
      }
    }
  } finally {
    await launcher.env.cleanup();
  }
  return code;
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve(child.exitCode)
      : child.once('exit', (code) => resolve(code)),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The launcher's exit code, or 'still running' after `ms` (the timer does not outlive the answer). */
async function exitWithin(child: ChildProcessWithoutNullStreams, ms: number): Promise<number | null | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      exitOf(child),
      new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The launcher's service processes, by name: its children whose command line runs dist/apps/<service>/src/main.js. */
function childPids(launcherPid: number): Partial<Record<ServiceName, number>> {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(launcherPid)], { encoding: 'utf8' });
  } catch {
    return {}; // ps exits 1 when there are no children
  }
  const pids: Partial<Record<ServiceName, number>> = {};
  for (const line of listing.split('\n')) {
    const match = /^\s*(\d+)\s+.*\/dist\/apps\/([a-z]+)\/src\/main\.js\s*$/.exec(line);
    if (match && (SERVICE_NAMES as readonly string[]).includes(match[2])) {
      pids[match[2] as ServiceName] = Number(match[1]);
    }
  }
  return pids;
}

/** The HTTP status, or 0 when nothing answers in time; `accept` may refuse a 200 by its body. */
async function status(url: string, init: RequestInit = {}, accept?: (body: unknown) => boolean): Promise<number> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 200 && accept && !accept(body)) return -1;
    return response.status;
  } catch {
    return 0; // not listening, or no answer in time
  }
}

/**
 * GET /v1/groups with the admin key, every service's own GET /health/ready, and the API's
 * readiness report (every service answering its readiness query through its queue, `ok` and not
 * `degraded`): the status of each (-1: 200 but degraded).
 */
async function probe(launcher: Launcher, adminKey: string): Promise<Record<string, number>> {
  const url = (service: ServiceName, pathname: string) => `http://127.0.0.1:${launcher.ports[service]}${pathname}`;
  const checks = await Promise.all([
    status(url('api', '/v1/groups'), { headers: { authorization: `Bearer ${adminKey}` } }),
    ...SERVICE_NAMES.map((s) =>
      status(
        url(s, '/health/ready'),
        {},
        s === 'api' ? (body) => (body as { status?: string })?.status === 'ok' : undefined,
      ),
    ),
  ]);
  return Object.fromEntries(
    ['GET /v1/groups', ...SERVICE_NAMES.map((s) => `${s} /health/ready`)].map((name, i) => [name, checks[i]]),
  );
}

const allAnswer = (report: Record<string, number>) => Object.values(report).every((s) => s === 200);

/** Runs what `npm run create-admin-key` runs after its build step; returns the key it printed. */
function createAdminKey(databaseUrl: string): string {
  const output = execFileSync(
    process.execPath,
    ['-r', REGISTER, path.join(ROOT, 'dist/apps/membership/src/cli/create-admin-key.js'), 'drill admin'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  );
  const key = /^(jcg_\S+)$/m.exec(output)?.[1];
  if (!key) throw new Error(`create-admin-key printed no key:\n${output}`);
  return key;
}

describe('npm start under kill -9', () => {
  afterAll(async () => {
    // A failed or timed-out test leaves its launcher running: stop it and drop its database.
    await Promise.all([...running].map((l) => shutDown(l)));
  });

  it('restarts any one killed service; the API answers again within 15 s with every service ready', async () => {
    const launcher = await launch('drillrestart');
    const { output } = launcher;
    const adminKey = createAdminKey(launcher.env.databaseUrl);
    // Before any kill: the API answers with the admin key and every service is ready.
    let before: Record<string, number> = {};
    await waitFor(
      async () => allAnswer((before = await probe(launcher, adminKey))),
      'the system to answer before any kill',
    ).catch(() => expect(before).toEqual(Object.fromEntries(Object.keys(before).map((k) => [k, 200]))));

    const recoveries: Record<string, number> = {};
    for (const service of SERVICE_NAMES) {
      const oldPid = childPids(launcher.child.pid!)[service];
      expect({ service, pid: typeof oldPid }).toEqual({ service, pid: 'number' });
      const mark = output().length;
      const killedAt = Date.now();
      process.kill(oldPid!, 'SIGKILL');

      let last: Record<string, number> = {};
      let newPid: number | undefined;
      await waitFor(
        async () => {
          if (launcher.child.exitCode !== null) {
            throw new StopWaiting(`the launcher exited (${launcher.child.exitCode}):\n${output().slice(mark)}`);
          }
          newPid = childPids(launcher.child.pid!)[service];
          if (newPid === undefined || newPid === oldPid) return false;
          last = await probe(launcher, adminKey);
          return allAnswer(last);
        },
        `${service} to be restarted and the system to answer`,
        60_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\nlast probe: ${JSON.stringify(last)}\nlauncher:\n${output().slice(mark)}`);
      });
      const recoveredInMs = Date.now() - killedAt;
      recoveries[service] = recoveredInMs;

      expect({ service, recoveredInMs, withinBound: recoveredInMs < RECOVERY_BOUND_MS }).toEqual({
        service,
        recoveredInMs,
        withinBound: true,
      });
      expect(isAlive(oldPid!)).toBe(false);
      expect(newPid).not.toBe(oldPid);
      expect(output().slice(mark)).toMatch(
        new RegExp(`${service} stopped unexpectedly \\(killed \\(SIGKILL\\)\\); restarting it in [\\d.]+ s\\.`),
      );
      // The supervisor's own readiness wait says so too, a moment after.
      await waitFor(
        () => output().slice(mark).includes(`${service} is running again (pid ${newPid}).`),
        `"${service} is running again (pid ${newPid})."`,
      );

      await sleep(2000); // one kill at a time, the system settled in between
    }
    // Recovery times (ms after the kill), for the record.
    console.log(`Recovery after kill -9, ms: ${JSON.stringify(recoveries)}`);

    // Restarted by hand (SIGTERM, as the README says): started again at once, not counted as a crash.
    for (let i = 0; i < 7; i++) {
      const pid = childPids(launcher.child.pid!).meetings!;
      const mark = output().length;
      process.kill(pid, 'SIGTERM');
      await waitFor(
        async () => {
          const next = childPids(launcher.child.pid!).meetings;
          return next !== undefined && next !== pid && allAnswer(await probe(launcher, adminKey));
        },
        'meetings restarted by hand',
        30_000,
      );
      expect(output().slice(mark)).toContain('meetings was stopped (SIGTERM); starting it again.');
    }
    expect(output()).not.toMatch(/meetings stopped unexpectedly \(killed \(SIGTERM\)\)/);
    expect(launcher.child.exitCode).toBeNull();

    expect(await probe(launcher, adminKey)).toEqual(before);
    expect(output()).not.toContain('giving up');
    expect(await shutDown(launcher)).toBe(0);
    expect(output()).toContain('Stopped.');
  });

  it('gives up on a service that keeps crashing and stops the others, exit code 1', async () => {
    const launcher = await launch('drillgiveup');
    const { output } = launcher;
    const victim: ServiceName = 'notifications';
    const first = childPids(launcher.child.pid!);
    const others = SERVICE_NAMES.filter((s) => s !== victim).map((s) => first[s]!);
    expect(others.every((pid) => typeof pid === 'number')).toBe(true);

    // Six crashes within 60 s: each new process is killed as soon as it appears. The backoff
    // (1 + 2 + 4 + 8 + 16 s) puts the sixth about 31 s after the first.
    const killedAt: number[] = [];
    let pid = first[victim]!;
    for (let crash = 1; crash <= 6; crash++) {
      process.kill(pid, 'SIGKILL');
      killedAt.push(Date.now());
      if (crash === 6) break;
      const previous = pid;
      pid = await waitFor(
        () => {
          if (launcher.child.exitCode !== null) {
            throw new StopWaiting(
              `the launcher exited (${launcher.child.exitCode}) after ${crash} crashes:\n${output()}`,
            );
          }
          const next = childPids(launcher.child.pid!)[victim];
          return next !== undefined && next !== previous ? next : false;
        },
        `${victim} to be started again after crash ${crash}`,
        40_000,
      );
    }
    expect(killedAt[5] - killedAt[0]).toBeLessThan(60_000);

    const code = await exitWithin(launcher.child, 30_000);
    expect(code).toBe(1);
    expect(output()).toContain(`${victim} stopped unexpectedly (killed (SIGKILL)) 6 times within 60 s: giving up.`);
    expect(output()).toContain(`${victim} keeps crashing; stopping the others.`);
    expect(output()).toContain('Stopped.');
    // Exactly five restarts were announced before it gave up.
    expect(
      output().match(new RegExp(`${victim} stopped unexpectedly \\(killed \\(SIGKILL\\)\\); restarting`, 'g')),
    ).toHaveLength(5);
    // The others were stopped, not orphaned.
    expect(others.filter(isAlive)).toEqual([]);
    expect(await shutDown(launcher)).toBe(1);
  });
});
