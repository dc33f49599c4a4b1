import { z } from 'zod';
import { newSecret, secretHash } from '../secret-hash.js';

/*
 * An API key reads `jcg_<key id, 32 hex>_<secret, 43 base64url>`. The id finds the stored key;
 * only a SHA-256 of the secret is stored and only the hash travels between services. The secret
 * has 256 random bits, so a fast hash is enough (no password stretching needed).
 */
const KEY_FORMAT = /^jcg_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const KEY_ID = z.uuid();

export interface NewApiKey {
  id: string;
  /** Shown to its owner once; never stored. */
  key: string;
  secretHash: string;
}

export const hashApiKeySecret = secretHash;

export function generateApiKey(id: string): NewApiKey {
  const secret = newSecret();
  return { id, key: `jcg_${id.replaceAll('-', '')}_${secret}`, secretHash: hashApiKeySecret(secret) };
}

/** The key id and secret hash of a presented key, or null when it is not a key of ours. */
export function parseApiKey(key: string): { id: string; secretHash: string } | null {
  const match = KEY_FORMAT.exec(key);
  if (!match) return null;
  const hex = match[1];
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  // Ids are UUIDs as the contracts check them (version and variant bits): any other is no key of ours.
  if (!KEY_ID.safeParse(id).success) return null;
  return { id, secretHash: hashApiKeySecret(match[2]) };
}
