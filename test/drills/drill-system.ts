import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import type { Meeting } from '@jcg/contracts';
import {
  ProcessDrill,
  createAdminKey,
  fillRoster,
  freePort,
  waitFor,
  type DrillOptions,
  type TestEnvironment,
} from '@jcg/testing';
import { MailSink, type CapturedMessage } from '../../tools/mail-sink/mail-sink';
import { Http } from '../support/http';
import { MembershipCast } from '../support/membership-cast';

export const DAY = 24 * 3600_000;

export interface DrillSystem {
  drill: ProcessDrill;
  sink: MailSink;
  smtpPort: number;
  http: Http;
  cast: MembershipCast;
  /** A connection to the drill's database, for counting (never for changing what services own, but the fan-out roster). */
  db: Client;
  stop(): Promise<void>;
}

/** Every service as an OS process against the environment, with an SMTP server of the drill's own. */
export async function startDrillSystem(env: TestEnvironment, options: DrillOptions = {}): Promise<DrillSystem> {
  const sink = new MailSink();
  const smtpPort = (await sink.start({ smtp: 0, http: 0 })).smtpPort;
  const drill = new ProcessDrill(env, {
    ...options,
    env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, ...options.env },
  });
  await drill.startAll();
  const http = new Http(drill.url('api'));
  const cast = new MembershipCast(http, createAdminKey(env.databaseUrl));
  const db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  return {
    drill,
    sink,
    smtpPort,
    http,
    cast,
    db,
    stop: async () => {
      await drill.killAll();
      await db.end().catch(() => undefined);
      await sink.stop();
    },
  };
}

/**
 * A group whose meeting is announced to `participants` people: the scene's two are suspended,
 * and the participants are put straight into notifications' roster (registering thousands
 * through membership would take minutes; the roster's events are tested elsewhere).
 */
export async function fanOutScene(
  system: DrillSystem,
  participants: number,
  domain: string,
): Promise<{ scene: Awaited<ReturnType<MembershipCast['scene']>>; meeting: Meeting; tsbKey: string }> {
  const { cast, db, http } = system;
  const scene = await cast.scene();
  const g = scene.group.id;
  const meeting = await cast.meeting(scene, 'Plenary', Date.now() + 14 * DAY, {
    joinDetails: { url: 'https://meetings.example.int/j/drill' },
  });
  const tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });
  await http.call('PUT', `/v1/organizations/${scene.organization.id}/participation`, {
    key: cast.adminKey,
    body: { studyGroups: ['SG13'] },
  });
  await waitFor(
    async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND status = 'suspended'`,
          [g],
        )
      ).rows[0].n === 2,
    'the scene suspended in the roster',
  );
  await fillRoster(db, g, participants, domain);
  return { scene, meeting, tsbKey };
}

/** What arrived for each recipient: how many messages, and whether their Message-IDs agree. */
export function byRecipient(messages: CapturedMessage[]): Map<string, CapturedMessage[]> {
  const map = new Map<string, CapturedMessage[]>();
  for (const m of messages) {
    const to = m.envelopeTo.join(',');
    map.set(to, [...(map.get(to) ?? []), m]);
  }
  return map;
}

/**
 * Checks "once, or twice only as SMTP cannot avoid": every recipient got the message; one that
 * got it twice got the same Message-ID both times (the same delivery, sent again because the
 * process died between the server's acceptance and the row being marked sent). Returns how
 * many were doubled.
 */
export function expectOncePerRecipient(messages: CapturedMessage[], recipients: string[]): number {
  const got = byRecipient(messages);
  expect([...got.keys()].sort()).toEqual([...recipients].sort());
  let doubled = 0;
  for (const [, mail] of got) {
    if (mail.length === 1) continue;
    doubled += mail.length - 1;
    expect(new Set(mail.map((m) => m.messageId)).size).toBe(1);
  }
  return doubled;
}

/** A Redis server of the drill's own (no persistence): it can be killed and started again empty. */
export class DrillRedis {
  private child?: ChildProcess;
  port = 0;

  async start(port?: number): Promise<string> {
    this.port = port ?? (await freePort());
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    this.child = child;
    await waitFor(async () => {
      const { Redis } = await import('ioredis');
      const redis = new Redis({
        port: this.port,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        return (await redis.ping()) === 'PONG';
      } finally {
        redis.disconnect();
      }
    }, 'the drill Redis');
    return `redis://127.0.0.1:${this.port}`;
  }

  /** SIGKILL: everything it held is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async restartEmpty(): Promise<void> {
    await this.kill();
    await this.start(this.port);
  }
}
