import { z } from 'zod';
import { defineCommand } from '../contract.js';

export const deliveryKindSchema = z.enum([
  'announcement',
  're-announcement',
  'cancellation-notice',
  'agenda-revision',
  'invite',
  'update',
  'cancellation',
  'reminder',
  'announcement-missed',
]);
export const deliveryStatusSchema = z.enum(['pending', 'queued', 'sent', 'failed', 'superseded']);

export const deliverySummarySchema = z.strictObject({
  meetingId: z.uuid(),
  /** Messages by kind and status (superseded: replaced by a newer message before it was sent). */
  counts: z.array(z.strictObject({ kind: deliveryKindSchema, status: deliveryStatusSchema, count: z.int().min(0) })),
  /** Messages that failed for good, with the reason: sent again when SMTP answers again, or on a replay. */
  failed: z.array(
    z.strictObject({
      deliveryId: z.uuid(),
      kind: deliveryKindSchema,
      recipient: z.string(),
      error: z.string().nullable(),
      failedAt: z.iso.datetime({ offset: true }).nullable(),
      /** Whether it may pass (SMTP was away); a refusal by the server (5xx) is sent again only on a replay. */
      retryable: z.boolean(),
    }),
  ),
});
export type DeliverySummary = z.infer<typeof deliverySummarySchema>;

const meetingRef = { groupId: z.uuid(), meetingId: z.uuid() };

export const deliverySummary = defineCommand({
  kind: 'query',
  name: 'notifications.deliveries.summary',
  owner: 'notifications',
  description: "What became of a meeting's mail: messages by kind and status, and the failed ones with their reason.",
  request: z.strictObject(meetingRef),
  response: deliverySummarySchema,
});

export const replayDeliveries = defineCommand({
  name: 'notifications.deliveries.replay',
  owner: 'notifications',
  description:
    "Sends a meeting's failed messages again (those a newer message replaced are left out): an administrator's replay.",
  request: z.strictObject(meetingRef),
  response: z.strictObject({ meetingId: z.uuid(), requeued: z.int().min(0) }),
});
