import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The one way the system makes and keeps bearer secrets (API keys, sign-in links, browser
 * sessions): 256 random bits, and only a SHA-256 of them stored or sent between services. With
 * that much randomness a fast hash is enough (no password stretching needed).
 */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The hash of a secret that is stored and travels in its place (hex). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a stored hash with a presented one in constant time. */
export function sameSecretHash(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(presented, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
