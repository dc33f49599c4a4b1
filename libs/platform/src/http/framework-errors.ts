import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_HEADER, correlationIdOf } from './correlation.js';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem-details.filter.js';
import { ALWAYS_HEADERS, DATA_CSP, HSTS, wantsHsts } from './security-headers.js';

/** The router's answers skip the hooks, the one adding security headers included: they are set here. */
const HEADERS: Record<string, string> = { ...ALWAYS_HEADERS, 'content-security-policy': DATA_CSP };

/**
 * The errors Fastify's router answers before any route, hook or filter runs: a URL with a
 * malformed percent-encoding (`/v1/groups/%zz`, 400) and a path parameter over the router's
 * maximum length (414). They are answered as problems like every other refusal, with a
 * correlation id of their own (these answers skip the hook that sets it) and the URL as the
 * instance, redacted like every problem's and cut to 1,000 characters.
 */
export function frameworkErrorProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const problem = tooLong
    ? {
        status: 414,
        code: 'URI_TOO_LONG',
        title: 'URI too long',
        detail: 'A path parameter is longer than any the API takes.',
      }
    : error.code === 'FST_ERR_BAD_URL'
      ? {
          status: 400,
          code: 'BAD_REQUEST',
          title: 'Bad request',
          detail: 'The URL is malformed: a percent sign must start a valid %XX escape of UTF-8.',
        }
      : {
          status: 500,
          code: 'INTERNAL_ERROR',
          title: 'Internal error',
          detail: 'The server failed to handle the request.',
        };
  const correlationId = correlationIdOf(request.headers);
  void reply
    .status(problem.status)
    .headers({
      ...HEADERS,
      ...(wantsHsts(request.headers.host) ? { 'strict-transport-security': HSTS } : {}),
      [CORRELATION_HEADER]: correlationId,
      'content-type': PROBLEM_CONTENT_TYPE,
    })
    .send(problemDocument(problem, request.url.slice(0, 1000), correlationId));
}
