import type { ReactNode } from 'react';
import type { Loaded } from './use-load';
import { ProblemMessage } from './problem-message';

/** Shows what a `useLoad` gave: a busy line, the problem (with a retry), or the content. */
export function LoadedView<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.status === 'loading')
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  if (loaded.status === 'failed')
    return (
      <div>
        <ProblemMessage problem={loaded.problem} />
        <button type="button" onClick={loaded.reload}>
          Try again
        </button>
      </div>
    );
  return <>{children(loaded.data)}</>;
}
