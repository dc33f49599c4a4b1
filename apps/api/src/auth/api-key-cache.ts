import { Injectable } from '@nestjs/common';
import { sameSecretHash, type Principal } from '@jcg/contracts';
import { MarkedCache, QueueConnections, readChangeMark } from '@jcg/messaging';

interface Confirmed {
  secretHash: string;
  principal: Principal;
}

/** How long a principal is kept at most, whatever the mark says (it also refreshes the key's last use). */
export const API_KEY_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * The principals of API keys membership recently confirmed, so that a request with a known key
 * costs one Redis read (membership's change mark) instead of a round trip to membership. Every
 * membership command, event and timer moves the mark before it answers (revoking a key, a
 * participant leaving, a role changing): from then on nothing read before is used, so a revoked
 * key is refused on its very next request. When Redis cannot say, membership is asked.
 */
@Injectable()
export class ApiKeyCache {
  private readonly confirmed: MarkedCache<Confirmed>;

  constructor(
    private readonly connections: QueueConnections,
    now: () => number = Date.now,
  ) {
    this.confirmed = new MarkedCache({ maxEntries: MAX_ENTRIES, ttlMs: API_KEY_CACHE_TTL_MS, now });
  }

  async principal(keyId: string, secretHash: string, authenticate: () => Promise<Principal>): Promise<Principal> {
    // Read before asking: a change while membership answers leaves this entry behind the mark.
    const mark = await readChangeMark(this.connections, 'membership');
    const entry = this.confirmed.get(keyId, mark);
    if (entry && sameSecretHash(entry.secretHash, secretHash)) return entry.principal;
    const principal = await authenticate();
    this.confirmed.set(keyId, mark, { secretHash, principal });
    return principal;
  }
}
