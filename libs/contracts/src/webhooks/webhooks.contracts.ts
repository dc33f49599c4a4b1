import { z } from 'zod';
import { defineCommand } from '../contract.js';
import {
  webhookAttemptSchema,
  webhookEndpointInputSchema,
  webhookEndpointPatchSchema,
  webhookEndpointSchema,
  webhookMessageSchema,
  webhookMessageStatusSchema,
  webhookSecretSchema,
} from './webhook-endpoint.schema.js';
import { replyKeySchema, sealedSecretSchema } from './sealed-secret.js';

const endpointRef = { endpointId: z.uuid() };
/** What the API answers when a secret is made: the endpoint and its secret, shown this once. */
export const webhookEndpointWithSecretSchema = z.strictObject({
  endpoint: webhookEndpointSchema,
  secret: webhookSecretSchema,
});
/** Between the services the secret travels sealed to the API's one-off key (`sealed-secret.ts`). */
const withSealedSecret = z.strictObject({ endpoint: webhookEndpointSchema, sealedSecret: sealedSecretSchema });
const replyKey = { replyKey: replyKeySchema };

export const createWebhookEndpoint = defineCommand({
  name: 'notifications.webhooks.create-endpoint',
  owner: 'notifications',
  description: 'Registers a webhook endpoint; answers its whsec_ secret, sealed to the reply key.',
  request: webhookEndpointInputSchema.extend({ createdBy: z.string().min(1).max(200), ...replyKey }),
  response: withSealedSecret,
});

export const listWebhookEndpoints = defineCommand({
  kind: 'query',
  name: 'notifications.webhooks.list-endpoints',
  owner: 'notifications',
  description: 'The webhook endpoints, oldest first.',
  request: z.strictObject({}),
  response: z.strictObject({ items: z.array(webhookEndpointSchema) }),
});

export const getWebhookEndpoint = defineCommand({
  kind: 'query',
  name: 'notifications.webhooks.get-endpoint',
  owner: 'notifications',
  description: 'One webhook endpoint.',
  request: z.strictObject(endpointRef),
  response: webhookEndpointSchema,
});

export const updateWebhookEndpoint = defineCommand({
  name: 'notifications.webhooks.update-endpoint',
  owner: 'notifications',
  description:
    'Changes an endpoint (URL, description, event types, group, contact, enabled). Enabling it again clears its failure record.',
  request: z.strictObject({ ...endpointRef, patch: webhookEndpointPatchSchema }),
  response: webhookEndpointSchema,
});

export const deleteWebhookEndpoint = defineCommand({
  name: 'notifications.webhooks.delete-endpoint',
  owner: 'notifications',
  description: 'Deletes an endpoint with its messages and their log; what was still to be sent is not sent.',
  request: z.strictObject(endpointRef),
  response: z.strictObject({ endpointId: z.uuid(), deleted: z.literal(true) }),
});

export const rotateWebhookSecret = defineCommand({
  name: 'notifications.webhooks.rotate-secret',
  owner: 'notifications',
  description:
    'Gives the endpoint a new secret; deliveries are signed with both the new and the old one for the overlap (default 24 h).',
  request: z.strictObject({
    ...endpointRef,
    ...replyKey,
    overlapSeconds: z
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(24 * 3600),
  }),
  response: withSealedSecret,
});

export const listWebhookMessages = defineCommand({
  kind: 'query',
  name: 'notifications.webhooks.list-messages',
  owner: 'notifications',
  description: "An endpoint's messages, newest first (cursor pagination), optionally of one status.",
  request: z.strictObject({
    ...endpointRef,
    status: webhookMessageStatusSchema.optional(),
    limit: z.int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  }),
  response: z.strictObject({ items: z.array(webhookMessageSchema), nextCursor: z.string().nullable() }),
});

export const getWebhookMessage = defineCommand({
  kind: 'query',
  name: 'notifications.webhooks.get-message',
  owner: 'notifications',
  description: 'One message with its body and every attempt made to deliver it.',
  request: z.strictObject({ ...endpointRef, messageId: z.uuid() }),
  response: z.strictObject({
    message: webhookMessageSchema,
    body: z.string(),
    attempts: z.array(webhookAttemptSchema),
  }),
});

export const replayWebhookMessage = defineCommand({
  name: 'notifications.webhooks.replay-message',
  owner: 'notifications',
  description: 'Delivers one message again (same webhook-id and body, fresh signature).',
  request: z.strictObject({ ...endpointRef, messageId: z.uuid() }),
  response: z.strictObject({ endpointId: z.uuid(), replayed: z.int().min(0) }),
});

export const replayFailedWebhooks = defineCommand({
  name: 'notifications.webhooks.replay-failed',
  owner: 'notifications',
  description:
    'Delivers again, in event order, every message to the endpoint that failed and was made since the given time.',
  request: z.strictObject({ ...endpointRef, since: z.iso.datetime({ offset: true }) }),
  response: z.strictObject({ endpointId: z.uuid(), replayed: z.int().min(0) }),
});

export const receiveInboundWebhook = defineCommand({
  name: 'notifications.webhooks.receive',
  owner: 'notifications',
  description:
    "An event TSB posted: verified on the raw bytes with TSB's secret, de-duplicated by webhook-id, validated, and handed to the owning service.",
  request: z.strictObject({
    webhookId: z.string().max(300).nullable(),
    webhookTimestamp: z.string().max(50).nullable(),
    webhookSignature: z.string().max(5000).nullable(),
    /** The request body exactly as it came (base64): the signature covers these bytes. */
    bodyBase64: z.string().max(2_000_000),
  }),
  response: z.strictObject({
    webhookId: z.string(),
    type: z.string(),
    /** True when this webhook-id was taken before: nothing was done again. */
    duplicate: z.boolean(),
    /**
     * applied: handed to the owning service; duplicate: this id was taken before; stale: a later
     * event about the same thing (by its `timestamp`) was applied already, so this one changes nothing.
     */
    outcome: z.enum(['applied', 'duplicate', 'stale']),
    receivedAt: z.iso.datetime({ offset: true }),
  }),
});
