import { z } from 'zod';

/** A webhook endpoint as its owner sees it (never with its secret: that is shown once). */
export const webhookEndpointSchema = z.strictObject({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  /** The event types it receives; null: every type, present and future. */
  eventTypes: z.array(z.string()).nullable(),
  /** Only this group's events (events of no group, such as body meetings, go to every endpoint). */
  groupId: z.uuid().nullable(),
  /** Who is mailed when the endpoint is disabled after failing. */
  contactEmail: z.email(),
  enabled: z.boolean(),
  /** Why it was disabled (by its owner, a 410 Gone, or failing for days). */
  disabledReason: z.string().nullable(),
  disabledAt: z.iso.datetime({ offset: true }).nullable(),
  /** Since when every attempt failed (null: the last one succeeded). */
  failingSince: z.iso.datetime({ offset: true }).nullable(),
  /** Until when deliveries are also signed with the secret before the last rotation. */
  previousSecretUntil: z.iso.datetime({ offset: true }).nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

/** A `whsec_` secret: base64 of 24 to 64 random bytes. */
export const webhookSecretSchema = z.string().regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, 'a whsec_ secret');

export const webhookEndpointInputSchema = z.strictObject({
  url: z.string().min(1).max(2000),
  description: z.string().max(500).default(''),
  eventTypes: z.array(z.string().min(1).max(200)).min(1).max(200).nullable().default(null),
  groupId: z.uuid().nullable().default(null),
  contactEmail: z.email().max(320),
  enabled: z.boolean().default(true),
});

export const webhookEndpointPatchSchema = z
  .strictObject({
    url: z.string().min(1).max(2000),
    description: z.string().max(500),
    eventTypes: z.array(z.string().min(1).max(200)).min(1).max(200).nullable(),
    groupId: z.uuid().nullable(),
    contactEmail: z.email().max(320),
    enabled: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');

export const webhookMessageStatusSchema = z.enum(['pending', 'succeeded', 'failed']);

export const webhookMessageSchema = z.strictObject({
  /** The `webhook-id` header: the same on every attempt and replay. */
  id: z.uuid(),
  endpointId: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
  status: webhookMessageStatusSchema,
  attempts: z.int().min(0),
  nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

export const webhookAttemptOutcomeSchema = z.enum([
  /** Under way (or the process died during it: then `interrupted` once noticed). */
  'sending',
  'succeeded',
  'failed',
  'timed-out',
  /** The process stopped during the attempt: the receiver may or may not have got it. */
  'interrupted',
  /** Not sent: the URL resolved to an address that is not allowed. */
  'refused',
]);

export const webhookAttemptSchema = z.strictObject({
  number: z.int().min(1),
  trigger: z.enum(['scheduled', 'replay']),
  startedAt: z.iso.datetime({ offset: true }),
  durationMs: z.int().min(0).nullable(),
  outcome: webhookAttemptOutcomeSchema,
  /** The HTTP status the receiver answered (null: no answer). */
  statusCode: z.int().nullable(),
  /** The first kilobyte of the receiver's answer. */
  response: z.string().nullable(),
  error: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;
