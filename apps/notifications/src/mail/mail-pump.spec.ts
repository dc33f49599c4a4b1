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
  // As a claim returns them: the first claim of a row makes its attempt 2; `taken:` marks one that was queued before.
  const row = (name: string) => {
    const id = name.replace('taken:', '');
    return {
      id,
      attempt: 2,
      tries: 0,
      reclaimed: false,
      was_pending: !name.startsWith('taken:'),
      kind: 'sign-in-link',
      stream: `sign-in:${id}`,
      position: '1',
      recipient_email: `${id}@example.org`,
      recipient_name: id,
      payload: {
        signIn: { link: `https://cg.example.int/sign-in#${id}`, group: '', expiresAt: '2027-01-01T00:00:00Z' },
      },
    };
  };
  let toClaim = claimed.map(row);
  const settles: { ids: string[]; done: (ok: boolean) => void }[] = [];
  let keep: (ids: string[]) => string[] = (ids) => ids;
  let holdRenewal: Promise<void> | undefined;
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
      if (sql.includes('WITH renewed AS')) {
        const rows = keep(params[0] as string[]).map((id) => ({ id }));
        return (holdRenewal ?? Promise.resolve()).then(() => rows);
      }
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
    /** Renews the leases: the renewal keeps what `kept` says; held, it answers only once released. */
    renew: (kept: (ids: string[]) => string[], { hold = false } = {}) => {
      keep = kept;
      let open = (): void => undefined;
      holdRenewal = hold ? new Promise<void>((resolve) => (open = resolve)) : undefined;
      return { done: internals.renewLeases(), open: () => open() };
    },
    release: async (renewal: { done: Promise<void>; open: () => void }) => {
      renewal.open();
      await renewal.done;
      await flush();
    },
    /** What the next claim finds. */
    claimNext: (ids: string[]) => {
      toClaim = ids.map(row);
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

  it('sends at most `concurrency` at once, and counts those sent whose result is not written yet: at most twice that out', async () => {
    const p = pumpWith(['m1', 'm2', 'm3', 'm4'], 1);
    expect(await p.round()).toBe(4);
    expect(p.sent).toEqual(['m1']);

    await p.answer('m1');
    // m1 is being written: one more may go.
    expect(p.pendingSettles()).toEqual([['m1']]);
    expect(p.sent).toEqual(['m1', 'm2']);
    await p.answer('m2');
    // m1 being written and m2 waiting to be: two out, nothing more goes.
    expect(p.sent).toEqual(['m1', 'm2']);

    await p.settle();
    expect(p.pendingSettles()).toEqual([['m2']]);
    expect(p.sent).toEqual(['m1', 'm2', 'm3']);
  });

  it('sends nothing more once its results cannot be written (Postgres away): they stay out', async () => {
    const p = pumpWith(['m1', 'm2', 'm3', 'm4'], 1);
    await p.round();
    await p.answer('m1');
    await p.settle(false);
    await p.answer('m2');
    expect(p.sent).toEqual(['m1', 'm2']);
  });

  it('keeps what it claimed while a renewal was under way: only those asked about and not renewed are lost', async () => {
    const p = pumpWith(['m1', 'm2'], 1);
    await p.round();
    expect(p.sent).toEqual(['m1']);
    const renewal = p.renew(() => ['m1', 'm2'], { hold: true });
    p.claimNext(['m3', 'm4']);
    await p.answer('m1');
    await p.settle();
    expect(await p.round()).toBe(2);
    await p.release(renewal);
    await p.answer('m2');
    await p.settle();
    expect(p.sent).toEqual(['m1', 'm2', 'm3']);
  });

  it('keeps a row claimed again while a renewal asked about its earlier claim', async () => {
    const p = pumpWith(['m1', 'm2'], 1);
    await p.round();
    const renewal = p.renew(() => ['m2'], { hold: true });
    await p.answer('m1');
    await p.settle();
    // m1's retry came due and a claim took it again (a new attempt) while the renewal ran.
    p.claimNext(['m1']);
    expect(await p.round()).toBe(1);
    await p.release(renewal);
    await p.answer('m2');
    await p.settle();
    expect(p.sent).toEqual(['m1', 'm2', 'm1']);
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
    await p.renew((ids) => ids.filter((id) => id !== 'm2')).done;
    await flush();
    expect(p.sent).toEqual(['m1', 'm3']);
    await p.answer('m3');
    await p.settle();
    expect(p.sent).toEqual(['m1', 'm3']);
  });

  it('hands back at shutdown what waits unsent, as it was before the claim, and waits for what is out', async () => {
    const p = pumpWith(['m1', 'm2', 'taken:m3'], 1);
    await p.round();
    const stopped = p.pump.onModuleDestroy();
    await flush();
    const handBack = p.statements.find((s) => s.sql.includes('lease_until = now(), not_before = now()'));
    expect(handBack?.params[0]).toEqual(['m2', 'm3']);
    // m2 pending again (a newer decision may supersede it); m3 taken still (an earlier process may have sent it).
    expect(handBack?.params[2]).toEqual([true, false]);
    await p.answer('m1');
    await p.settle();
    await stopped;
    expect(p.sent).toEqual(['m1']);
  });
});
