import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  INBOUND_EVENT_TYPES,
  INBOUND_EVENTS,
  inboundAggregateOf,
  inboundBodySchema,
  isInboundEventType,
  type CommandName,
  type InboundEventType,
  type RequestInput,
  type RequestOf,
  type ResponseOf,
  verifySignature,
} from '@jcg/contracts';
import { BullMqClient, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { WebhookErrors } from './webhooks.errors.js';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhook-options.js';

type Request = RequestOf<'notifications.webhooks.receive'>;
type Response = ResponseOf<'notifications.webhooks.receive'>;

/** How long a post being handed over holds its webhook-id against a second post of it. */
const LEASE_MS = 30_000;

interface InboundRow {
  body: string;
  status: 'received' | 'forwarded';
  outcome: 'applied' | 'stale' | null;
  lease_until: Date | null;
  received_at: Date;
}

/**
 * Events TSB posts. Checked in this order, each refusal leaving nothing behind: the signature on
 * the exact bytes received (401), the body and its data against the contract (400). Then the
 * webhook-id is claimed (a short lease, committed), the event handed to the owning service as
 * its command, and the id recorded as taken: a second post of the id is answered as a duplicate
 * (409 while the first is still being handed over: TSB retries); a refusal by the owner, or an
 * outage, lets the id go, so TSB may send it again once it is right. Events about the same thing
 * apply in the order of their `timestamp`: an older one arriving late changes nothing (`stale`).
 * Every command behind an inbound event is idempotent.
 */
@Injectable()
export class InboundWebhooks {
  private readonly logger = new Logger(InboundWebhooks.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
    private readonly client: BullMqClient,
  ) {}

  async receive(request: Request): Promise<Response> {
    if (this.options.inboundSecrets.length === 0) throw WebhookErrors.inboundNotConfigured();
    const bytes = Buffer.from(request.bodyBase64, 'base64');
    const failure = verifySignature({
      secrets: this.options.inboundSecrets,
      id: request.webhookId,
      timestamp: request.webhookTimestamp,
      signature: request.webhookSignature,
      body: bytes,
      nowS: Math.floor(this.clock.now().getTime() / 1000),
      toleranceS: this.options.inboundToleranceS,
    });
    if (failure) throw WebhookErrors.badSignature(failure);
    const webhookId = request.webhookId as string;
    const { type, timestamp, data } = this.parse(bytes);
    const text = bytes.toString('utf8');
    const aggregate = inboundAggregateOf(type, data);

    const claim = await this.claim(webhookId, type, text, aggregate, new Date(timestamp));
    if (claim.answer) return claim.answer;
    const command: CommandName = INBOUND_EVENTS[type].command;
    try {
      await this.client.request(command, data as RequestInput<typeof command>);
    } catch (error) {
      // Refused, or not known to be done: the id is free again for TSB's next try.
      await this.dataSource.query(
        `DELETE FROM ${this.table('webhook_inbound')} WHERE webhook_id = $1 AND status = 'received'`,
        [webhookId],
      );
      throw error;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE ${this.table('webhook_inbound', manager)} SET status = 'forwarded', outcome = 'applied', lease_until = NULL,
           forwarded_at = $2 WHERE webhook_id = $1`,
        [webhookId, this.clock.now()],
      );
      await manager.query(
        `INSERT INTO ${this.table('webhook_inbound_aggregates', manager)} AS a (aggregate, event_timestamp, webhook_id)
         VALUES ($1, $2, $3)
         ON CONFLICT (aggregate) DO UPDATE SET event_timestamp = EXCLUDED.event_timestamp, webhook_id = EXCLUDED.webhook_id
         WHERE a.event_timestamp <= EXCLUDED.event_timestamp`,
        [aggregate, new Date(timestamp), webhookId],
      );
    });
    this.logger.log(`TSB event ${type} (${webhookId}) handed to ${command}`);
    return { webhookId, type, duplicate: false, outcome: 'applied', receivedAt: claim.receivedAt.toISOString() };
  }

  /** Takes the id for this post, or answers it at once (a duplicate, a stale event, a reused id). */
  private async claim(
    webhookId: string,
    type: InboundEventType,
    text: string,
    aggregate: string,
    eventTimestamp: Date,
  ): Promise<{ answer?: Response; receivedAt: Date }> {
    return this.dataSource.transaction(async (manager) => {
      const table = this.table('webhook_inbound', manager);
      const now = this.clock.now();
      const lease = new Date(now.getTime() + LEASE_MS);
      await manager.query(
        `INSERT INTO ${table} (webhook_id, type, body, status, received_at) VALUES ($1, $2, $3, 'received', $4)
         ON CONFLICT (webhook_id) DO NOTHING`,
        [webhookId, type, text, now],
      );
      const [row] = await manager.query<InboundRow[]>(`SELECT * FROM ${table} WHERE webhook_id = $1 FOR UPDATE`, [
        webhookId,
      ]);
      const receivedAt = row.received_at;
      if (row.body !== text) throw WebhookErrors.webhookIdReused(webhookId);
      if (row.status === 'forwarded') {
        return {
          answer: { webhookId, type, duplicate: true, outcome: 'duplicate', receivedAt: receivedAt.toISOString() },
          receivedAt,
        };
      }
      if (row.lease_until && row.lease_until > now) throw WebhookErrors.inboundInProgress(webhookId);
      const [latest] = await manager.query<{ event_timestamp: Date }[]>(
        `SELECT event_timestamp FROM ${this.table('webhook_inbound_aggregates', manager)} WHERE aggregate = $1`,
        [aggregate],
      );
      if (latest && latest.event_timestamp > eventTimestamp) {
        await manager.query(
          `UPDATE ${table} SET status = 'forwarded', outcome = 'stale', lease_until = NULL, forwarded_at = $2 WHERE webhook_id = $1`,
          [webhookId, now],
        );
        return {
          answer: { webhookId, type, duplicate: false, outcome: 'stale', receivedAt: receivedAt.toISOString() },
          receivedAt,
        };
      }
      await manager.query(`UPDATE ${table} SET lease_until = $2 WHERE webhook_id = $1`, [webhookId, lease]);
      return { receivedAt };
    });
  }

  private parse(bytes: Buffer): { type: InboundEventType; timestamp: string; data: unknown } {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw WebhookErrors.invalidInbound('The body is not JSON (UTF-8).');
    }
    const body = inboundBodySchema.safeParse(json);
    if (!body.success)
      throw WebhookErrors.invalidInbound(`The body is not { type, timestamp, data }: ${z.prettifyError(body.error)}`);
    const { type, timestamp } = body.data;
    if (!isInboundEventType(type)) {
      throw WebhookErrors.invalidInbound(
        `Unknown event type "${type}". TSB may send: ${INBOUND_EVENT_TYPES.join(', ')}.`,
        { accepted: INBOUND_EVENT_TYPES },
      );
    }
    const data = INBOUND_EVENTS[type].data.safeParse(body.data.data);
    if (!data.success) {
      throw WebhookErrors.invalidInbound(
        `The data of "${type}" does not match its contract: ${z.prettifyError(data.error)}`,
        { issues: data.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      );
    }
    return { type, timestamp, data: data.data };
  }

  private table(name: string, manager = this.dataSource.manager): string {
    return qualified(manager, name);
  }
}
