import type { FastifyInstance } from 'fastify';
import { currentContext } from '@jcg/messaging';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem-details.filter.js';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Request bodies are JSON: a body sent as anything else (a form, text) is refused with 415 and
 * says so, rather than failing validation in a puzzling way.
 */
export function installJsonOnly(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const type = request.headers['content-type'] ?? '';
    if (!WITH_BODY.has(request.method) || !hasBody || /^application\/([\w.+-]+\+)?json\b/i.test(type)) {
      done();
      return;
    }
    void reply
      .status(415)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(
        problemDocument(
          {
            status: 415,
            code: 'UNSUPPORTED_MEDIA_TYPE',
            title: 'Unsupported media type',
            detail: `Send the body as JSON with "Content-Type: application/json" (got "${type || 'none'}").`,
          },
          request.url,
          currentContext()?.correlationId,
        ),
      );
  });
}
