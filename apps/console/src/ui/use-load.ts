import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '../api/problem';
import type { Result } from '../api/result';

export type Loaded<T> =
  | { status: 'loading'; reload: () => void }
  | { status: 'failed'; problem: Problem; reload: () => void }
  | { status: 'ready'; data: T; reload: () => void };

/**
 * Loads something from the API when the page opens (and when `deps` change); `reload()` after a
 * change. The answer of an older load never replaces a newer one; a reload that fails keeps the
 * data shown (a background refresh must not close a form someone is typing in).
 */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'failed'; problem: Problem } | { status: 'ready'; data: T }
  >({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  // Other deps (another group, another date) are other data: show nothing stale meanwhile.
  useEffect(() => {
    setState({ status: 'loading' });
  }, deps);

  useEffect(() => {
    let current = true;
    void load().then((result) => {
      if (!current) return;
      setState((previous) =>
        result.ok
          ? { status: 'ready', data: result.data }
          : // A reload that fails keeps what is shown (and any form open on it); a first load shows the problem.
            previous.status === 'ready' && generation > 0
            ? previous
            : { status: 'failed', problem: result.problem },
      );
    });
    return () => {
      current = false;
    };
  }, [...deps, generation]);

  return { ...state, reload };
}
