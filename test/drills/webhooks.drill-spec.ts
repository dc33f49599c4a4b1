import type { WebhookAttempt, WebhookEndpoint, WebhookMessage } from '@jcg/contracts';
import { WebhookReceiver, createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import { startDrillSystem, type DrillSystem } from './drill-system';

/** Groups registered: each `group.registered` event is one message to each endpoint. */
const GROUPS = 250;
const ENDPOINTS = 2;
const MESSAGES = GROUPS * ENDPOINTS;
/** notifications is killed when the receivers have had this many requests between them. */
const KILL_AT = 150;
/** Groups registered at once through the API (2 cores: more only queues up in the services). */
const REGISTRATION_CONCURRENCY = 6;

interface Created {
  endpoint: WebhookEndpoint;
  secret: string;
}

/**
 * kill -9 of notifications in the middle of 500 webhook deliveries: every message arrives at
 * least once, and the receivers see no webhook-id more than once except where the log shows
 * that an earlier attempt may have reached them.
 */
describe('drills: notifications killed during webhook deliveries', () => {
  let env: TestEnvironment | undefined;
  let system: DrillSystem | undefined;
  const receivers: WebhookReceiver[] = [];

  afterEach(async () => {
    await system?.stop();
    system = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.stop()));
    await env?.cleanup();
    env = undefined;
  });

  it('SIGKILL during 500 deliveries: each arrives at least once, twice only where the log shows an interrupted or timed-out attempt', async () => {
    const began = Date.now();
    env = await createTestEnvironment('drillhooks');

    // Two real receivers answering 200: one at once, one after 0–50 ms, so requests are out at the kill.
    let requests = 0;
    let reached: () => void = () => undefined;
    const killPoint = new Promise<void>((resolve) => (reached = resolve));
    const counted = (delayMs: () => number) => () => {
      requests += 1;
      if (requests === KILL_AT) reached();
      return { status: 200, delayMs: delayMs() };
    };
    const prompt = new WebhookReceiver();
    const slow = new WebhookReceiver();
    receivers.push(prompt, slow);
    prompt.respond = counted(() => 0);
    slow.respond = counted(() => Math.floor(Math.random() * 51));
    await Promise.all(receivers.map((r) => r.start()));

    system = await startDrillSystem(env, {
      serviceEnv: {
        notifications: {
          // The receivers are http on 127.0.0.1; retries in seconds, not the Standard Webhooks' hours.
          WEBHOOK_ALLOW_LOOPBACK: '1',
          WEBHOOK_RETRY_SCHEDULE_MS: '0,500,1000,2000,4000,8000',
          WEBHOOK_TIMEOUT_MS: '5000',
        },
      },
    });
    const { cast, drill, http, db } = system;
    const tsbKey = await cast.key({ kind: 'integrator', integrator: 'tsb' });
    const endpoints: WebhookEndpoint[] = [];
    for (const r of receivers) {
      const created = await http.post<Created>(
        '/v1/webhooks/endpoints',
        { url: r.url, eventTypes: ['group.registered'], contactEmail: 'tsb-integration@itu.example' },
        tsbKey,
      );
      expect(created.status).toBe(201);
      endpoints.push(created.body.endpoint);
    }
    expect(endpoints).toHaveLength(ENDPOINTS);
    const receiverOf = new Map(endpoints.map((e, i) => [e.id, receivers[i]]));

    // The groups are registered in the background: their events go on queueing while notifications is down.
    const ready = Date.now();
    let next = 0;
    const registration = Promise.all(
      Array.from({ length: REGISTRATION_CONCURRENCY }, async () => {
        while (next < GROUPS) {
          next += 1;
          await cast.group();
        }
      }),
    );
    // If registration fails, the kill point may never come: stop waiting for it then.
    await Promise.race([
      killPoint,
      registration.then(() => waitFor(() => requests >= KILL_AT || undefined, 'the kill point')),
    ]);

    await drill.kill('notifications');
    const killedAt = Date.now();
    const atKill = requests;
    const [{ in_flight: inFlightAtKill }] = (
      await db.query<{ in_flight: number }>(
        `SELECT count(*)::int AS in_flight FROM notifications.webhook_attempts WHERE outcome = 'sending'`,
      )
    ).rows;
    const [{ succeeded: succeededAtKill }] = (
      await db.query<{ succeeded: number }>(
        `SELECT count(*)::int AS succeeded FROM notifications.webhook_messages WHERE status = 'succeeded'`,
      )
    ).rows;
    await drill.start('notifications');
    const restartedAt = Date.now();
    await registration;

    const counts = async () =>
      (
        await db.query<{ all: number; succeeded: number }>(
          `SELECT count(*)::int AS all, (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded
             FROM notifications.webhook_messages`,
        )
      ).rows[0];
    await waitFor(
      async () => {
        const c = await counts();
        return (c.all === MESSAGES && c.succeeded === MESSAGES) || undefined;
      },
      `all ${MESSAGES} messages succeeded`,
      90_000,
    );
    const done = Date.now();
    // Anything that arrived now would be a duplicate nobody accounted for.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await counts()).toEqual({ all: MESSAGES, succeeded: MESSAGES });

    // The log through the API: every endpoint's messages, all succeeded.
    const messages = new Map<string, WebhookMessage>();
    for (const endpoint of endpoints) {
      const listed = await http.get<{ items: WebhookMessage[]; nextCursor: string | null }>(
        `/v1/webhooks/endpoints/${endpoint.id}/messages?limit=500`,
        tsbKey,
      );
      expect(listed.status).toBe(200);
      expect(listed.body.nextCursor).toBeNull();
      expect(listed.body.items).toHaveLength(GROUPS);
      for (const m of listed.body.items) {
        expect(m).toMatchObject({ endpointId: endpoint.id, eventType: 'group.registered', status: 'succeeded' });
        messages.set(m.id, m);
      }
    }
    expect(messages.size).toBe(MESSAGES);

    // Every message arrived at least once, at its own endpoint's receiver, with the same body each time.
    for (const [endpointId, r] of receiverOf) {
      const mine = [...messages.values()].filter((m) => m.endpointId === endpointId).map((m) => m.id);
      expect([...r.countsById().keys()].sort()).toEqual(mine.sort());
      for (const id of mine) expect(new Set(r.received.filter((x) => x.id === id).map((x) => x.body)).size).toBe(1);
    }

    // An id twice only where the log shows an attempt before the successful one that may have
    // reached the receiver: `timed-out` (no answer in time), or `interrupted` — the process died
    // while the request was out, so the receiver may well have had it; for the receiver that is
    // the same as a timed-out attempt. Each extra arrival needs one such attempt of its own.
    const duplicated = receivers.flatMap((r) => [...r.countsById()].filter(([, n]) => n > 1));
    const unexplained: string[] = [];
    for (const [id, arrivals] of duplicated) {
      const detail = await http.get<{ attempts: WebhookAttempt[] }>(
        `/v1/webhooks/endpoints/${messages.get(id)!.endpointId}/messages/${id}`,
        tsbKey,
      );
      expect(detail.status).toBe(200);
      const attempts = detail.body.attempts;
      const success = attempts.find((a) => a.outcome === 'succeeded');
      const mayHaveArrived = attempts.filter(
        (a) => (a.outcome === 'interrupted' || a.outcome === 'timed-out') && a.number < (success?.number ?? 0),
      );
      if (!success || arrivals - 1 > mayHaveArrived.length) {
        // Times relative to the kill, so a failure says where in the attempt the process died.
        const arrived = receiverOf
          .get(messages.get(id)!.endpointId)!
          .received.filter((x) => x.id === id)
          .map((x) => `${x.arrivedAt - killedAt}..${x.answeredAt === null ? '?' : x.answeredAt - killedAt}`);
        const log = attempts.map(
          (a) => `#${a.number} ${a.outcome} at ${Date.parse(a.startedAt) - killedAt} for ${a.durationMs ?? '?'} ms`,
        );
        unexplained.push(`${id}: arrived ${arrivals}× (ms from the kill ${arrived.join(', ')}); log ${log.join(', ')}`);
      }
    }

    const received = receivers.flatMap((r) => r.received);
    const afterRestart = received.filter((x) => x.arrivedAt >= restartedAt).length;
    const outcomes = Object.fromEntries(
      (
        await db.query<{ outcome: string; n: number }>(
          `SELECT outcome, count(*)::int AS n FROM notifications.webhook_attempts GROUP BY outcome ORDER BY outcome`,
        )
      ).rows.map((r) => [r.outcome, r.n]),
    );
    console.log(
      `webhooks drill: ${MESSAGES} messages to ${ENDPOINTS} endpoints; killed at ${atKill} requests received ` +
        `(${succeededAtKill} messages succeeded, ${inFlightAtKill} attempts in flight), ` +
        `${afterRestart} requests after the restart; all succeeded ${done - restartedAt} ms after it; ` +
        `requests ${received.length}, ids arriving twice or more ${duplicated.length}; attempts by outcome ${JSON.stringify(outcomes)}; ` +
        `kill after ${killedAt - ready} ms of registration; drill ${Math.round((Date.now() - began) / 1000)} s`,
    );
    expect(unexplained).toEqual([]);
    // The kill interrupted work: requests were out, messages were still to deliver, and deliveries
    // went on after the restart. Each attempt cut short is in the log as interrupted, none left sending.
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(succeededAtKill).toBeLessThan(MESSAGES);
    expect(afterRestart).toBeGreaterThan(0);
    expect(outcomes.interrupted).toBe(inFlightAtKill);
    expect(outcomes.sending).toBeUndefined();
  }, 180_000);
});
