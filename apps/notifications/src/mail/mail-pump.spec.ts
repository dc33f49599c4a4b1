import type { DataSource } from 'typeorm';
import { CommitSignal, type MessagingMetrics } from '@jcg/messaging';
import { FixedClock } from '@jcg/persistence';
import { MailPump } from './mail-pump.js';
import type { MailOptions } from './mail-options.js';
import type { MailTransport } from './mail-transport.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');

/**
 * The pump's bookkeeping, with Postgres and SMTP played by the test: the claim answers what the
 * test says, each send and each write of results ends when the test says, and the renewal keeps
 * the leases the test says. Real time is the test's too (`Date.now`).
 */
function pumpWith(claimed: string[], concurrency: number) {
  let now = T0;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  const statements: { sql: string; params: unknown[] }[] = [];
  let toClaim = claimed.map((id) => ({
    id,
    attempt: 1,
    tries: 0,
    reclaimed: false,
    kind: 'sign-in-link',
    stream: `sign-in:${id}`,
    position: '1',
    recipient_email: `${id}@example.org`,
    recipient_name: id,
    payload: { signIn: { link: `https://cg.example.int/sign-in#${id}`, group: '', expiresAt: '2027-01-01T00:00:00Z' } },
  }));
  const settles: { ids: string[]; done: (ok: boolean) => void }[] = [];
  let keep: (ids: string[]) => string[] = (ids) => ids;
  const dataSource = {
    manager: { connection: { options: { schema: 'notifications' } } },
    query: (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      if (sql.includes('WITH picked AS')) {
        const rows = toClaim;
        toClaim = [];
        return Promise.resolve(rows);
      }
      if (sql.includes('AS r(id, attempt, status')) {
        return new Promise((resolve, reject) =>
          settles.push({
            ids: params[0] as string[],
            done: (ok) => (ok ? resolve([]) : reject(new Error('Postgres is away'))),
          }),
        );
      }
      if (sql.includes('WITH renewed AS')) return Promise.resolve(keep(params[0] as string[]).map((id) => ({ id })));
      return Promise.resolve([]);
    },
  } as unknown as DataSource;
  const sends = new Map<string, () => void>();
  const sent: string[] = [];
  const transport = {
    send: (message: { to: string }) =>
      new Promise<void>((resolve) => {
        const id = message.to.split('@')[0];
        sent.push(id);
        sends.set(id, resolve);
      }),
  } as unknown as MailTransport;
  const metrics = { reconciled: { inc: () => undefined } } as unknown as MessagingMetrics;
  const options = { concurrency, attempts: 3, backoffMs: 100 } as MailOptions;
  const pump = new MailPump(
    dataSource,
    transport,
    metrics,
    new FixedClock(new Date(T0)),
    options,
    { intervalMs: 200 },
    new CommitSignal(false),
  );
  const internals = pump as unknown as { round(): Promise<number>; renewLeases(): Promise<void> };
  const settle = async (ok = true) => {
    settles.shift()!.done(ok);
    await flush();
  };
  return {
    pump,
    sent,
    statements,
    round: () => internals.round(),
    renew: async (kept: (ids: string[]) => string[]) => {
      keep = kept;
      await internals.renewLeases();
    },
    /** Lets the send of `id` end, and what follows from it run. */
    answer: async (id: string) => {
      sends.get(id)!();
      await flush();
    },
    settle,
    pendingSettles: () => settles.map((s) => s.ids),
    later: (ms: number) => {
      now += ms;
    },
  };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('mail pump: what is out, and what may go out', () => {
  afterEach(() => jest.restoreAllMocks());

  it('counts a sent message whose result is not written yet as out: never more than `concurrency` at once', async () => {
    const p = pumpWith(['m1', 'm2', 'm3', 'm4'], 2);
    expect(await p.round()).toBe(4);
    expect(p.sent).toEqual(['m1', 'm2']);

    await p.answer('m1');
    // m1 is being written: with m2 out, nothing more goes.
    expect(p.pendingSettles()).toEqual([['m1']]);
    expect(p.sent).toEqual(['m1', 'm2']);

    await p.settle();
    expect(p.sent).toEqual(['m1', 'm2', 'm3']);
  });

  it('sends nothing more while results cannot be written (Postgres away): they stay out', async () => {
    const p = pumpWith(['m1', 'm2', 'm3'], 1);
    await p.round();
    await p.answer('m1');
    await p.settle(false);
    expect(p.sent).toEqual(['m1']);
  });

  it('sends a waiting message only under a lease confirmed within half its length; drops one another claim took', async () => {
    const p = pumpWith(['m1', 'm2', 'm3'], 1);
    await p.round();
    expect(p.sent).toEqual(['m1']);
    p.later(6_000); // no renewal for 6 s: the leases of m2 and m3 may be running out
    await p.answer('m1');
    await p.settle();
    expect(p.sent).toEqual(['m1']);

    // The renewal finds m2 taken by another claim (its lease ran out), and m3 still ours.
    await p.renew((ids) => ids.filter((id) => id !== 'm2'));
    expect(p.sent).toEqual(['m1', 'm3']);
    await p.answer('m3');
    await p.settle();
    expect(p.sent).toEqual(['m1', 'm3']);
  });

  it('hands back at shutdown what waits unsent, and waits for what is out', async () => {
    const p = pumpWith(['m1', 'm2', 'm3'], 1);
    await p.round();
    const stopped = p.pump.onModuleDestroy();
    await flush();
    const handBack = p.statements.find((s) => s.sql.includes('SET lease_until = now(), not_before = now()'));
    expect(handBack?.params[0]).toEqual(['m2', 'm3']);
    await p.answer('m1');
    await p.settle();
    await stopped;
    expect(p.sent).toEqual(['m1']);
  });
});
