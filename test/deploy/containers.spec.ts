/*
 * The deployment files, checked without Docker or a cluster: the Dockerfile, docker-compose.yml
 * and every manifest under k8s/ are parsed and held to what the services need (the catalogue of
 * services, their ports, health endpoints and settings). The image's entrypoint and healthcheck
 * helper, written inline in the Dockerfile, are also run here as they would run in the image.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { QUEUE_SERVICES, SERVICE_NAMES } from '@jcg/contracts';
import { DEFAULT_PORTS, SERVICE_NODE_OPTIONS, loadConfig } from '@jcg/platform';

const ROOT = path.resolve(__dirname, '../..');
const read = (relative: string): string => fs.readFileSync(path.join(ROOT, relative), 'utf8');

type Json = Record<string, unknown>;

/** Walks `object` along a dotted path; fails with the file and the path when a step is missing. */
function at(object: unknown, dotted: string, where: string): unknown {
  let current: unknown = object;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object' || !(key in current)) {
      throw new Error(`${where}: missing ${dotted} (no "${key}")`);
    }
    current = (current as Json)[key];
  }
  return current;
}
const objectAt = (object: unknown, dotted: string, where: string): Json => {
  const value = at(object, dotted, where);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${where}: ${dotted} is not a mapping`);
  return value as Json;
};
const arrayAt = (object: unknown, dotted: string, where: string): unknown[] => {
  const value = at(object, dotted, where);
  if (!Array.isArray(value)) throw new Error(`${where}: ${dotted} is not a list`);
  return value;
};

// ------------------------------------------------------------------------------------------------
// Dockerfile
// ------------------------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
  line: number;
  /** Bodies of the heredocs that follow the instruction, in order. */
  heredocs: string[];
}

/** Enough of the Dockerfile grammar for these checks: comments, line continuations, heredocs. */
function parseDockerfile(text: string): Instruction[] {
  const lines = text.split('\n');
  const instructions: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    let logical = lines[i++];
    if (logical.trim() === '' || logical.trimStart().startsWith('#')) continue;
    while (logical.trimEnd().endsWith('\\') && i < lines.length) {
      const next = lines[i++];
      if (next.trimStart().startsWith('#')) continue;
      logical = logical.trimEnd().slice(0, -1) + ' ' + next.trim();
    }
    const match = /^\s*(\S+)\s*(.*)$/.exec(logical);
    if (!match) continue;
    const heredocs: string[] = [];
    for (const doc of match[2].matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
      const body: string[] = [];
      const strip = doc[1] === '-';
      while (i < lines.length && (strip ? lines[i].replace(/^\t+/, '') : lines[i]) !== doc[3]) body.push(lines[i++]);
      if (i >= lines.length) throw new Error(`Dockerfile:${start + 1}: heredoc ${doc[3]} is never closed`);
      i++;
      heredocs.push(body.join('\n') + '\n');
    }
    instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: start + 1, heredocs });
  }
  return instructions;
}

interface Stage {
  name: string | undefined;
  from: string;
  instructions: Instruction[];
}

function stagesOf(instructions: Instruction[]): { globalArgs: Map<string, string>; stages: Stage[] } {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`Dockerfile:${instruction.line}: cannot read FROM ${instruction.args}`);
      const from = match[1].replace(/\$\{?(\w+)\}?/g, (_, name: string) => globalArgs.get(name) ?? `\${${name}}`);
      stages.push({ name: match[2]?.toLowerCase(), from, instructions: [] });
    } else if (stages.length === 0) {
      const arg = /^(\w+)=(\S+)$/.exec(instruction.args);
      if (instruction.keyword === 'ARG' && arg) globalArgs.set(arg[1], arg[2].replace(/^["']|["']$/g, ''));
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** `["a", "b"]` (exec form) or `a b` (shell form) as a list of words. */
function commandWords(args: string): string[] {
  const trimmed = args.trim();
  return trimmed.startsWith('[') ? (JSON.parse(trimmed) as string[]) : trimmed.split(/\s+/);
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const { stages } = stagesOf(dockerfile);
const runtime = stages[stages.length - 1];
const stageNames = new Set(stages.map((s) => s.name).filter((n): n is string => n !== undefined));
const inRuntime = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);

/** The file a heredoc COPY writes in the runtime stage, by its path in the image. */
function inlineFile(imagePath: string): string {
  const copy = inRuntime('COPY').find((i) => i.heredocs.length === 1 && i.args.trim().endsWith(` ${imagePath}`));
  if (!copy) throw new Error(`Dockerfile: the runtime stage writes no ${imagePath} (COPY <<EOF ${imagePath})`);
  return copy.heredocs[0];
}

function entrypointPath(): string {
  const entrypoint = inRuntime('ENTRYPOINT').at(-1) ?? inRuntime('CMD').at(-1);
  if (!entrypoint) throw new Error('Dockerfile: the runtime stage has neither ENTRYPOINT nor CMD');
  const command = commandWords(entrypoint.args)[0];
  return command.startsWith('/') ? command : `/usr/local/bin/${command}`;
}

/** Runs a command and resolves with its exit code and output (async: the test's server must keep answering). */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('Dockerfile', () => {
  // The inline scripts are written here to be run; removed afterwards.
  let tempDir = '';
  beforeAll(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jcg-deploy-'));
  });
  afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));
  const writeTemp = (name: string, content: string): string => {
    const file = path.join(tempDir, name);
    fs.writeFileSync(file, content, { mode: 0o755 });
    return file;
  };

  it('is multi-stage, with named stages', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.name).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(stageNames.size).toBe(stages.length);
  });

  it('starts from a maintained Node LTS image, major pinned, that satisfies package.json engines', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minimumMajor = Number(/>=\s*(\d+)/.exec(engines)?.[1]);
    for (const stage of stages.filter((s) => !stageNames.has(s.from))) {
      const match = /^node:(\d+)(?:\.\d+){0,2}-[a-z]+(?:-slim)?$/.exec(stage.from);
      if (!match)
        throw new Error(
          `Dockerfile: stage ${stage.name} starts from ${stage.from}, not node:<major>-<debian release>[-slim]`,
        );
      const major = Number(match[1]);
      // LTS lines are the even majors. Node 20 reached end of life on 2026-04-30, 22 does on
      // 2027-04-30 and 24 on 2028-04-30: raise the floor here when a line goes.
      expect(major % 2).toBe(0);
      expect(major).toBeGreaterThanOrEqual(22);
      expect(major).toBeGreaterThanOrEqual(minimumMajor);
    }
  });

  it('builds with the dev dependencies and ships production dependencies only', () => {
    const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(stages.some((s) => runs(s).some((r) => /\bnpm run build\b/.test(r)))).toBe(true);
    const prodStages = stages
      .filter((s) => runs(s).some((r) => /\bnpm (ci|prune)\b.*--omit=dev/.test(r)))
      .map((s) => s.name);
    expect(prodStages.length).toBeGreaterThan(0);
    const nodeModules = inRuntime('COPY').find((i) => /\bnode_modules\b/.test(i.args));
    if (!nodeModules) throw new Error('Dockerfile: the runtime stage copies no node_modules');
    const from = /--from=(\S+)/.exec(nodeModules.args)?.[1];
    expect(prodStages).toContain(from);
    expect(inRuntime('COPY').some((i) => /\bdist\b/.test(i.args) && /--from=/.test(i.args))).toBe(true);
    expect(inRuntime('COPY').some((i) => /\bpackage\.json\b/.test(i.args))).toBe(true);
  });

  it('runs as a non-root user with NODE_ENV=production', () => {
    const user = inRuntime('USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user?.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(
      stages.flatMap((s) => s.instructions).some((i) => i.keyword === 'ENV' && /\bNODE_ENV=production\b/.test(i.args)),
    ).toBe(true);
  });

  it('has a HEALTHCHECK that asks /health/live with node', () => {
    const healthcheck = inRuntime('HEALTHCHECK').at(-1);
    if (!healthcheck) throw new Error('Dockerfile: the runtime stage has no HEALTHCHECK');
    const words = commandWords(healthcheck.args.replace(/^(--\S+\s+)*CMD\s+/, ''));
    expect(words[0]).toBe('node');
    expect(words).toContain('/health/live');
  });

  it('starts exactly the services of the catalogue, each from a main that the build emits', () => {
    const script = inlineFile(entrypointPath());
    const list = /^SERVICES="([^"]*)"$/m.exec(script)?.[1].split(/\s+/);
    expect(list).toEqual([...SERVICE_NAMES]);
    expect(script).toContain('-r ./dist/tools/runtime/register-paths.js');
    // The same Node options as npm start and the drills give every service.
    const execLine = script.split('\n').find((l) => l.startsWith('exec node '))!;
    for (const option of SERVICE_NODE_OPTIONS) expect(execLine.split(' ')).toContain(option);
    // And `npx nx serve <service>`.
    for (const service of SERVICE_NAMES) {
      const project = JSON.parse(fs.readFileSync(path.join(ROOT, `apps/${service}/project.json`), 'utf8')) as {
        targets: { serve: { options: { command: string } } };
      };
      const words = project.targets.serve.options.command.split(' ');
      for (const option of SERVICE_NODE_OPTIONS) expect(words).toContain(option);
    }
    expect(script).toContain('"dist/apps/$SERVICE/src/main.js"');
    expect(fs.existsSync(path.join(ROOT, 'tools/runtime/register-paths.ts'))).toBe(true);
    for (const service of SERVICE_NAMES)
      expect(fs.existsSync(path.join(ROOT, `apps/${service}/src/main.ts`))).toBe(true);
  });

  it('refuses an unknown or missing SERVICE with a message that names the services', async () => {
    const file = writeTemp('jcg-service', inlineFile(entrypointPath()));
    for (const value of ['bogus', '', 'api meetings']) {
      const result = await run('sh', [file], { PATH: process.env.PATH, SERVICE: value });
      expect(result.code).toBe(64);
      for (const service of SERVICE_NAMES) expect(result.stderr).toContain(service);
    }
  });

  it('has a healthcheck helper that follows the default ports and tells a 2xx from anything else', async () => {
    const helper = inlineFile('/usr/local/bin/jcg-healthcheck');
    const literal = /const DEFAULT_PORTS = \{([^}]*)\}/.exec(helper)?.[1] ?? '';
    const ports = Object.fromEntries([...literal.matchAll(/(\w+):\s*(\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(ports).toEqual(DEFAULT_PORTS);

    const file = writeTemp('jcg-healthcheck', helper);
    const server = http.createServer((request, response) => {
      response.statusCode = request.url === '/health/live' ? 200 : 503;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = { PATH: process.env.PATH, SERVICE: 'meetings', PORT: String((server.address() as AddressInfo).port) };
      expect((await run(process.execPath, [file, '/health/live'], env)).code).toBe(0);
      const ready = await run(process.execPath, [file, '/health/ready'], env);
      expect(ready.code).toBe(1);
      expect(ready.stderr).toContain('503');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('has a .dockerignore that keeps node_modules, dist and .git out and the sources in', () => {
    const entries = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    for (const excluded of ['node_modules', 'dist', '.git']) expect(entries).toContain(excluded);
    for (const needed of [
      'package.json',
      'package-lock.json',
      'tsconfig.base.json',
      'tsconfig.build.json',
      'apps',
      'libs',
      'tools',
    ]) {
      expect(entries).not.toContain(needed);
    }
  });
});

// ------------------------------------------------------------------------------------------------
// docker-compose.yml
// ------------------------------------------------------------------------------------------------

// merge: Compose supports YAML merge keys (<<), and the file shares its settings with them.
const compose = parse(read('docker-compose.yml'), { merge: true }) as Json;
const composeServices = objectAt(compose, 'services', 'docker-compose.yml');
const composeService = (name: string): Json => objectAt(composeServices, name, 'docker-compose.yml services');

/** A service's environment as a map, from either of Compose's two forms. */
function environmentOf(service: Json): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => String(entry).split(/=(.*)/s).slice(0, 2) as [string, string]));
  }
  return Object.fromEntries(Object.entries(env as Json).map(([k, v]) => [k, String(v)]));
}

/** A command or healthcheck test as a list of words. */
function words(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => String(v).split(/\s+/));
  return typeof value === 'string' ? value.split(/\s+/) : [];
}

interface Published {
  hostIp: string | undefined;
  container: number;
}
/** The published ports of a service, short ("127.0.0.1:${X:-5432}:5432") or long syntax. */
function publishedPorts(service: Json): Published[] {
  return ((service.ports as unknown[]) ?? []).map((port) => {
    if (typeof port === 'object' && port !== null) {
      const long = port as { target: number; host_ip?: string };
      return { hostIp: long.host_ip, container: Number(long.target) };
    }
    const match = /^(?:([\d.]+):)?(?:(\$\{[^}]+\}|\d+):)?(\d+)(?:\/(?:tcp|udp))?$/.exec(String(port));
    if (!match) throw new Error(`docker-compose.yml: cannot read port ${String(port)}`);
    return { hostIp: match[1], container: Number(match[3]) };
  });
}

function dependsOnHealthy(service: Json, name: string): boolean {
  const dependsOn = service.depends_on as Json | undefined;
  return (dependsOn?.[name] as Json | undefined)?.condition === 'service_healthy';
}

const MAIL_CATCHER_IMAGE = /(mailpit|mailcatcher|mailhog)/;

/** The API's own settings (its rate limits): each set where it is deployed, to a value it accepts. */
const API_RATE_LIMIT_SETTINGS = [
  'RATE_LIMIT_API_KEY',
  'RATE_LIMIT_SESSION',
  'RATE_LIMIT_SIGN_IN',
  'RATE_LIMIT_INBOUND_WEBHOOK',
  'RATE_LIMIT_FAILED_AUTH',
  'TRUSTED_PROXY_HOPS',
];

describe('docker-compose.yml', () => {
  it.each([...SERVICE_NAMES])('runs %s from the project image, with its SERVICE, port and settings', (name) => {
    const service = composeService(name);
    const where = `docker-compose.yml services.${name}`;
    const build = service.build;
    expect(build ?? service.image).toBeDefined();
    if (build !== undefined) {
      const context = typeof build === 'string' ? build : (build as Json).context;
      expect(context).toBe('.');
    }
    const env = environmentOf(service);
    expect(env.SERVICE).toBe(name);
    expect(Number(env.PORT ?? DEFAULT_PORTS[name])).toBe(DEFAULT_PORTS[name]);
    expect(new URL(at(env, 'DATABASE_URL', where) as string).hostname).toBe('postgres');
    expect(new URL(at(env, 'REDIS_URL', where) as string).hostname).toBe('redis');
    expect(service.restart).toBe('unless-stopped');
  });

  it.each([...SERVICE_NAMES])(
    'checks %s with node on /health/ready and waits for healthy Postgres and Redis',
    (name) => {
      const service = composeService(name);
      const test = words(at(service, 'healthcheck.test', `docker-compose.yml services.${name}`));
      expect(test).toContain('node');
      expect(test.some((w) => w.includes('/health/ready'))).toBe(true);
      expect(dependsOnHealthy(service, 'postgres')).toBe(true);
      expect(dependsOnHealthy(service, 'redis')).toBe(true);
    },
  );

  it('builds one image for all six services', () => {
    const images = new Set(SERVICE_NAMES.map((name) => composeService(name).image));
    expect(images.size).toBe(1);
  });

  it('runs Postgres with the jcg database, a volume and pg_isready, published on 127.0.0.1 only', () => {
    const postgres = composeService('postgres');
    expect(String(postgres.image)).toMatch(/^postgres:1[5-9]\b/);
    expect(environmentOf(postgres).POSTGRES_DB).toBe('jcg');
    expect(words(at(postgres, 'healthcheck.test', 'postgres'))).toContain('pg_isready');
    expect(arrayAt(postgres, 'volumes', 'postgres').length).toBeGreaterThan(0);
    expect(publishedPorts(postgres)).toEqual([{ hostIp: '127.0.0.1', container: 5432 }]);
  });

  it('runs Redis with the append-only file and noeviction (BullMQ), a volume and redis-cli ping', () => {
    const redis = composeService('redis');
    expect(String(redis.image)).toMatch(/^redis:[7-9]\b/);
    const command = words(redis.command).join(' ');
    expect(command).toMatch(/--appendonly yes\b/);
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
    expect(words(at(redis, 'healthcheck.test', 'redis')).join(' ')).toContain('redis-cli ping');
    expect(arrayAt(redis, 'volumes', 'redis').length).toBeGreaterThan(0);
    expect(publishedPorts(redis)).toEqual([{ hostIp: '127.0.0.1', container: 6379 }]);
  });

  it('has a mail catcher that notifications sends to, with a healthcheck and its web UI on 8025', () => {
    const catchers = Object.entries(composeServices).filter(([, s]) =>
      MAIL_CATCHER_IMAGE.test(String((s as Json).image)),
    );
    expect(catchers).toHaveLength(1);
    const [catcherName, catcher] = catchers[0] as [string, Json];
    expect(at(catcher, 'healthcheck.test', catcherName)).toBeDefined();
    expect(publishedPorts(catcher).map((p) => p.container)).toEqual([8025]);
    const notifications = composeService('notifications');
    expect(new URL(environmentOf(notifications).SMTP_URL).hostname).toBe(catcherName);
    expect(dependsOnHealthy(notifications, catcherName)).toBe(true);
  });

  it('publishes only the API, the mail UI, Postgres and Redis', () => {
    const publishing = Object.entries(composeServices)
      .filter(([, s]) => publishedPorts(s as Json).length > 0)
      .map(([name]) => name)
      .sort();
    const catcher = Object.entries(composeServices).find(([, s]) =>
      MAIL_CATCHER_IMAGE.test(String((s as Json).image)),
    )?.[0];
    expect(publishing).toEqual(['api', catcher, 'postgres', 'redis'].sort());
    expect(publishedPorts(composeService('api'))).toEqual([{ hostIp: undefined, container: DEFAULT_PORTS.api }]);
  });

  it('gives the API its rate limits, as settings it accepts', () => {
    const env = environmentOf(composeService('api'));
    expect(Object.keys(env)).toEqual(expect.arrayContaining(API_RATE_LIMIT_SETTINGS));
    expect(() => loadConfig('api', env)).not.toThrow();
  });

  it('declares every named volume it mounts', () => {
    const declared = Object.keys((compose.volumes as Json | undefined) ?? {});
    for (const [name, service] of Object.entries(composeServices)) {
      for (const volume of ((service as Json).volumes as unknown[] | undefined) ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : String((volume as Json).source);
        if (!source.startsWith('.') && !source.startsWith('/'))
          expect([name, declared.includes(source)]).toEqual([name, true]);
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------
// k8s/
// ------------------------------------------------------------------------------------------------

interface Manifest {
  file: string;
  kind: string;
  name: string;
  body: Json;
}

const K8S = path.join(ROOT, 'k8s');
const k8sFiles = fs
  .readdirSync(K8S)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const kustomization = parse(fs.readFileSync(path.join(K8S, 'kustomization.yaml'), 'utf8')) as Json;

const manifests: Manifest[] = k8sFiles
  .filter((f) => f !== 'kustomization.yaml')
  .flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(K8S, file), 'utf8')).flatMap((doc) => {
      if (doc.errors.length > 0) throw new Error(`k8s/${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const body = doc.toJS() as Json | null;
      if (body === null) return [];
      const where = `k8s/${file}`;
      return [
        { file, kind: at(body, 'kind', where) as string, name: at(body, 'metadata.name', where) as string, body },
      ];
    }),
  );

const manifest = (kind: string, name: string): Manifest => {
  const found = manifests.filter((m) => m.kind === kind && m.name === name);
  if (found.length !== 1) throw new Error(`k8s/: expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
};
const onlyOne = (kind: string): Manifest => {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`k8s/: expected one ${kind}, found ${found.length}`);
  return found[0];
};

const imageName = (image: string) => image.replace(/[:@].*$/, '');

describe('k8s/', () => {
  it('lists every manifest file in kustomization.yaml, and nothing else', () => {
    const resources = arrayAt(kustomization, 'resources', 'k8s/kustomization.yaml').map(String).sort();
    expect(resources).toEqual(k8sFiles.filter((f) => f !== 'kustomization.yaml'));
  });

  it('puts everything in the jcg namespace, which it creates', () => {
    expect(kustomization.namespace).toBe('jcg');
    expect(manifest('Namespace', 'jcg')).toBeDefined();
  });

  it('has no two objects of the same kind and name, and each an apiVersion', () => {
    const keys = manifests.map((m) => `${m.kind}/${m.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of manifests) expect(typeof m.body.apiVersion).toBe('string');
  });

  it('has a ConfigMap with the shared settings and a Secret with the connection URLs', () => {
    const config = objectAt(onlyOne('ConfigMap').body, 'data', 'ConfigMap');
    for (const key of ['QUEUE_PREFIX', 'LOG_LEVEL', 'REQUEST_TIMEOUT_MS', 'SMTP_URL'])
      expect(Object.keys(config)).toContain(key);
    const secret = onlyOne('Secret').body;
    const keys = Object.keys({
      ...((secret.data as Json | undefined) ?? {}),
      ...((secret.stringData as Json | undefined) ?? {}),
    });
    expect(keys).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    // Connection URLs never sit in the ConfigMap, where they would be readable by all.
    expect(Object.keys(config)).not.toContain('DATABASE_URL');
    expect(Object.keys(config)).not.toContain('REDIS_URL');
  });

  it('gives the API its rate limits, as settings it accepts', () => {
    const containers = arrayAt(manifest('Deployment', 'api').body, 'spec.template.spec.containers', 'Deployment api');
    const env = Object.fromEntries(
      (containers as Json[])
        .flatMap((c) => (c.env as Json[] | undefined) ?? [])
        .filter((e) => typeof e.value === 'string')
        .map((e) => [String(e.name), String(e.value)]),
    );
    expect(Object.keys(env)).toEqual(expect.arrayContaining(API_RATE_LIMIT_SETTINGS));
    const config = objectAt(onlyOne('ConfigMap').body, 'data', 'ConfigMap') as Record<string, string>;
    expect(() => loadConfig('api', { ...config, ...env })).not.toThrow();
  });

  describe.each([...SERVICE_NAMES])('%s', (name) => {
    const where = `Deployment ${name}`;
    const deployment = () => manifest('Deployment', name).body;
    const pod = () => objectAt(deployment(), 'spec.template.spec', where);
    const container = () => {
      const containers = arrayAt(pod(), 'containers', where) as Json[];
      const found = containers.find((c) => (c.env as Json[] | undefined)?.some((e) => e.name === 'SERVICE'));
      if (!found) throw new Error(`${where}: no container sets SERVICE`);
      return found;
    };
    const envValue = (key: string) => (container().env as Json[]).find((e) => e.name === key)?.value;
    const httpPort = () => {
      const ports = arrayAt(container(), 'ports', where) as Json[];
      expect(ports).toHaveLength(1);
      return ports[0];
    };
    /** A probe's or a Service's port, named or numbered, must be the container's port. */
    const isContainerPort = (port: unknown) => port === httpPort().name || Number(port) === httpPort().containerPort;

    it('runs the one image with SERVICE and PORT set, the port declared and scraped', () => {
      const image = String(container().image);
      const images = arrayAt(kustomization, 'images', 'k8s/kustomization.yaml') as Json[];
      expect(images.map((i) => i.name)).toContain(imageName(image));
      expect(envValue('SERVICE')).toBe(name);
      expect(Number(envValue('PORT'))).toBe(DEFAULT_PORTS[name]);
      expect(httpPort().containerPort).toBe(DEFAULT_PORTS[name]);
      const annotations = objectAt(deployment(), 'spec.template.metadata.annotations', where);
      expect(annotations['prometheus.io/scrape']).toBe('true');
      expect(Number(annotations['prometheus.io/port'])).toBe(DEFAULT_PORTS[name]);
      expect(annotations['prometheus.io/path']).toBe('/metrics');
    });

    it('takes its settings from the ConfigMap and the Secret', () => {
      const envFrom = arrayAt(container(), 'envFrom', where) as Json[];
      expect(envFrom.map((e) => (e.configMapRef as Json | undefined)?.name)).toContain(onlyOne('ConfigMap').name);
      expect(envFrom.map((e) => (e.secretRef as Json | undefined)?.name)).toContain(onlyOne('Secret').name);
    });

    it('probes liveness on /health/live and readiness on /health/ready', () => {
      expect(at(container(), 'livenessProbe.httpGet.path', where)).toBe('/health/live');
      expect(at(container(), 'readinessProbe.httpGet.path', where)).toBe('/health/ready');
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (container()[probe] !== undefined)
          expect(isContainerPort(at(container(), `${probe}.httpGet.port`, where))).toBe(true);
      }
    });

    it('requests and limits CPU and memory', () => {
      for (const kind of ['requests', 'limits']) {
        expect(String(at(container(), `resources.${kind}.cpu`, where))).toMatch(/^(\d+m|\d+(\.\d+)?)$/);
        expect(String(at(container(), `resources.${kind}.memory`, where))).toMatch(/^\d+(Ki|Mi|Gi|K|M|G)?$/);
      }
    });

    it('runs as non-root, without privilege escalation, on a read-only root file system', () => {
      const runAsNonRoot =
        (container().securityContext as Json | undefined)?.runAsNonRoot ??
        (pod().securityContext as Json | undefined)?.runAsNonRoot;
      expect(runAsNonRoot).toBe(true);
      expect(at(container(), 'securityContext.readOnlyRootFilesystem', where)).toBe(true);
      expect(at(container(), 'securityContext.allowPrivilegeEscalation', where)).toBe(false);
      expect(Number(at(pod(), 'terminationGracePeriodSeconds', where))).toBeGreaterThanOrEqual(15);
    });

    it('has a Deployment whose selector picks its own pods, and a ClusterIP Service to them', () => {
      const labels = objectAt(deployment(), 'spec.template.metadata.labels', where);
      expect(labels).toMatchObject(objectAt(deployment(), 'spec.selector.matchLabels', where));
      const service = manifest('Service', name).body;
      expect((service.spec as Json).type ?? 'ClusterIP').toBe('ClusterIP');
      expect(labels).toMatchObject(objectAt(service, 'spec.selector', `Service ${name}`));
      const ports = arrayAt(service, 'spec.ports', `Service ${name}`) as Json[];
      expect(ports.some((p) => isContainerPort(p.targetPort ?? p.port))).toBe(true);
    });

    it('keeps at least two pods', () => {
      const hpa = manifests.find(
        (m) =>
          m.kind === 'HorizontalPodAutoscaler' &&
          (m.body.spec as Json | undefined)?.scaleTargetRef !== undefined &&
          at(m.body, 'spec.scaleTargetRef.name', m.name) === name,
      );
      if (hpa) {
        expect(Number(at(hpa.body, 'spec.minReplicas', hpa.name))).toBeGreaterThanOrEqual(2);
        // The autoscaler owns the count; a fixed one would be reset on every apply.
        expect((deployment().spec as Json).replicas).toBeUndefined();
      } else {
        expect(Number(at(deployment(), 'spec.replicas', where))).toBeGreaterThanOrEqual(2);
      }
    });
  });

  it.each([...QUEUE_SERVICES])('scales %s on CPU with an autoscaling/v2 HorizontalPodAutoscaler', (name) => {
    const hpas = manifests.filter(
      (m) => m.kind === 'HorizontalPodAutoscaler' && at(m.body, 'spec.scaleTargetRef.name', m.name) === name,
    );
    expect(hpas).toHaveLength(1);
    const hpa = hpas[0].body;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(at(hpa, 'spec.scaleTargetRef.kind', name)).toBe('Deployment');
    expect(at(hpa, 'spec.scaleTargetRef.apiVersion', name)).toBe('apps/v1');
    const min = Number(at(hpa, 'spec.minReplicas', name));
    expect(min).toBeGreaterThanOrEqual(2);
    expect(Number(at(hpa, 'spec.maxReplicas', name))).toBeGreaterThan(min);
    const metrics = arrayAt(hpa, 'spec.metrics', name) as Json[];
    expect(metrics.some((m) => m.type === 'Resource' && (m.resource as Json | undefined)?.name === 'cpu')).toBe(true);
  });
});
