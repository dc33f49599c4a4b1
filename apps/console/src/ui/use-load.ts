import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '../api/problem';
import type { Result } from '../api/result';

export type Loaded<T> =
  | { status: 'loading'; reload: () => void }
  | { status: 'failed'; problem: Problem; reload: () => void }
  | { status: 'ready'; data: T; reload: () => void };

/**
 * Loads something from the API when the page opens (and when `deps` change); `reload()` after a
 * change. The answer of an older load never replaces a newer one.
 */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'failed'; problem: Problem } | { status: 'ready'; data: T }
  >({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let current = true;
    void load().then((result) => {
      if (!current) return;
      setState(result.ok ? { status: 'ready', data: result.data } : { status: 'failed', problem: result.problem });
    });
    return () => {
      current = false;
    };
  }, [...deps, generation]);

  return { ...state, reload };
}
