import { Injectable } from '@nestjs/common';
import { sameSecretHash, type Principal } from '@jcg/contracts';
import { QueueConnections, readChangeMark } from '@jcg/messaging';

interface Entry {
  secretHash: string;
  principal: Principal;
  /** membership's change mark when the principal was read (see `change-marks.ts`). */
  mark: string;
  at: number;
}

/** How long a principal is kept at most, whatever the mark says (it also refreshes the key's last use). */
export const API_KEY_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * The principals of API keys membership recently confirmed, so that a request with a known key
 * costs one Redis read (membership's change mark) instead of a round trip to membership. Every
 * membership command moves the mark before it answers (revoking a key, a participant leaving, a
 * role changing): from then on nothing read before is used, so a revoked key is refused on its
 * very next request. When Redis cannot say, membership is asked.
 */
@Injectable()
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly connections: QueueConnections,
    private readonly now: () => number = Date.now,
  ) {}

  async principal(keyId: string, secretHash: string, authenticate: () => Promise<Principal>): Promise<Principal> {
    // Read before asking: a change while membership answers leaves this entry behind the mark.
    const mark = await readChangeMark(this.connections, 'membership');
    const entry = this.entries.get(keyId);
    if (
      entry &&
      mark !== null &&
      entry.mark === mark &&
      this.now() - entry.at < API_KEY_CACHE_TTL_MS &&
      sameSecretHash(entry.secretHash, secretHash)
    ) {
      return entry.principal;
    }
    const principal = await authenticate();
    if (mark !== null) this.remember(keyId, { secretHash, principal, mark, at: this.now() });
    return principal;
  }

  private remember(keyId: string, entry: Entry): void {
    this.entries.delete(keyId);
    this.entries.set(keyId, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
