import type { FastifyInstance } from 'fastify';
import { currentContext } from '@jcg/messaging';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem-details.filter.js';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** A CSV upload: `text/csv` to a path ending in `.csv` (e.g. an import of the work-item register). */
const isCsvUpload = (type: string, url: string) => /^text\/csv\b/i.test(type) && url.split('?')[0].endsWith('.csv');

/**
 * Request bodies are JSON (or CSV to a `.csv` path): a body sent as anything else (a form, text)
 * is refused with 415 and says so, rather than failing validation in a puzzling way.
 */
export function installJsonOnly(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  fastify.addHook('onRequest', (request, reply, done) => {
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const type = request.headers['content-type'] ?? '';
    if (
      !WITH_BODY.has(request.method) ||
      !hasBody ||
      /^application\/([\w.+-]+\+)?json\b/i.test(type) ||
      isCsvUpload(type, request.url)
    ) {
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
            detail: request.url.split('?')[0].endsWith('.csv')
              ? `Send the CSV with "Content-Type: text/csv" (got "${type || 'none'}").`
              : `Send the body as JSON with "Content-Type: application/json" (got "${type || 'none'}").`,
          },
          request.url,
          currentContext()?.correlationId,
        ),
      );
  });
}
