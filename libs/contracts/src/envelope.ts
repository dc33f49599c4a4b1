import { z } from 'zod';

/**
 * Every event travels in this envelope. `type` is past tense and dotted (`group.registered`);
 * `data` is validated against the event's schema in the catalogue, on both sides.
 */
export const eventEnvelopeSchema = z.strictObject({
  id: z.uuid(),
  type: z.string().min(1).max(200),
  occurredAt: z.iso.datetime({ offset: true }),
  groupId: z.uuid().nullable(),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  data: z.unknown(),
});
export type EventEnvelope<TData = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & { data: TData };
