import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { v7 as uuidv7 } from 'uuid';
import { signatureHeader, verifySignature, type EventEnvelope, type Group, type Meeting } from '@jcg/contracts';
import { QUEUE_DEFAULTS, QueueConnections, eventQueueName, redisOptionsFromUrl } from '@jcg/messaging';
import { groupRegistration } from '@jcg/testing';
import { postWebhook } from '../../apps/notifications/src/webhooks/http/post-webhook';
import { median, until, type BenchResult } from '../measure';
import { cpuDuring, describeCores, type BenchSystem } from '../system';

const DAY = 24 * 3600_000;
/** Attempts notifications makes to one endpoint at once (WebhookOptions.maxInFlightPerEndpoint); the baseline keeps as many. */
const IN_FLIGHT_PER_ENDPOINT = 4;

/**
 * An HTTP receiver that answers 204, checks each signature and counts what it got: by
 * webhook-id (a message sent twice), and by the event's timestamp (each event of a run has its
 * own), to find any event that never came.
 */
interface Receiver {
  url: string;
  secret: string;
  /** webhook-id -> times received */
  received: Map<string, number>;
  /** the body's timestamp (one per event) -> times received */
  events: Map<string, number>;
  badSignatures: number;
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    secret: '',
    received: new Map(),
    events: new Map(),
    badSignatures: 0,
    server: createServer(),
  };
  receiver.server.on('request', (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = String(request.headers['webhook-id'] ?? '');
      if (receiver.secret) {
        const failure = verifySignature({
          secrets: [receiver.secret],
          id,
          timestamp: String(request.headers['webhook-timestamp'] ?? ''),
          signature: String(request.headers['webhook-signature'] ?? ''),
          body: Buffer.concat(chunks),
          nowS: Math.floor(Date.now() / 1000),
          toleranceS: 300,
        });
        if (failure) receiver.badSignatures++;
      }
      receiver.received.set(id, (receiver.received.get(id) ?? 0) + 1);
      try {
        const timestamp = String(
          (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: unknown }).timestamp,
        );
        receiver.events.set(timestamp, (receiver.events.get(timestamp) ?? 0) + 1);
      } catch {
        receiver.badSignatures++;
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
  return receiver;
}

const delivered = (receivers: Receiver[]) => receivers.reduce((n, r) => n + r.received.size, 0);

/**
 * `events` events delivered to every receiver through the system: the events go onto
 * notifications' event queue exactly as an outbox relay puts them there, and the clock runs
 * until each receiver holds every one of them.
 */
async function throughSystem(
  db: BenchSystem['db'],
  connections: QueueConnections,
  receivers: Receiver[],
  meeting: Meeting,
  events: number,
): Promise<{ perSecond: number; duplicates: number; missing: number; phases: string }> {
  for (const r of receivers) {
    r.received.clear();
    r.events.clear();
  }
  const ids = Array.from({ length: events }, () => uuidv7());
  // Each event its own instant: the receivers tell the events apart by the body's timestamp.
  const base = Date.now();
  const timestamps = ids.map((_, i) => new Date(base + i).toISOString());
  const queue = connections.queue(eventQueueName('notifications'));
  const t0 = performance.now();
  await queue.addBulk(
    ids.map((id, i) => {
      const envelope: EventEnvelope = {
        id,
        type: 'meeting.proposed',
        occurredAt: timestamps[i],
        groupId: meeting.groupId,
        correlationId: `bench-${id}`,
        causationId: null,
        data: meeting,
      };
      return { name: envelope.type, data: envelope, opts: { ...QUEUE_DEFAULTS.event, jobId: id } };
    }),
  );
  const expected = events * receivers.length;
  await until(() => delivered(receivers) >= expected, `${expected} webhook deliveries`, 300_000);
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1000)); // a duplicate would arrive late
  // How long making the messages took (the fan-out of the events) against delivering them.
  const { rows } = await db.query<{ made: string; last_attempt: string; p50: string }>(
    `SELECT extract(epoch FROM max(m.created_at) - min(m.created_at)) AS made,
            extract(epoch FROM max(a.started_at) - min(m.created_at)) AS last_attempt,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS p50
       FROM notifications.webhook_messages m JOIN notifications.webhook_attempts a ON a.message_id = m.id
      WHERE m.event_id = ANY($1::uuid[])`,
    [ids],
  );
  const duplicates = receivers.reduce(
    (n, r) => n + [...r.received.values(), ...r.events.values()].filter((c) => c > 1).length,
    0,
  );
  const missing = receivers.reduce((n, r) => n + timestamps.filter((t) => !r.events.has(t)).length, 0);
  return {
    perSecond: expected / seconds,
    duplicates,
    missing,
    phases:
      `messages made in ${Number(rows[0].made).toFixed(1)} s, last attempt at ${Number(rows[0].last_attempt).toFixed(1)} s, ` +
      `a request's p50 ${Number(rows[0].p50).toFixed(0)} ms`,
  };
}

/** The baseline: the same number of signed POSTs of the same body with the same HTTP client, as many in flight per endpoint. */
async function plainPosts(
  receivers: Receiver[],
  meeting: Meeting,
  events: number,
): Promise<{ perSecond: number; p50: number }> {
  const durations: number[] = [];
  const body = JSON.stringify({ type: 'meeting.proposed', timestamp: new Date().toISOString(), data: meeting });
  const t0 = performance.now();
  const toReceiver = async (receiver: Receiver) => {
    let next = 0;
    const worker = async () => {
      while (next < events) {
        next++;
        const id = `msg_${uuidv7()}`;
        const timestamp = Math.floor(Date.now() / 1000);
        const result = await postWebhook({
          url: new URL(receiver.url),
          address: '127.0.0.1',
          family: 4,
          headers: {
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signatureHeader([receiver.secret], id, timestamp, body),
          },
          body,
          timeoutMs: 10_000,
        });
        if (result.status !== 204) throw new Error(`the baseline POST answered ${result.status ?? result.error}`);
        durations.push(result.durationMs);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT_PER_ENDPOINT }, worker));
  };
  await Promise.all(receivers.map(toReceiver));
  return { perSecond: (receivers.length * events) / ((performance.now() - t0) / 1000), p50: median(durations) };
}

/** Webhook delivery: 1,000 events to 3 endpoints, against plain signed POSTs (target: >= 0.5). */
export async function webhookDeliveryScenario(
  system: BenchSystem,
  events: number,
  runs: number,
): Promise<BenchResult[]> {
  const { api } = system;
  const receivers = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
  const connections = new QueueConnections(redisOptionsFromUrl(system.env.redisUrl), system.env.queuePrefix);
  const endpointIds: string[] = [];
  try {
    const group = await api.call<Group>('POST', '/v1/groups', groupRegistration(`HOOKS-${Date.now().toString(36)}`));
    const start = Date.now() + 21 * DAY;
    const meeting = await api.call<Meeting>(
      'POST',
      `/v1/groups/${group.id}/meetings`,
      {
        title: 'Webhook load',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 3600_000).toISOString(),
      },
      await api.tsbKey(),
    );
    for (const receiver of receivers) {
      const created = await api.call<{ endpoint: { id: string }; secret: string }>('POST', '/v1/webhooks/endpoints', {
        url: receiver.url,
        eventTypes: ['meeting.proposed'],
        groupId: group.id,
        contactEmail: 'bench@example.org',
      });
      receiver.secret = created.secret;
      endpointIds.push(created.endpoint.id);
    }
    const ours: Awaited<ReturnType<typeof throughSystem>>[] = [];
    const theirs: { perSecond: number; p50: number }[] = [];
    let cores: Record<string, number> = {};
    for (let r = 0; r < runs; r++) {
      const measured = await cpuDuring(system.drill, () =>
        throughSystem(system.db, connections, receivers, meeting, events),
      );
      ours.push(measured.result);
      cores = measured.cores;
      theirs.push(await plainPosts(receivers, meeting, events));
    }
    const value = median(ours.map((o) => o.perSecond));
    const baseline = median(theirs.map((t) => t.perSecond));
    const duplicates = ours.reduce((n, o) => n + o.duplicates, 0);
    const missing = ours.reduce((n, o) => n + o.missing, 0);
    const bad = receivers.reduce((n, r) => n + r.badSignatures, 0);
    return [
      {
        scenario: 'webhook delivery',
        size: `${events} events x ${receivers.length} endpoints`,
        unit: 'deliveries/s',
        value,
        runs: ours.map((o) => o.perSecond),
        baseline,
        baselineRuns: theirs.map((t) => t.perSecond),
        ratio: value / baseline,
        target: '>= 0.5 of plain signed POSTs; every delivery once, signed',
        met: value / baseline >= 0.5 && duplicates === 0 && missing === 0 && bad === 0,
        notes:
          `counted at the receivers: ${duplicates} duplicates, ${missing} missing, ${bad} bad signatures; ` +
          `last run: ${ours[ours.length - 1].phases} (the baseline's ${theirs[theirs.length - 1].p50} ms); ` +
          `CPU in cores: ${describeCores(cores)}`,
      },
    ];
  } finally {
    for (const id of endpointIds) await api.call('DELETE', `/v1/webhooks/endpoints/${id}`).catch(() => undefined);
    await connections.close();
    await Promise.all(receivers.map((r) => new Promise((resolve) => r.server.close(resolve))));
  }
}
