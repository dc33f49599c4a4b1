import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES } from '@jcg/contracts';
import { DEFAULT_PORTS } from '@jcg/platform';
import {
  StopWaiting,
  adminQuery,
  createTestEnvironment,
  deleteRedisKeys,
  freePort,
  freePortRange,
  waitFor,
  withDatabase,
  type TestEnvironment,
} from '@jcg/testing';

const ROOT = path.resolve(__dirname, '../..');
const LAUNCHER = path.join(ROOT, 'dist/tools/start/start.js');
const REGISTER = path.join(ROOT, 'dist/tools/runtime/register-paths.js');

/** Runs what `npm start` runs after its build step (npm test builds first). */
function launch(env: NodeJS.ProcessEnv): { child: ChildProcessWithoutNullStreams; output: () => string } {
  if (!existsSync(LAUNCHER)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  const child = spawn(process.execPath, ['-r', REGISTER, LAUNCHER], { cwd: ROOT, env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Runs what `npm run create-admin-key` runs after its build step; returns the key it printed. */
function createAdminKey(env: NodeJS.ProcessEnv): string {
  const output = execFileSync(
    process.execPath,
    ['-r', REGISTER, path.join(ROOT, 'dist/apps/membership/src/cli/create-admin-key.js'), 'test admin'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  );
  const key = /^(jcg_\S+)$/m.exec(output)?.[1];
  if (!key) throw new Error(`create-admin-key printed no key:\n${output}`);
  expect(output).toContain('It is shown this once; only its hash is stored.');
  return key;
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );
}

describe('npm start', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment('start');
  });

  afterAll(async () => {
    await env.cleanup();
  });

  it('creates the database, brings all six services to ready, and stops them all on Ctrl-C', async () => {
    // A database that does not exist yet: the launcher creates it.
    const databaseName = `${env.databaseName}_fresh`;
    const apiPort = await freePort();
    const servicesBase = await freePortRange(5);
    const { child, output } = launch({
      DATABASE_URL: withDatabase(env.databaseUrl, databaseName),
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.queuePrefix,
      PORT: String(apiPort),
      SERVICES_PORT_BASE: String(servicesBase),
      MAIL_SMTP_PORT: '0',
      MAIL_HTTP_PORT: '0',
      SMTP_URL: '',
    });
    try {
      await waitFor(
        () => {
          if (child.exitCode !== null) throw new StopWaiting(`the launcher exited (${child.exitCode}):\n${output()}`);
          return output().includes('is running');
        },
        'the launcher to report the system running',
        90_000,
      );
      expect(output()).toContain(`Console   http://localhost:${apiPort}/`);
      expect(output()).toContain(`API       http://localhost:${apiPort}/v1`);
      expect(output()).toContain(`API docs  http://localhost:${apiPort}/docs`);
      expect(output()).toMatch(/Mail {6}http:\/\/localhost:\d+ \(local sink/);
      expect(output()).toContain(`Created the database ${databaseName}`);

      for (const service of SERVICE_NAMES) {
        const port = service === 'api' ? apiPort : servicesBase + DEFAULT_PORTS[service] - DEFAULT_PORTS.meetings;
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        expect({ service, status: response.status }).toEqual({ service, status: 200 });
      }
      // The first administrator key, as the README says: npm run create-admin-key.
      const adminKey = createAdminKey({ DATABASE_URL: withDatabase(env.databaseUrl, databaseName) });
      const groups = (await (
        await fetch(`http://127.0.0.1:${apiPort}/v1/groups`, { headers: { authorization: `Bearer ${adminKey}` } })
      ).json()) as {
        items: { acronym: string }[];
      };
      expect(groups.items.map((g) => g.acronym)).toEqual(['JCG-IoTSec']);
      const docs = await fetch(`http://127.0.0.1:${apiPort}/docs-json`);
      expect(docs.status).toBe(200);
      // The web console: its page, and the script that page loads.
      const page = await fetch(`http://127.0.0.1:${apiPort}/`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
      expect(script).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${apiPort}${script}`)).status).toBe(200);

      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
      expect(output()).toContain('Stopped.');
      expect(output()).not.toMatch(/stopped unexpectedly|Error:/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await adminQuery(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await deleteRedisKeys(env.redisUrl, env.queuePrefix);
    }
  });

  it('says in one line what to do when Postgres cannot be reached', async () => {
    const closedPort = await freePort();
    const { child, output } = launch({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/jcg`,
      REDIS_URL: env.redisUrl,
    });
    expect(await exitOf(child)).toBe(1);
    expect(output().trim()).toBe(
      `Postgres is not reachable at 127.0.0.1:${closedPort} (connection refused). Start Postgres and Redis, or run \`docker compose up -d postgres redis\`.`,
    );
  });

  it('says in one line what to do when Redis cannot be reached', async () => {
    const closedPort = await freePort();
    const { child, output } = launch({ DATABASE_URL: env.databaseUrl, REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    expect(await exitOf(child)).toBe(1);
    expect(output().trim()).toBe(
      `Redis is not reachable at 127.0.0.1:${closedPort} (connection refused). Start Postgres and Redis, or run \`docker compose up -d postgres redis\`.`,
    );
  });
});
