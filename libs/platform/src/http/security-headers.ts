import type { FastifyInstance } from 'fastify';

/** What no answer of ours needs: no framing, no sniffing, no referrer. */
export const ALWAYS_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** JSON, problem+json, calendars, documents: nothing in them may load or run anything. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * An HTML page without a policy of its own (the OpenAPI explorer at /docs): scripts from this
 * origin only, never inline; its inline styles allowed. The console's pages set their own.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export const HSTS = 'max-age=31536000; includeSubDomains';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/** HSTS goes to every host but loopback. */
export function wantsHsts(host: string | undefined): boolean {
  return !LOOPBACK.test(host ?? '');
}

/**
 * Security headers on every answer (issue 14, part 5). HSTS is sent except to a loopback host
 * (a browser keeps it for a year: on localhost it would pin every other local app to https).
 * CORS stays closed: no route answers with Access-Control-Allow-Origin, so a page of another
 * origin can neither read an answer nor send a preflighted request.
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    for (const [name, value] of Object.entries(ALWAYS_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    if (!reply.hasHeader('content-security-policy')) {
      const type = String(reply.getHeader('content-type') ?? '');
      reply.header('content-security-policy', /^text\/html\b/i.test(type) ? PAGE_CSP : DATA_CSP);
    }
    if (wantsHsts(request.headers.host)) reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
}
