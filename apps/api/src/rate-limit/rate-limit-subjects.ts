import { createHash } from 'node:crypto';
import type { RateLimitSubject } from './request-rate-limits.js';

/**
 * Which credential a request is counted against. A key or a session counts with a digest of its
 * secret's hash beside its id, so that requests with a known id and a wrong secret (a stranger's)
 * never use up the budget of the real one; the digest cannot be turned back into the secret.
 */
const digest = (secretHash: string) => createHash('sha256').update(secretHash).digest('base64url').slice(0, 16);

export const apiKeySubject = (keyId: string, secretHash: string): RateLimitSubject => ({
  key: `${keyId}:${digest(secretHash)}`,
  label: `API key ${keyId}`,
});

export const sessionSubject = (sessionId: string, secretHash: string): RateLimitSubject => ({
  key: `${sessionId}:${digest(secretHash)}`,
  label: 'a browser session',
});

export const addressSubject = (address: string): RateLimitSubject => ({ key: address, label: `address ${address}` });
