import { Logger } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { newCorrelationId, runInContext } from '@jcg/messaging';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's correlation id when it sent a sensible one, a new one otherwise. */
export function correlationIdOf(headers: IncomingHttpHeaders): string {
  const given = headers[CORRELATION_HEADER];
  return typeof given === 'string' && ACCEPTABLE.test(given) ? given : newCorrelationId();
}

/**
 * Runs each HTTP request, from its first hook to its reply, in a message context: the caller's
 * correlation id when it sent a sensible one, a new one otherwise. It is echoed in the response,
 * and carried by every log line, command and event the request causes (authentication included).
 */
export function installCorrelation(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = correlationIdOf(request.headers);
    void reply.header(CORRELATION_HEADER, correlationId);
    // Fastify goes on synchronously from done(): the rest of the request runs inside this context.
    runInContext({ correlationId, causationId: null }, () => done());
  });
}

const QUIET = /^\/(health|metrics)/;

/** One log line per request (method, path, status, time), at debug level for probes and scrapes. */
export function installRequestLog(fastify: FastifyInstance): void {
  const logger = new Logger('Http');
  fastify.addHook('onResponse', (request, reply, done) => {
    const entry = {
      msg: 'request',
      method: request.method,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (QUIET.test(request.url)) logger.debug(entry);
    else logger.log(entry);
    done();
  });
}
