/** The median of a few runs (the middle one; the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0-100) of samples, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Polls every `everyMs` until `done()` says so, or throws after `timeoutMs` (every scenario is bounded in time). */
export async function until(
  done: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** One row of the results: what was measured, against what, and whether it meets its target. */
export interface BenchResult {
  scenario: string;
  size: string;
  unit: string;
  /** Median of the runs. */
  value: number;
  runs: number[];
  baseline: number | null;
  baselineRuns: number[];
  /** value / baseline where higher is better; baseline / value where lower is better. */
  ratio: number | null;
  target: string;
  met: boolean | null;
  notes?: string;
}
