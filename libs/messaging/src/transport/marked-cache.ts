/** How long a copy is kept at most, whatever the mark says. */
export const MARKED_CACHE_TTL_MS = 30_000;

export interface MarkedCacheOptions<V> {
  maxEntries: number;
  /** With `weigh`: the most the kept copies may weigh together (a copy heavier than that is not kept). */
  maxWeight?: number;
  weigh?: (value: V) => number;
  ttlMs?: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  mark: string;
  at: number;
  weight: number;
}

/**
 * Copies of what another service answered, each kept with that service's change mark as it was
 * read before asking (see `change-marks.ts`). A copy is used only while the mark has not moved,
 * and never longer than the TTL; with no mark (Redis cannot say) nothing is used or kept. At most
 * `maxEntries` weighing at most `maxWeight` together, the one stored longest ago dropped first.
 */
export class MarkedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private weight = 0;

  constructor(private readonly options: MarkedCacheOptions<V>) {
    this.ttlMs = options.ttlMs ?? MARKED_CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  get(key: string, mark: string | null): V | undefined {
    if (mark === null) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.mark !== mark || this.now() - entry.at >= this.ttlMs) {
      this.drop(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, mark: string | null, value: V): void {
    this.drop(key);
    if (mark === null) return;
    const weight = this.options.weigh?.(value) ?? 0;
    const maxWeight = this.options.maxWeight ?? Infinity;
    if (weight > maxWeight) return;
    this.entries.set(key, { value, mark, at: this.now(), weight });
    this.weight += weight;
    while (this.entries.size > this.options.maxEntries || this.weight > maxWeight)
      this.drop(this.entries.keys().next().value!);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the kept copies weigh together. */
  get totalWeight(): number {
    return this.weight;
  }
}
