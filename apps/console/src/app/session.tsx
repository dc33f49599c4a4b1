import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, onUnauthenticated, setBearerKey, setCsrfToken } from '../api/client';
import type { Problem } from '../api/problem';
import { settle } from '../api/result';
import type { Principal, SessionAnswer } from '../api/types';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'unavailable'; problem: Problem }
  | { status: 'signed-in'; principal: Principal; expiresAt: string | null; name: string | null };

interface SessionContextValue {
  state: SessionState;
  /** Reads who is signed in again (after signing in, or when an answer says 401). */
  refresh: () => Promise<void>;
  signOut: (everywhere: boolean) => Promise<Problem | null>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/**
 * The signed-in state, with the participant's name for the header: whoever uses a browser sees
 * whose session it is (a link someone else mailed would sign in as them). Read once per sign-in.
 */
async function fromAnswer(answer: SessionAnswer): Promise<SessionState> {
  setCsrfToken(answer.session?.csrfToken ?? null);
  const { principal } = answer;
  const person =
    principal.kind === 'participant'
      ? await settle(
          api.GET('/v1/groups/{groupId}/participants/{participantId}', {
            params: { path: { groupId: principal.groupId, participantId: principal.participantId } },
          }),
        )
      : null;
  return {
    status: 'signed-in',
    principal,
    expiresAt: answer.session?.expiresAt ?? null,
    name: person?.ok ? person.data.name : null,
  };
}

/** Who uses the console: the browser session (cookie) read from `GET /v1/session`. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    const result = await settle(api.GET('/v1/session'));
    if (result.ok) setState(await fromAnswer(result.data));
    else if (result.problem.status === 401) {
      setCsrfToken(null);
      setState({ status: 'signed-out' });
    } else setState({ status: 'unavailable', problem: result.problem });
  }, []);

  const signOut = useCallback(async (everywhere: boolean) => {
    const result = await settle(api.POST('/v1/session/sign-out', { body: { everywhere } }));
    // This browser forgets the session (and an administrator's key) whatever the server answered:
    // a session it could not end expires on its own, and a key has no session to end.
    setCsrfToken(null);
    setBearerKey(null);
    setState({ status: 'signed-out' });
    return result.ok || result.problem.status === 401 ? null : result.problem;
  }, []);

  // A 401 on any page means the session ended (expired, revoked, signed out elsewhere): read who
  // is signed in again, which shows the sign-in page.
  useEffect(() => onUnauthenticated(() => void refresh()), [refresh]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return <SessionContext.Provider value={{ state, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in participant's name (null for a key without a person). */
export function useSignedInName(): string | null {
  const { state } = useSession();
  return state.status === 'signed-in' ? state.name : null;
}

/** The signed-in principal (pages under the shell are only shown when signed in). */
export function usePrincipal(): Principal {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('usePrincipal while not signed in');
  return state.principal;
}
