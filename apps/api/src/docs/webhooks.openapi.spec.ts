import { createHmac } from 'node:crypto';
import type { OpenAPIObject, OperationObject, ParameterObject, RequestBodyObject } from '@nestjs/swagger';
import { EVENTS, webhookEventCatalogue, type EventType } from '@jcg/contracts';
import { EVENT_ORDERING, EXAMPLE_SECRET, addWebhooks, exampleHeaders } from './webhooks.openapi.js';

const minimal = (): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 'Correspondence groups API', version: '1' },
  paths: { '/v1/groups': { get: { responses: { '200': { description: 'OK' } } } } },
});

/** The value at a dotted path such as `data.meeting.version`. */
const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

describe('the webhooks of the OpenAPI document', () => {
  const catalogue = webhookEventCatalogue();
  const document = addWebhooks(minimal());
  const post = (type: string): OperationObject => document.webhooks![type].post!;
  const types = catalogue.map((e) => e.type);

  it('has a POST for every event type of the catalogue, and nothing else', () => {
    expect(Object.keys(document.webhooks!).sort()).toEqual([...EVENTS.keys()].sort());
    for (const item of Object.values(document.webhooks!)) expect(Object.keys(item)).toEqual(['post']);
  });

  it('leaves the rest of the document as it was, a 3.0 document', () => {
    const { webhooks: _webhooks, ...rest } = document;
    expect(rest).toEqual(minimal());
  });

  it.each(types)('%s: the example is the catalogue\u2019s, with its body schema', (type) => {
    const event = catalogue.find((e) => e.type === type)!;
    const body = post(type).requestBody as RequestBodyObject;
    expect(body.required).toBe(true);
    const content = body.content['application/json'];
    expect(content.example).toEqual(event.example);
    const schema = content.schema as { $schema?: string; required: string[]; properties: Record<string, object> };
    expect(schema.$schema).toBeUndefined();
    expect([...schema.required].sort()).toEqual(['data', 'timestamp', 'type']);
    // The OpenAPI 3.0 dialect, as the rest of the document: a constant is a one-value enum.
    expect(schema.properties.type).toMatchObject({ type: 'string', enum: [type] });
  });

  it.each(types)('%s: says what the event is, and documents the three webhook headers', (type) => {
    const operation = post(type);
    expect(operation.summary).toBe(EVENTS.get(type)!.description);
    expect(operation.description).toContain(EVENTS.get(type)!.description);
    expect(operation.description).toContain('410 Gone');
    expect(operation.description).toContain('10 s');
    const headers = operation.parameters as ParameterObject[];
    expect(headers.map((h) => [h.name, h.in, h.required])).toEqual([
      ['webhook-id', 'header', true],
      ['webhook-timestamp', 'header', true],
      ['webhook-signature', 'header', true],
    ]);
    expect(Object.keys(operation.responses).sort()).toEqual(['2XX', '410', 'default']);
  });

  it('gives every operation its own id', () => {
    const ids = types.map((type) => post(type).operationId);
    expect(new Set(ids).size).toBe(types.length);
  });

  it.each(types)('%s: the example headers verify against the example body', (type) => {
    const example = catalogue.find((e) => e.type === type)!.example;
    const headers = Object.fromEntries(
      (post(type).parameters as ParameterObject[]).map((h) => [h.name, h.example as string]),
    );
    expect(headers).toEqual(exampleHeaders(example));
    expect(headers['webhook-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number(headers['webhook-timestamp']) * 1000).toBeGreaterThanOrEqual(Date.parse(example.timestamp));
    const key = Buffer.from(EXAMPLE_SECRET.replace(/^whsec_/, ''), 'base64');
    const expected = createHmac('sha256', key)
      .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${JSON.stringify(example)}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it.each(types)('%s: the version to order deliveries by is in the example data', (type) => {
    const ordering = EVENT_ORDERING[type as EventType];
    if (!ordering) {
      expect(post(type).description).toContain('carries no version');
      return;
    }
    const example = catalogue.find((e) => e.type === type)!.example;
    expect(at(example, ordering.id)).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isInteger(at(example, ordering.version))).toBe(true);
    expect(post(type).description).toContain(`\`${ordering.version}\``);
  });

  it('writes the body schemas in JSON Schema 2020-12 in a 3.1 document', () => {
    const schema = (
      addWebhooks({ ...minimal(), openapi: '3.1.0' }).webhooks!['participant.left'].post!
        .requestBody as RequestBodyObject
    ).content['application/json'].schema as {
      properties: Record<string, { const?: string; properties?: Record<string, unknown> }>;
    };
    expect(schema.properties.type.const).toBe('participant.left');
    expect(schema.properties.data.properties!.leftAt).toMatchObject({ anyOf: expect.any(Array) });
    expect(JSON.stringify(schema)).not.toContain('nullable');
  });

  it('keeps webhooks the document already had', () => {
    const withOther = { ...minimal(), webhooks: { other: { post: { responses: {} } } } };
    expect(Object.keys(addWebhooks(withOther).webhooks!)).toContain('other');
  });
});
