import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  INBOUND_EVENT_TYPES,
  INBOUND_EVENTS,
  inboundBodySchema,
  isInboundEventType,
  type CommandName,
  type RequestInput,
  type RequestOf,
  type ResponseOf,
} from '@jcg/contracts';
import { BullMqClient, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import { verifySignature } from './signature.js';
import { WebhookErrors } from './webhooks.errors.js';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhook-options.js';

type Request = RequestOf<'notifications.webhooks.receive'>;
type Response = ResponseOf<'notifications.webhooks.receive'>;

/**
 * Events TSB posts. Checked in this order, each refusal leaving nothing behind: the signature on
 * the exact bytes received (401), the body and its data against the contract (400). Then, under
 * a lock on its webhook-id, the event is handed to the owning service as its command, and the id
 * recorded in the same transaction: a second post of the id (even at the same instant) waits for
 * the first and is answered as a duplicate; a refusal by the owner records nothing, so TSB may
 * send it again once it is right. Every command behind an inbound event is idempotent.
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
    const { type, data } = this.parse(bytes);
    const text = bytes.toString('utf8');
    return this.dataSource.transaction(async (manager) => {
      const table = qualified(manager, 'webhook_inbound');
      const now = this.clock.now();
      // Waits here while another post of the same id is being handed over, then sees it.
      await manager.query(
        `INSERT INTO ${table} (webhook_id, type, body, status, received_at) VALUES ($1, $2, $3, 'received', $4)
         ON CONFLICT (webhook_id) DO NOTHING`,
        [webhookId, type, text, now],
      );
      const [row] = await manager.query<{ body: string; status: string; received_at: Date }[]>(
        `SELECT body, status, received_at FROM ${table} WHERE webhook_id = $1 FOR UPDATE`,
        [webhookId],
      );
      if (row.body !== text) throw WebhookErrors.webhookIdReused(webhookId);
      if (row.status === 'forwarded') {
        return { webhookId, type, duplicate: true, receivedAt: row.received_at.toISOString() };
      }
      const command: CommandName = INBOUND_EVENTS[type].command;
      await this.client.request(command, data as RequestInput<typeof command>);
      await manager.query(`UPDATE ${table} SET status = 'forwarded', forwarded_at = $2 WHERE webhook_id = $1`, [
        webhookId,
        this.clock.now(),
      ]);
      this.logger.log(`TSB event ${type} (${webhookId}) handed to ${command}`);
      return { webhookId, type, duplicate: false, receivedAt: row.received_at.toISOString() };
    });
  }

  private parse(bytes: Buffer): { type: keyof typeof INBOUND_EVENTS; data: unknown } {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw WebhookErrors.invalidInbound('The body is not JSON (UTF-8).');
    }
    const body = inboundBodySchema.safeParse(json);
    if (!body.success)
      throw WebhookErrors.invalidInbound(`The body is not { type, timestamp, data }: ${z.prettifyError(body.error)}`);
    const { type } = body.data;
    if (!isInboundEventType(type)) {
      throw WebhookErrors.invalidInbound(
        `Unknown event type "${type}". TSB may send: ${INBOUND_EVENT_TYPES.join(', ')}.`,
        {
          accepted: INBOUND_EVENT_TYPES,
        },
      );
    }
    const data = INBOUND_EVENTS[type].data.safeParse(body.data.data);
    if (!data.success) {
      throw WebhookErrors.invalidInbound(
        `The data of "${type}" does not match its contract: ${z.prettifyError(data.error)}`,
        {
          issues: data.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      );
    }
    return { type, data: data.data };
  }
}
