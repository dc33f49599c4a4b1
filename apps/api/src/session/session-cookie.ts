import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The browser session's cookie: `jcg_session=<session id>.<secret>`, HttpOnly, SameSite=Lax,
 * Secure except on a loopback host (development over http). Only a hash of the secret leaves
 * the API; the CSRF token is derived from the secret, so the page gets it from
 * `GET /v1/session` and sends it back in `x-csrf-token` on every state-changing request, which a
 * page of another site can neither read nor forge. (Written by hand: the `cookie` package is
 * ESM-only, which the compiled apps on Node 20 cannot require.)
 */
export const SESSION_COOKIE = 'jcg_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_LIFETIME_MS = 12 * 3600_000;

export interface SessionCredentials {
  sessionId: string;
  secret: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The CSRF token of a session: a hash of its secret (so it needs no storage). */
export function csrfTokenOf(secret: string): string {
  return createHash('sha256').update(`csrf:${secret}`, 'utf8').digest('base64url');
}

/** The session credentials in a request's cookies, if any well-formed. */
export function sessionFrom(headers: IncomingHttpHeaders): SessionCredentials | null {
  const header = headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    const dot = value.indexOf('.');
    const sessionId = value.slice(0, dot);
    const secret = value.slice(dot + 1);
    if (dot > 0 && UUID.test(sessionId) && /^[A-Za-z0-9_-]{43}$/.test(secret)) return { sessionId, secret };
  }
  return null;
}

const isLoopback = (hostname: string) => /^(localhost|127(\.\d+){3}|\[::1\]|::1)$/i.test(hostname);

/** The Set-Cookie value that opens (or, with maxAgeS 0, ends) the session in the browser. */
export function sessionCookie(value: string, maxAgeS: number, hostname: string): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeS}`,
    ...(isLoopback(hostname.replace(/:\d+$/, '')) ? [] : ['Secure']),
  ].join('; ');
}
