import type { Problem } from '../../api/problem';
import type { Result } from '../../api/result';
import { useAction } from '../../ui/use-action';

/** What a change of the meeting needs from the page. */
export interface ChangeHooks {
  /** Reads the meeting again, and what hangs on it. */
  reload: () => void;
  /** Shows a 409 at the top of the page (the control that caused it may be gone once the meeting is read again). */
  conflict: (problem: Problem | null) => void;
}

/**
 * A change of the meeting: on success the page reloads it (and what hangs on it); on a 409 (the
 * meeting changed meanwhile, or is no longer in a state for it) the page shows the problem at its
 * top and reloads, so what it shows is the meeting as it is now. Other problems stay by the control
 * (`problem` is null for a 409).
 */
export function useMeetingAction<A extends unknown[], T>(
  act: (...args: A) => Promise<Result<T>>,
  hooks: ChangeHooks,
  onDone?: (data: T) => void,
) {
  const action = useAction(
    async (...args: A) => {
      const result = await act(...args);
      if (!result.ok && result.problem.status === 409) {
        hooks.conflict(result.problem);
        hooks.reload();
      }
      return result;
    },
    (data: T) => {
      hooks.conflict(null);
      onDone?.(data);
      hooks.reload();
    },
  );
  return { ...action, problem: action.problem?.status === 409 ? null : action.problem };
}
