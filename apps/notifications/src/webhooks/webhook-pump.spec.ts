import type { DataSource } from 'typeorm';
import { CommitSignal } from '@jcg/messaging';
import { FixedClock } from '@jcg/persistence';
import { EndpointSlots } from './endpoint-slots.js';
import type { AttemptResult, WebhookDelivery } from './webhook-delivery.js';
import type { WebhookEndpoints } from './webhook-endpoints.service.js';
import type { WebhookOptions } from './webhook-options.js';
import { CLAIM_AHEAD, WebhookPump } from './webhook-pump.js';
import { LEASE_MARGIN_MS } from './webhook-delivery.js';

const TIMEOUT_MS = 10_000;
const ENDPOINT = '0192f7a0-0000-7000-8000-0000000000e1';

/**
 * The pump's waiting messages, with Postgres and HTTP played by the test: the claim answers what
 * the test says, each request ends when the test says, the clock moves when the test moves it.
 */
function pumpWith(claimed: string[]) {
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));
  const statements: { sql: string; params: unknown[] }[] = [];
  let toClaim = claimed.map((id) => ({
    id,
    endpoint_id: ENDPOINT,
    body: '{}',
    attempts: 1,
    url: 'https://hooks.example.org/in',
    secret: 'whsec_x',
    previous_secret: null,
    previous_secret_until: null,
  }));
  const manager = {
    connection: { options: { schema: 'notifications' } },
    query: (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      if (sql.includes('WITH busy AS')) {
        const rows = toClaim;
        toClaim = [];
        return Promise.resolve(rows);
      }
      return Promise.resolve([]);
    },
  };
  const dataSource = {
    manager,
    transaction: <T>(work: (m: typeof manager) => Promise<T>) => work(manager),
  } as unknown as DataSource;
  const answers = new Map<string, () => void>();
  const sent: string[] = [];
  const delivery = {
    slots: new EndpointSlots(2, 0),
    send: (_endpoint: unknown, message: { id: string }) =>
      new Promise<AttemptResult>((resolve) => {
        sent.push(message.id);
        answers.set(message.id, () =>
          resolve({ outcome: 'succeeded', startedAt: clock.now(), response: null, error: null } as AttemptResult),
        );
      }),
    markHealthy: () => Promise.resolve(),
  } as unknown as WebhookDelivery;
  const options = { timeoutMs: TIMEOUT_MS, maxInFlightPerEndpoint: 2 } as WebhookOptions;
  const pump = new WebhookPump(dataSource, clock, options, delivery, {} as WebhookEndpoints, new CommitSignal(false));
  const round = () => (pump as unknown as { round(): Promise<number> }).round();
  /** Lets the request of `id` end, and what follows from it run. */
  const answer = async (id: string) => {
    answers.get(id)!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const givenBack = () =>
    statements.filter((s) => s.sql.includes('DELETE FROM')).map((s) => s.params as [string[], number[]]);
  const claims = () => statements.filter((s) => s.sql.includes('WITH busy AS')).map((s) => s.params);
  return { pump, clock, round, answer, sent, givenBack, claims, slots: delivery.slots };
}

describe('webhook pump: messages claimed ahead of the free slots', () => {
  it('sends as many as the endpoint has slots, and each waiting one the moment a request is over', async () => {
    const { round, answer, sent, slots, claims, clock } = pumpWith(['m1', 'm2', 'm3', 'm4']);
    expect(await round()).toBe(4);
    // Per endpoint, its slots and CLAIM_AHEAD times as many to wait; a lease long enough for the last of them.
    const [claim] = claims();
    expect(claim[4]).toBe((1 + CLAIM_AHEAD) * 2);
    expect(claim[1]).toEqual(new Date(clock.now().getTime() + (1 + CLAIM_AHEAD) * TIMEOUT_MS + LEASE_MARGIN_MS));
    expect(sent).toEqual(['m1', 'm2']);
    expect(slots.inUse(ENDPOINT)).toBe(2);

    await answer('m1');
    expect(sent).toEqual(['m1', 'm2', 'm3']);
    await answer('m2');
    expect(sent).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(slots.inUse(ENDPOINT)).toBe(2);
  });

  it('hands back unsent a waiting message that could no longer finish within its lease', async () => {
    const { round, answer, sent, clock, givenBack, slots } = pumpWith(['m1', 'm2', 'm3', 'm4']);
    await round();
    await answer('m1'); // m3 takes the slot at once, well within its lease
    expect(sent).toEqual(['m1', 'm2', 'm3']);

    // m2's request ends more than CLAIM_AHEAD time limits after the claim: m4, sent now, could
    // outlive its lease (one time limit more) and be claimed and sent again elsewhere meanwhile.
    clock.advance(CLAIM_AHEAD * TIMEOUT_MS + 1);
    await answer('m2');
    expect(sent).toEqual(['m1', 'm2', 'm3']);
    expect(givenBack()).toEqual([[['m4'], [1]]]);
    expect(slots.inUse(ENDPOINT)).toBe(1);
  });

  it('hands back what is still waiting when the process stops, and sends nothing more', async () => {
    const { pump, round, answer, sent, givenBack } = pumpWith(['m1', 'm2', 'm3', 'm4']);
    await round();
    const stopped = pump.onModuleDestroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(givenBack()).toEqual([
      [
        ['m3', 'm4'],
        [1, 1],
      ],
    ]);
    await answer('m1');
    await answer('m2');
    await stopped;
    expect(sent).toEqual(['m1', 'm2']);
  });
});
