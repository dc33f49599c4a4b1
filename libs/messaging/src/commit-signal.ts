/**
 * Tells this process's relays that a transaction may just have written work for them (an outbox
 * row, a timer, a delivery): they look now instead of at their next poll. Raised after each
 * command, event and timer this process handled; the polls stay, for work another replica wrote
 * and for whatever a signal missed.
 */
export class CommitSignal {
  private readonly listeners = new Set<() => void>();

  /** `enabled` false (RELAY_WAKE_ON_COMMIT=0): the relays only poll. */
  constructor(private readonly enabled = true) {}

  /** Whether this process's commits wake its relays (their polls may then slow down while idle). */
  get wakes(): boolean {
    return this.enabled;
  }

  /** Calls `listener` on every signal; returns how to stop. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    if (!this.enabled) return;
    for (const listener of this.listeners) listener();
  }
}
