import type { OpenAPIObject } from '@nestjs/swagger';
import { COMPONENT_SCHEMAS } from '../../apps/api/src/docs/component-schemas';
import { openApiDocument } from './openapi-document';

/** Every `$ref` in a JSON value, with where it is. */
function refsIn(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) =>
    key === '$ref' && typeof member === 'string' ? [{ at, ref: member }] : refsIn(member, `${at}/${key}`),
  );
}

describe('the OpenAPI document built offline', () => {
  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await openApiDocument();
  }, 60_000);

  it('has every route', () => {
    expect(Object.keys(document.paths).length).toBeGreaterThanOrEqual(79);
    expect(document.openapi).toBe('3.1.0');
  });

  it('names the contracts\u2019 shapes and the problem document under components.schemas', () => {
    expect(Object.keys(document.components?.schemas ?? {}).sort()).toEqual(
      [...Object.keys(COMPONENT_SCHEMAS), 'Problem'].sort(),
    );
  });

  it('refers to each component, and to nothing that is not one', () => {
    const refs = refsIn(document);
    const names = Object.keys(document.components?.schemas ?? {});
    const dangling = refs.filter(({ ref }) => !names.some((name) => ref === `#/components/schemas/${name}`));
    expect(dangling).toEqual([]);
    const unused = names.filter((name) => !refs.some(({ ref }) => ref === `#/components/schemas/${name}`));
    expect(unused).toEqual([]);
  });

  it('answers with references: a meeting, a list of meetings, a problem', () => {
    const meetings = document.paths['/v1/groups/{groupId}/meetings'];
    const json = (status: string, method: 'get' | 'post') =>
      (meetings[method]!.responses[status] as { content: Record<string, { schema: unknown }> }).content;
    expect(json('201', 'post')['application/json'].schema).toEqual({ $ref: '#/components/schemas/Meeting' });
    expect(json('200', 'get')['application/json'].schema).toMatchObject({
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Meeting' } } },
    });
    expect(json('401', 'get')['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });

  it('keeps request bodies inline, with their defaults', () => {
    const body = document.paths['/v1/groups'].post!.requestBody as { content: Record<string, { schema: unknown }> };
    expect(refsIn(body)).toEqual([]);
    expect(body.content['application/json'].schema).toMatchObject({
      properties: { concurrenceRequired: { default: true } },
    });
  });
});
