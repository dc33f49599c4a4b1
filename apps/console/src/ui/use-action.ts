import { useCallback, useState } from 'react';
import type { Problem } from '../api/problem';
import type { Result } from '../api/result';

/**
 * A change made through the API: `run` is busy until the answer, keeps the problem to show,
 * and calls `onDone` with the answer when it succeeded.
 */
export function useAction<A extends unknown[], T>(act: (...args: A) => Promise<Result<T>>, onDone?: (data: T) => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = useCallback(
    async (...args: A): Promise<boolean> => {
      setBusy(true);
      setProblem(null);
      const result = await act(...args);
      setBusy(false);
      if (!result.ok) {
        setProblem(result.problem);
        return false;
      }
      onDone?.(result.data);
      return true;
    },
    [act, onDone],
  );
  return { run, busy, problem, clear: () => setProblem(null) };
}
