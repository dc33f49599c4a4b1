/** How long a copy is kept at most, whatever the mark says. */
export const MARKED_CACHE_TTL_MS = 30_000;

export interface MarkedCacheOptions {
  maxEntries: number;
  ttlMs?: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  mark: string;
  at: number;
}

/**
 * Copies of what another service answered, each kept with that service's change mark as it was
 * read before asking (see `change-marks.ts`). A copy is used only while the mark has not moved,
 * and never longer than the TTL; with no mark (Redis cannot say) nothing is used or kept. At most
 * `maxEntries`, the one stored longest ago dropped first.
 */
export class MarkedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: MarkedCacheOptions) {
    this.ttlMs = options.ttlMs ?? MARKED_CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  get(key: string, mark: string | null): V | undefined {
    if (mark === null) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.mark !== mark || this.now() - entry.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, mark: string | null, value: V): void {
    if (mark === null) return;
    this.entries.delete(key);
    this.entries.set(key, { value, mark, at: this.now() });
    if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
