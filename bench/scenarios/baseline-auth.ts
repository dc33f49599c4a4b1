import type { Pool } from 'pg';
import { parseApiKey, sameSecretHash } from '@jcg/contracts';

/**
 * What the API's key check does, straight through `pg`, for the baselines: the key's id looked up,
 * its secret's hash compared in constant time, a revoked key refused.
 */
export async function keyIsValid(pool: Pool, authorization: string | undefined): Promise<boolean> {
  const key = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  const parsed = key ? parseApiKey(key) : null;
  if (!parsed) return false;
  const found = await pool.query<{ secret_hash: string }>(
    'SELECT secret_hash FROM membership.api_keys WHERE id = $1 AND revoked_at IS NULL',
    [parsed.id],
  );
  return found.rows.length === 1 && sameSecretHash(found.rows[0].secret_hash, parsed.secretHash);
}
