import type { OpenAPIObject } from '@nestjs/swagger';
import { refineDocument } from './openapi.js';

const problem = (description: string) => ({ description, content: { 'application/problem+json': {} } });

function documentWith(responses: Record<string, Record<string, unknown>>): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/v1/keyed': { get: { responses: { '200': {}, '401': problem('No key') } } },
      '/v1/public': { post: { responses: { '202': {}, '400': problem('Bad') } } },
      '/v1/own': { post: { responses } },
    },
  } as unknown as OpenAPIObject;
}

describe('refineDocument', () => {
  it('documents a 429 with Retry-After on every route that takes a credential, and only there', () => {
    const paths = refineDocument(documentWith({ '401': problem('No key') })).paths as Record<
      string,
      Record<string, { responses: Record<string, { description: string; headers?: Record<string, unknown> }> }>
    >;
    const limited = paths['/v1/keyed'].get.responses['429'];
    expect(limited.description).toMatch(/RATE_LIMIT_API_KEY/);
    expect(Object.keys(limited.headers ?? {})).toEqual(['Retry-After']);
    expect(paths['/v1/public'].post.responses['429']).toBeUndefined();
  });

  it("keeps a route's own 429", () => {
    const own = problem('Too many sign-in requests');
    const paths = refineDocument(documentWith({ '401': problem('No key'), '429': own })).paths as Record<
      string,
      Record<string, { responses: Record<string, unknown> }>
    >;
    expect(paths['/v1/own'].post.responses['429']).toBe(own);
  });
});
