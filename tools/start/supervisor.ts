import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SERVICE_NODE_OPTIONS } from '@jcg/platform';

export interface ServiceProcess {
  name: string;
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REGISTER = path.join(ROOT, 'dist', 'tools', 'runtime', 'register-paths.js');
/** Framework chatter hidden from the console unless LOG_VERBOSE=1. */
const QUIET_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'NestMicroservice',
]);

/** Starts one compiled service as a child process; its JSON log lines are shown one per line, readable. */
export function spawnService(name: string, port: number, env: NodeJS.ProcessEnv, verbose: boolean): ServiceProcess {
  const main = path.join(ROOT, 'dist', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, [...SERVICE_NODE_OPTIONS, '-r', REGISTER, main], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const label = `[${name}]`.padEnd(16);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      const shown = verbose ? line : readable(line);
      if (shown !== null) process.stdout.write(`${label}${shown}\n`);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, port, child, exited };
}

function readable(line: string): string | null {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as {
      level?: string;
      context?: string;
      msg?: string;
      correlationId?: string;
      method?: string;
      path?: string;
      status?: number;
      ms?: number;
    };
    if (entry.level === 'info' && entry.context && QUIET_CONTEXTS.has(entry.context)) return null;
    const message =
      entry.msg === 'request' ? `${entry.method} ${entry.path} ${entry.status} ${entry.ms} ms` : (entry.msg ?? line);
    return `${(entry.level ?? '').padEnd(5)} ${message}${entry.correlationId ? `  [${entry.correlationId}]` : ''}`;
  } catch {
    return line;
  }
}

/** Polls GET /health/ready until it answers 200, the process exits, or time runs out. */
export async function waitUntilReady(service: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${service.name} exited before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health/ready`, {
        signal: AbortSignal.timeout(3000),
      });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} was not ready within ${Math.round(timeoutMs / 1000)} s`);
}

/** SIGTERM to every service, then SIGKILL to any still running after the grace period. */
export async function stopAll(services: ServiceProcess[], graceMs: number): Promise<void> {
  for (const s of services) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const s of services) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  }, graceMs);
  await Promise.all(services.map((s) => s.exited));
  clearTimeout(timer);
}

export interface SupervisorOptions {
  /** First delay before a restart; doubled after each crash, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Crashes within `windowMs` after which the supervisor gives up. */
  maxCrashes: number;
  windowMs: number;
}

export const SUPERVISOR_DEFAULTS: SupervisorOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 60_000,
};

/**
 * Keeps one service running: when it stops without being asked to (a crash, kill -9), it is
 * started again after a delay that doubles with each crash; after `maxCrashes` crashes within
 * `windowMs` the supervisor gives up and says so. `stop()` stops it for good.
 */
export class SupervisedService {
  current: ServiceProcess;
  private stopping = false;
  private crashes: number[] = [];
  private restartTimer?: NodeJS.Timeout;
  private readonly gaveUp: Promise<string>;
  private giveUp!: (reason: string) => void;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly start: () => ServiceProcess,
    private readonly log: (line: string) => void,
    private readonly options: SupervisorOptions = SUPERVISOR_DEFAULTS,
  ) {
    this.gaveUp = new Promise((resolve) => (this.giveUp = resolve));
    this.current = this.launch();
  }

  /** Resolves with the reason when the service keeps crashing and is no longer restarted. */
  get failed(): Promise<string> {
    return this.gaveUp;
  }

  private launch(): ServiceProcess {
    const process = this.start();
    void process.exited.then((code) => this.exited(process, code));
    return process;
  }

  private exited(process: ServiceProcess, code: number | null): void {
    if (this.stopping || process !== this.current) return;
    const signal = process.child.signalCode;
    if (signal === 'SIGTERM' || signal === 'SIGINT') {
      // Stopped on purpose (someone restarting it by hand): started again at once, not a crash.
      this.log(`${this.name} was stopped (${signal}); starting it again.`);
      this.relaunch(0);
      return;
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.options.windowMs), now];
    const how = code === null ? `killed (${signal ?? 'signal'})` : `exit code ${code}`;
    if (this.crashes.length > this.options.maxCrashes) {
      this.log(
        `${this.name} stopped unexpectedly (${how}) ${this.crashes.length} times within ${Math.round(this.options.windowMs / 1000)} s: giving up.`,
      );
      this.giveUp(`${this.name} keeps crashing`);
      return;
    }
    const delay = Math.min(this.options.initialDelayMs * 2 ** (this.crashes.length - 1), this.options.maxDelayMs);
    this.log(`${this.name} stopped unexpectedly (${how}); restarting it in ${(delay / 1000).toFixed(1)} s.`);
    this.relaunch(delay);
  }

  private relaunch(delay: number): void {
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.current = this.launch();
      const pid = this.current.child.pid;
      void waitUntilReady(this.current, 60_000).then(
        () => this.log(`${this.name} is running again (pid ${pid}).`),
        () => undefined, // its exit is handled above
      );
    }, delay);
  }

  /** Stops it for good: SIGTERM, then SIGKILL after the grace period. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await stopAll([this.current], graceMs);
  }
}
