import { RemoteError, type RemoteProblem } from './remote-error.js';

/** Socket errors of a peer that is down or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * pg reports a lost or impossible connection without a code: these are its exact messages
 * (node-postgres `client.js` and `pg-pool`), the one place we must compare text.
 */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
];

/**
 * Whether an error means Postgres could not be reached (rather than a query that went wrong):
 * SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, cannot connect now),
 * 53300 (too many connections), or a socket error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code) || NETWORK_CODES.has(code)) {
        return true;
      }
    }
    if (typeof message === 'string' && PG_CONNECTION_MESSAGES.includes(message)) return true;
    // TypeORM wraps driver errors (QueryFailedError.driverError); Node wraps causes.
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

export const DATABASE_UNAVAILABLE: RemoteProblem = {
  status: 503,
  code: 'DATABASE_UNAVAILABLE',
  title: 'Service unavailable',
  detail: 'The database cannot be reached right now; nothing was changed. Retry shortly.',
};

export const QUEUE_UNAVAILABLE: RemoteProblem = {
  status: 503,
  code: 'QUEUE_UNAVAILABLE',
  title: 'Service unavailable',
  detail: 'The message queue cannot be reached right now; nothing was sent. Retry shortly.',
};

/** The problem an infrastructure outage stands for, or null for any other error. */
export function unavailableProblem(error: unknown): RemoteProblem | null {
  if (error instanceof RemoteError) return null;
  return isDatabaseUnavailable(error) ? DATABASE_UNAVAILABLE : null;
}
