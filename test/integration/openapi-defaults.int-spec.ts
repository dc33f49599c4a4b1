import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { z } from 'zod';
import { createTestEnvironment, type TestEnvironment } from '@jcg/testing';
import { ZodPipe } from '../../apps/api/src/http/zod.pipe';
import { TestSystem } from '../support/test-system';

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}
interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** A field with a default, named by where it is in the body (`tor.objectives[].key`, `owner|1.kind`). */
interface Defaulted {
  route: string;
  field: string;
  required: boolean;
  default: unknown;
}

const at = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** The fields with a default in a request body as the document describes it. */
function documentedDefaults(schema: JsonSchema, route: string, path = ''): Defaulted[] {
  const options = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  return [
    ...Object.entries(schema.properties ?? {}).flatMap(([name, property]) => [
      ...('default' in property
        ? [
            {
              route,
              field: at(path, name),
              required: (schema.required ?? []).includes(name),
              default: property.default,
            },
          ]
        : []),
      ...documentedDefaults(property, route, at(path, name)),
    ]),
    ...(schema.items ? documentedDefaults(schema.items, route, `${path}[]`) : []),
    ...options.flatMap((option, i) => documentedDefaults(option, route, `${path}|${i}`)),
  ];
}

/** The fields with a default in the zod schema a route validates its body with: a client may leave them out. */
function validatedDefaults(schema: z.ZodType, route: string, path = ''): Defaulted[] {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    const own = { route, field: path, required: false, default: JSON.parse(JSON.stringify(schema.def.defaultValue)) };
    return [own, ...validatedDefaults(schema.unwrap() as z.ZodType, route, path)];
  }
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodReadonly)
    return validatedDefaults(schema.unwrap() as z.ZodType, route, path);
  if (schema instanceof z.ZodPipe) return validatedDefaults(schema.in as z.ZodType, route, path);
  if (schema instanceof z.ZodObject)
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([name, field]) =>
      validatedDefaults(field, route, at(path, name)),
    );
  if (schema instanceof z.ZodArray) return validatedDefaults(schema.element as z.ZodType, route, `${path}[]`);
  if (schema instanceof z.ZodUnion)
    return (schema.options as z.ZodType[]).flatMap((option, i) => validatedDefaults(option, route, `${path}|${i}`));
  if (schema instanceof z.ZodIntersection)
    return [schema.def.left, schema.def.right].flatMap((side, i) =>
      validatedDefaults(side as z.ZodType, route, `${path}|${i}`),
    );
  return [];
}

/** The zod schema each route validates its body with, by the operation id the document gives it. */
function validatedBodies(api: NestFastifyApplication): Map<string, z.ZodType> {
  const bodies = new Map<string, z.ZodType>();
  for (const module of api.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as unknown as { name: string; prototype: object };
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
          string,
          { pipes?: unknown[] }
        >;
        for (const pipe of Object.values(args).flatMap((arg) => arg.pipes ?? [])) {
          if (!(pipe instanceof ZodPipe)) continue;
          const { schema, where } = pipe as unknown as { schema: z.ZodType; where: string };
          if (where === 'body') bodies.set(`${controller.name}_${method}`, schema);
        }
      }
    }
  }
  return bodies;
}

/**
 * Bodies validated past the API, on purpose: TSB's inbound webhook is verified on its raw bytes
 * (the signature covers them) before notifications validates it against the inbound contract.
 */
const VALIDATED_BY_THE_SERVICE = new Set(['POST /v1/webhooks/tsb']);

const byField = (a: Defaulted, b: Defaulted) => `${a.route} ${a.field}`.localeCompare(`${b.route} ${b.field}`);

describe('the OpenAPI document: defaulted request fields', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let documented: Defaulted[];
  let validated: Defaulted[];
  let unmatched: string[];

  beforeAll(async () => {
    env = await createTestEnvironment('openapi-defaults');
    system = new TestSystem(env);
    const api = await system.start('api');
    const doc = (await (await fetch(system.url(api, '/docs-json'))).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const bodies = validatedBodies(api);
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    documented = [];
    validated = [];
    unmatched = [];
    for (const { route, operation } of operations) {
      const schema = bodies.get(operation.operationId);
      bodies.delete(operation.operationId);
      const body = operation.requestBody?.content['application/json']?.schema;
      if (!body && !schema) continue;
      if (VALIDATED_BY_THE_SERVICE.has(route) && body && !schema) continue;
      if (!body || !schema) {
        unmatched.push(`${route}: ${body ? 'no zod schema validates its body' : 'its body is not documented'}`);
        continue;
      }
      documented.push(...documentedDefaults(body, route));
      validated.push(...validatedDefaults(schema, route));
    }
    unmatched.push(...[...bodies.keys()].map((id) => `${id}: validates a body but is not in the document`));
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  it('documents the body of every route that validates one, and no other', () => {
    expect(unmatched).toEqual([]);
    expect(validated.length).toBeGreaterThanOrEqual(5);
  });

  it('shows every field with a default optional, with the default the route applies', () => {
    expect([...documented].sort(byField)).toEqual([...validated].sort(byField));
  });

  it('never lists a field with a default as required', () => {
    expect(documented.filter((field) => field.required)).toEqual([]);
  });

  it('shows the fields named in the issue optional with their defaults', () => {
    expect(documented).toEqual(
      expect.arrayContaining([
        { route: 'POST /v1/groups', field: 'concurrenceRequired', required: false, default: true },
        { route: 'POST /v1/groups/{groupId}/participants', field: 'role', required: false, default: 'participant' },
        { route: 'POST /v1/groups/{groupId}/meetings', field: 'timeZone', required: false, default: 'Europe/Zurich' },
        { route: 'POST /v1/groups/{groupId}/meetings', field: 'tool', required: false, default: 'mymeetings' },
        { route: 'POST /v1/groups/{groupId}/extensions', field: 'studyGroupInput', required: false, default: [] },
      ]),
    );
  });
});
