import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { throwError, type Observable } from 'rxjs';
import { ContractViolation } from '@jcg/contracts';
import { RemoteError, currentContext, unavailableProblem, type RemoteProblem } from '@jcg/messaging';
import { CORRELATION_HEADER } from './correlation.js';
import { redactSecrets } from '../logging/redact.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The body of an RFC 9457 problem, as every error of the HTTP API is answered. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  correlationId?: string;
  [extension: string]: unknown;
}

function codeFromStatus(status: number): string {
  return (HttpStatus[status] ?? 'ERROR').toString();
}

function titleFromCode(code: string): string {
  const words = code.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Maps any error to a problem: what the caller may know, never a stack trace. */
export function toProblem(exception: unknown): RemoteProblem {
  if (exception instanceof RemoteError) return exception.problem;
  // Postgres out of reach (the API's own idempotency keys, say): 503, worth a retry, not a 500.
  const unavailable = unavailableProblem(exception);
  if (unavailable) return unavailable;
  if (exception instanceof ContractViolation) {
    return { status: 400, code: 'INVALID_REQUEST', title: 'Invalid request', detail: exception.issues.join('; ') };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
    const detail = Array.isArray(message)
      ? message.join('; ')
      : typeof message === 'string'
        ? message
        : exception.message;
    const code = codeFromStatus(status);
    return { status, code, title: titleFromCode(code), detail };
  }
  // Errors raised by Fastify itself (malformed JSON, body too large) carry their status.
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const code = codeFromStatus(statusCode);
    return { status: statusCode, code, title: titleFromCode(code), detail: (exception as Error).message };
  }
  return {
    status: 500,
    code: 'INTERNAL_ERROR',
    title: 'Internal error',
    detail: 'The server failed to handle the request.',
  };
}

export function problemDocument(
  problem: RemoteProblem,
  instance?: string,
  correlationId = currentContext()?.correlationId,
): ProblemDocument {
  return {
    type: `/problems/${problem.code.toLowerCase().replaceAll('_', '-')}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(instance ? { instance: redactSecrets(instance) } : {}),
    code: problem.code,
    ...(correlationId ? { correlationId } : {}),
    ...problem.extensions,
  };
}

/**
 * One filter for the whole app. HTTP errors become problem+json. Errors in message handlers
 * pass through unchanged, so the transport can tell a refused command from a failure.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception);
    if (problem.status >= 500 && problem.status !== 503 && !(exception instanceof RemoteError)) {
      this.logger.error(exception instanceof Error ? exception : String(exception));
    }
    // The filter runs after the request's context has ended: the interceptor left the id on the reply.
    const correlationId = reply.getHeader(CORRELATION_HEADER);
    void reply
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problemDocument(problem, request.url, typeof correlationId === 'string' ? correlationId : undefined));
  }
}
