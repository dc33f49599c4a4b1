import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { boundPort } from '@jcg/platform';
import { createTestEnvironment, type TestEnvironment } from '@jcg/testing';
import { DATA_CSP, HSTS, PAGE_CSP } from '../../libs/platform/src/http/security-headers';
import { TestSystem } from '../support/test-system';

/** Security headers on the API's answers of every kind, and CORS closed (issue 14, part 5). */
describe('security headers', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let api: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    env = await createTestEnvironment('headers');
    system = new TestSystem(env);
    await system.start('membership');
    api = await system.start('api');
    base = `http://127.0.0.1:${boundPort(api)}`;
  });

  afterAll(async () => {
    await system.stopAll();
    await env.cleanup();
  });

  const expectCommon = (headers: Headers) => {
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('access-control-allow-origin')).toBeNull();
  };

  it.each([
    ['a problem (401)', '/v1/groups'],
    ['a 404', '/v1/nowhere'],
    ['health', '/health/live'],
    ['the OpenAPI document', '/docs-json'],
  ])('%s: no framing, no sniffing, no referrer, a policy that loads nothing', async (_what, path) => {
    const response = await fetch(`${base}${path}`, { headers: { origin: 'https://evil.example' } });
    expectCommon(response.headers);
    expect(response.headers.get('content-security-policy')).toBe(DATA_CSP);
  });

  it('the OpenAPI explorer: scripts from this origin only, never inline', async () => {
    const response = await fetch(`${base}/docs`, { redirect: 'follow' });
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expectCommon(response.headers);
    expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(PAGE_CSP).toMatch(/script-src 'self';/);
    // Nothing inline the policy would block: every script of the page has a src.
    const html = await response.text();
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
  });

  it("the console's pages keep their own policy", async () => {
    const response = await fetch(`${base}/sign-in`);
    expectCommon(response.headers);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'; frame-ancestors 'none'/);
  });

  it.each(['/health/live', '/v1/groups/%zz'])(
    'HSTS for a public host, none on loopback (%s: a route, and a URL the router refuses)',
    async (path) => {
      const local = await fetch(`${base}${path}`);
      expect(local.headers.get('strict-transport-security')).toBeNull();
      const { request } = await import('node:http');
      const hsts = await new Promise<string | undefined>((resolve, reject) => {
        request({ host: '127.0.0.1', port: boundPort(api), path, headers: { host: 'cg.itu.int' } }, (res) => {
          res.resume();
          resolve(res.headers['strict-transport-security']);
        })
          .on('error', reject)
          .end();
      });
      expect(hsts).toBe(HSTS);
    },
  );

  it('CORS is closed: a preflight from another origin is not allowed', async () => {
    const response = await fetch(`${base}/v1/groups`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    expectCommon(response.headers);
  });
});
