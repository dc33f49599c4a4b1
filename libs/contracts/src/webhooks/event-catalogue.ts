import { z } from 'zod';
import { EVENTS, WEBHOOK_EVENT_TYPES, type EventDataOf, type EventType } from '../catalogue.js';
import { instantSchema } from '../common.schema.js';
import { EVENT_EXAMPLE_TIMESTAMPS, EVENT_EXAMPLES } from './event-examples.js';

/**
 * Every domain event is delivered to TSB by webhook (Standard Webhooks), its body
 * `{ type, timestamp, data }`. This is the catalogue of those bodies: what TSB can subscribe to,
 * the JSON Schema of each body, and an example.
 */

/** One event type as TSB sees it (`GET /v1/webhooks/event-types`). */
export const webhookEventTypeSchema = z.strictObject({
  type: z.string(),
  /** The service that publishes it. */
  owner: z.string(),
  description: z.string(),
  /** The JSON Schema (draft 2020-12) of the whole webhook body. */
  schema: z.record(z.string(), z.unknown()),
  example: z.strictObject({ type: z.string(), timestamp: z.string(), data: z.unknown() }),
});
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

export type WebhookBodySchema<T extends EventType = EventType> = z.ZodObject<
  { type: z.ZodLiteral<T>; timestamp: typeof instantSchema; data: z.ZodType<EventDataOf<T>> },
  z.core.$strict
>;

const bodySchemas = new Map<string, z.ZodType>();

/** The zod schema of a webhook body of an event type: `{ type, timestamp, data }`. */
export function webhookBodySchema<T extends EventType>(type: T): WebhookBodySchema<T> {
  const known = bodySchemas.get(type);
  if (known) return known as WebhookBodySchema<T>;
  const event = EVENTS.get(type);
  if (!event) throw new Error(`The contracts catalogue has no event "${type}"`);
  const data = event.data as z.ZodType<EventDataOf<T>>;
  const schema = z
    .strictObject({
      type: z.literal(type).meta({ description: 'The event type: never renamed' }),
      timestamp: instantSchema.meta({ description: 'When the event occurred: an ISO 8601 instant' }),
      data: data.meta({
        description:
          'The event data, exactly as the contract defines it. Contracts are only ever extended: ignore members you do not know.',
      }),
    })
    .meta({ description: event.description });
  bodySchemas.set(type, schema);
  return schema;
}

/**
 * The JSON Schema of a webhook body: draft 2020-12 (the catalogue), or the OpenAPI 3.0 dialect
 * (the API's OpenAPI document). The output view: what is delivered, defaults applied.
 *
 * The contracts' objects are strict for the sender, but payloads are only ever extended: a
 * receiver that rejected unknown members would break on the next addition. So the published
 * schema leaves `additionalProperties` open.
 */
export function webhookBodyJsonSchema(
  type: EventType,
  target: 'draft-2020-12' | 'openapi-3.0' = 'draft-2020-12',
): Record<string, unknown> {
  return z.toJSONSchema(webhookBodySchema(type), {
    target,
    io: 'output',
    override: ({ jsonSchema }) => {
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  });
}

/** The example body of an event type (its `data` is valid against the event's schema). */
export function webhookExample<T extends EventType>(type: T): WebhookEventType['example'] {
  return { type, timestamp: EVENT_EXAMPLE_TIMESTAMPS[type], data: EVENT_EXAMPLES[type] };
}

let catalogue: WebhookEventType[] | undefined;

/** Every event type TSB can receive by webhook, sorted by type. */
export function webhookEventCatalogue(): WebhookEventType[] {
  catalogue ??= [...WEBHOOK_EVENT_TYPES]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((type) => {
      const event = EVENTS.get(type)!;
      return {
        type,
        owner: event.owner,
        description: event.description,
        schema: webhookBodyJsonSchema(type),
        example: webhookExample(type),
      };
    });
  return structuredClone(catalogue);
}
