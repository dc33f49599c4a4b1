import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signatures: `v1,` + base64 HMAC-SHA256, keyed with the base64-decoded part of
 * a `whsec_` secret, over `<webhook-id>.<webhook-timestamp>.<body>`. Several signatures (during a
 * secret rotation) are separated by spaces.
 */
const PREFIX = 'whsec_';

/** The Standard Webhooks window: a timestamp further from now (s) is a replay or a stale retry. */
export const STANDARD_WEBHOOK_TOLERANCE_S = 300;

/** A new secret: 32 random bytes. */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The key of a `whsec_` secret, or null when it is not one. */
export function parseSecret(secret: string): Buffer | null {
  if (!secret.startsWith(PREFIX)) return null;
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const key = Buffer.from(encoded, 'base64');
  return key.length >= 16 ? key : null;
}

function hmac(key: Buffer, id: string, timestamp: number | string, body: Buffer | string): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** The `webhook-signature` header: one `v1,` signature per secret, space-separated. */
export function signatureHeader(secrets: string[], id: string, timestamp: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = parseSecret(secret);
      if (!key) throw new Error('Not a whsec_ secret');
      return `v1,${hmac(key, id, timestamp, body).toString('base64')}`;
    })
    .join(' ');
}

export type VerifyFailure = 'missing headers' | 'stale timestamp' | 'bad signature';

/**
 * Checks a signed request against its raw bytes: the timestamp within `toleranceS` of `nowS`, and
 * one of the header's v1 signatures made with one of `secrets`. Constant-time comparison.
 */
export function verifySignature(input: {
  secrets: string[];
  id: string | null;
  timestamp: string | null;
  signature: string | null;
  body: Buffer;
  nowS: number;
  toleranceS: number;
}): VerifyFailure | null {
  const { id, timestamp, signature } = input;
  if (!id || !timestamp || !signature) return 'missing headers';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(input.nowS - Number(timestamp)) > input.toleranceS)
    return 'stale timestamp';
  const offered = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const secret of input.secrets) {
    const key = parseSecret(secret);
    if (!key) continue;
    const expected = hmac(key, id, timestamp, input.body);
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) return null;
  }
  return 'bad signature';
}
