import { createHash } from 'node:crypto';
import {
  HttpStatus,
  Logger,
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { Observable, from, of, switchMap, tap, catchError, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { OutcomeUnknown, RemoteError, qualified } from '@jcg/messaging';
import { Clock } from '@jcg/persistence';
import type { AuthenticatedRequest } from '../auth/access.decorator.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;
/** How long an answer is kept for replay. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

const problem = (status: number, code: string, title: string, detail: string) =>
  new RemoteError({ status, code, title, detail });

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its answer (2xx or 4xx) is
 * kept for a day; the same request again gets the same answer without running twice. The same
 * key with another request is refused (422); while the first is still running, 409. Keys are per
 * API key, so two callers never see each other's answers.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    // Without an API key (a route whose credential is a signature or a token) there is nobody to keep answers for.
    if (request.method !== 'POST' || key === undefined || !request.principal) return next.handle();
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      return throwError(() =>
        problem(
          400,
          'INVALID_IDEMPOTENCY_KEY',
          'Invalid Idempotency-Key',
          'An Idempotency-Key is 1 to 200 visible ASCII characters.',
        ),
      );
    }
    const principal = request.principal?.keyId ?? 'anonymous';
    const path = request.url.split('?')[0];
    const requestHash = createHash('sha256')
      .update(canonicalJson({ method: request.method, path, body: request.body ?? null }))
      .digest('hex');
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const table = qualified(this.dataSource.manager, 'idempotency_keys');

    return from(this.claim(table, principal, key, request.method, path, requestHash)).pipe(
      switchMap((stored) => {
        if (stored) {
          void reply.header('idempotent-replayed', 'true');
          if (stored.status >= 400) return throwError(() => new RemoteError(stored.response as RemoteError['problem']));
          return of(stored.response);
        }
        return next.handle().pipe(
          tap((response: unknown) => void this.keep(this.remember(table, principal, key, status, response))),
          catchError((error: unknown) => {
            void this.keep(this.settle(table, principal, key, status, error));
            return throwError(() => error);
          }),
        );
      }),
    );
  }

  /** Claims the key for this request, or returns the answer kept for it; refuses a reused or busy key. */
  private async claim(
    table: string,
    principal: string,
    key: string,
    method: string,
    path: string,
    requestHash: string,
  ): Promise<{ status: number; response: unknown } | null> {
    const now = this.clock.now();
    // Claimed when new, or when the answer kept under it is older than a day (then it starts afresh).
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO ${table} AS k (principal, key, method, path, request_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (principal, key) DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
         status = NULL, response = NULL, created_at = EXCLUDED.created_at
       WHERE k.created_at < $7
       RETURNING key`,
      [principal, key, method, path, requestHash, now, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)],
    );
    if (inserted.length > 0) return null;
    const [row] = await this.dataSource.query<{ request_hash: string; status: number | null; response: unknown }[]>(
      `SELECT request_hash, status, response FROM ${table} WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    if (!row) return this.claim(table, principal, key, method, path, requestHash);
    if (row.request_hash !== requestHash) {
      throw problem(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key reused',
        'This Idempotency-Key was used for another request; use a new key for a new request.',
      );
    }
    if (row.status === null)
      throw problem(
        409,
        'REQUEST_IN_PROGRESS',
        'Request in progress',
        'The first request with this Idempotency-Key is still running (or its outcome is not known yet); retry shortly with the same key, and it will get the first answer.',
      );
    return { status: row.status, response: row.response };
  }

  /**
   * Keeping an answer must never take the process down (Postgres may be away): logged, and the
   * key stays as it was (taken: a retry waits, then may run again after the day).
   */
  private async keep(work: Promise<void>): Promise<void> {
    await work.catch((error: unknown) =>
      this.logger.warn(`Could not keep the answer of an Idempotency-Key: ${(error as Error).message}`),
    );
  }

  /**
   * After a failure: a refusal (4xx) is the answer, kept for replay. An outcome nobody knows yet
   * (the handler was running when time ran out) keeps the key taken, and the answer is kept when
   * it comes, so a retry can never do it twice. Any other failure did nothing: the key is freed
   * for a retry.
   */
  private async settle(table: string, principal: string, key: string, status: number, error: unknown): Promise<void> {
    if (error instanceof RemoteError && error.problem.status < 500) {
      return this.remember(table, principal, key, error.problem.status, error.problem);
    }
    if (error instanceof RemoteError && error.problem.code === 'OUTCOME_UNKNOWN') {
      if (!(error instanceof OutcomeUnknown)) return; // told by a service further down: stays taken
      await error.outcome.then(
        (response) => this.remember(table, principal, key, status, response),
        async (late: unknown) => {
          if (!(late instanceof RemoteError)) return; // still unknown: the key stays taken
          if (late.problem.status < 500) await this.remember(table, principal, key, late.problem.status, late.problem);
          else await this.forget(table, principal, key);
        },
      );
      return;
    }
    return this.forget(table, principal, key);
  }

  private async remember(
    table: string,
    principal: string,
    key: string,
    status: number,
    response: unknown,
  ): Promise<void> {
    await this.dataSource.query(`UPDATE ${table} SET status = $3, response = $4 WHERE principal = $1 AND key = $2`, [
      principal,
      key,
      status,
      JSON.stringify(response ?? null),
    ]);
  }

  private async forget(table: string, principal: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${table} WHERE principal = $1 AND key = $2`, [principal, key]);
  }
}

/** Deletes answers older than a day, every hour. */
@Injectable()
export class IdempotencyJanitor implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune().catch(() => undefined), 3600_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM ${qualified(this.dataSource.manager, 'idempotency_keys')} WHERE created_at < $1`,
      [new Date(this.clock.now().getTime() - IDEMPOTENCY_TTL_MS)],
    );
    return deleted;
  }
}

/** JSON with object keys in a fixed order: the same request rebuilt by a client hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
