import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { newCorrelationId, runInContext } from '@jcg/messaging';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Runs each HTTP request in a message context: the caller's correlation id when it sent a
 * sensible one, a new one otherwise. It is echoed in the response, in every log line and in
 * every command and event the request causes.
 */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const given = request.headers[CORRELATION_HEADER];
    const correlationId = typeof given === 'string' && ACCEPTABLE.test(given) ? given : newCorrelationId();
    void reply.header(CORRELATION_HEADER, correlationId);
    return new Observable((subscriber) =>
      runInContext({ correlationId, causationId: null }, () => next.handle().subscribe(subscriber)),
    );
  }
}
