import { z } from 'zod';
import { EVENTS, type EventType } from '../catalogue.js';
import { EVENT_EXAMPLES } from './event-examples.js';
import {
  webhookBodyJsonSchema,
  webhookBodySchema,
  webhookEventCatalogue,
  webhookEventTypeSchema,
  type WebhookEventType,
} from './event-catalogue.js';

/** Every object schema within a JSON Schema, at any depth. */
function objectSchemas(schema: unknown): Record<string, unknown>[] {
  if (Array.isArray(schema)) return schema.flatMap(objectSchemas);
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  return [...(node.type === 'object' ? [node] : []), ...Object.values(node).flatMap(objectSchemas)];
}

describe('the webhook event catalogue', () => {
  const catalogue = webhookEventCatalogue();
  const byType = new Map(catalogue.map((entry) => [entry.type, entry]));
  const entry = (type: string): WebhookEventType => byType.get(type)!;

  it('lists every event of the contracts catalogue once, sorted by type', () => {
    const types = catalogue.map((e) => e.type);
    expect(new Set(types).size).toBe(types.length);
    expect([...types].sort()).toEqual([...EVENTS.keys()].sort());
    expect(types).toEqual([...types].sort());
  });

  it('has the shape the API answers', () => {
    for (const e of catalogue) expect(webhookEventTypeSchema.parse(e)).toEqual(e);
  });

  it.each([...EVENTS.keys()])('%s: owner, description and example come from the contract', (type) => {
    const event = EVENTS.get(type)!;
    expect(entry(type)).toMatchObject({ type, owner: event.owner, description: event.description });
    expect(entry(type).example.type).toBe(type);
    expect(entry(type).example.data).toEqual(EVENT_EXAMPLES[type as EventType]);
    expect(event.data.parse(entry(type).example.data)).toEqual(entry(type).example.data);
  });

  it.each([...EVENTS.keys()])('%s: the body schema is JSON Schema 2020-12 of { type, timestamp, data }', (type) => {
    const schema = entry(type).schema as {
      $schema: string;
      type: string;
      required: string[];
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect([...schema.required].sort()).toEqual(['data', 'timestamp', 'type']);
    expect(schema.properties.type).toMatchObject({ type: 'string', const: type });
    expect(schema.properties.timestamp).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schema.properties.data).toMatchObject({ type: 'object' });
  });

  it.each([...EVENTS.keys()])('%s: the example body validates against the published JSON Schema', (type) => {
    const { example, schema } = entry(type);
    const published = z.fromJSONSchema(schema);
    expect(published.safeParse(example).error?.issues).toBeUndefined();
    expect(published.safeParse({ ...example, type: 'another.event' }).success).toBe(false);
    expect(published.safeParse({ ...example, timestamp: '2026-12-02 09:30' }).success).toBe(false);
    expect(published.safeParse({ type, timestamp: example.timestamp }).success).toBe(false);
  });

  it.each([...EVENTS.keys()])('%s: the example body parses with the body schema', (type) => {
    const { example } = entry(type);
    expect(webhookBodySchema(type as EventType).parse(example)).toEqual(example);
    expect(webhookBodySchema(type as EventType).safeParse({ ...example, type: 'another.event' }).success).toBe(false);
  });

  it('publishes open objects: a receiver validating with the schema accepts a member added later', () => {
    for (const e of catalogue) {
      for (const object of objectSchemas(e.schema)) expect(object.additionalProperties).toBeUndefined();
    }
    const { example, schema } = entry('meeting.announced');
    const extended = { ...example, data: { ...(example.data as object), addedLater: true } };
    expect(z.fromJSONSchema(schema).safeParse(extended).success).toBe(true);
    // The sender stays strict: it delivers exactly what the contract says.
    expect(webhookBodySchema('meeting.announced').safeParse(extended).success).toBe(false);
  });

  it('checks the data deeply, not only its top level', () => {
    const { example, schema } = entry('meeting.announced');
    const data = example.data as { meeting: Record<string, unknown> };
    const broken = { ...example, data: { ...data, meeting: { ...data.meeting, groupId: 'not-a-uuid' } } };
    expect(z.fromJSONSchema(schema).safeParse(broken).success).toBe(false);
  });

  it('gives the OpenAPI 3.0 dialect on request (nullable, no $schema)', () => {
    const schema = webhookBodyJsonSchema('participant.left', 'openapi-3.0') as {
      $schema?: string;
      properties: { data: { properties: { leftAt: Record<string, unknown> } } };
    };
    expect(schema.properties.data.properties.leftAt).toMatchObject({ nullable: true, type: 'string' });
  });

  it('answers a copy: changing it changes nothing for the next caller', () => {
    const first = webhookEventCatalogue();
    first[0].example.type = 'changed';
    (first[0].schema as { type: string }).type = 'changed';
    expect(webhookEventCatalogue()).toEqual(catalogue);
  });

  it('refuses an event type the contracts catalogue does not have', () => {
    expect(() => webhookBodySchema('no.such-event' as EventType)).toThrow('no event "no.such-event"');
  });
});
