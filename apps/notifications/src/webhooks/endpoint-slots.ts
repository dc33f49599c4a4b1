/**
 * At most `max` attempts to one endpoint at once in this process, so that a slow receiver never
 * takes the workers of the others. A worker that finds the endpoint busy may wait a little for a
 * slot (a fast receiver frees one within milliseconds: waiting beats planning the attempt again),
 * but only `maxWaiting` of them per endpoint, and not for long: past that it is told no, and
 * defers. A slow endpoint so holds at most `max + maxWaiting` workers, for `waitMs` at a time.
 */
export class EndpointSlots {
  private readonly busy = new Map<string, number>();
  private readonly waiting = new Map<string, Array<(granted: boolean) => void>>();

  constructor(
    private readonly max: number,
    private readonly waitMs: number,
    private readonly maxWaiting = max,
  ) {}

  /** Takes a slot of the endpoint: at once, after a short wait, or not at all (false). */
  acquire(endpointId: string): Promise<boolean> {
    const busy = this.busy.get(endpointId) ?? 0;
    if (busy < this.max) {
      this.busy.set(endpointId, busy + 1);
      return Promise.resolve(true);
    }
    const queue = this.waiting.get(endpointId) ?? [];
    if (queue.length >= this.maxWaiting || this.waitMs <= 0) return Promise.resolve(false);
    this.waiting.set(endpointId, queue);
    return new Promise<boolean>((resolve) => {
      const grant = (granted: boolean) => {
        clearTimeout(timer);
        resolve(granted);
      };
      const timer = setTimeout(() => {
        const at = queue.indexOf(grant);
        if (at >= 0) queue.splice(at, 1);
        if (queue.length === 0 && this.waiting.get(endpointId) === queue) this.waiting.delete(endpointId);
        resolve(false);
      }, this.waitMs);
      queue.push(grant);
    });
  }

  /** Takes a slot whatever the count (a replay: one at a time per endpoint already); counted like the others. */
  take(endpointId: string): void {
    this.busy.set(endpointId, (this.busy.get(endpointId) ?? 0) + 1);
  }

  /** Gives the slot back: to the worker waiting longest, if any. */
  release(endpointId: string): void {
    const queue = this.waiting.get(endpointId);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(endpointId);
    if (next) {
      next(true); // the slot passes on: the count stays
      return;
    }
    const left = (this.busy.get(endpointId) ?? 1) - 1;
    if (left > 0) this.busy.set(endpointId, left);
    else this.busy.delete(endpointId);
  }

  /** Attempts under way to the endpoint now. */
  inUse(endpointId: string): number {
    return this.busy.get(endpointId) ?? 0;
  }

  /** Every endpoint with attempts under way, and how many. */
  busyEndpoints(): [endpointId: string, inUse: number][] {
    return [...this.busy];
  }
}
