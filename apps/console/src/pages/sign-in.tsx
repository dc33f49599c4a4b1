import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { api, setBearerKey } from '../api/client';
import { settle } from '../api/result';
import { useSession } from '../app/session';
import { ProblemMessage } from '../ui/problem-message';
import { useAction } from '../ui/use-action';

/** The token of a sign-in link (`/sign-in#token=…`), taken out of the address bar at once. */
function takeToken(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token;
}

/**
 * Sign-in by e-mail link. Asking for a link gives the same answer for any address. The link's
 * page signs in only when the person presses the button, so a mail scanner that follows the
 * link does not use it up.
 */
export function SignInPage() {
  const [token, setToken] = useState(takeToken);
  // A link opened in the tab that asked for it changes only the fragment: no new page load.
  useEffect(() => {
    const onHashChange = () => {
      const fresh = takeToken();
      if (fresh) setToken(fresh);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return (
    <main id="main" className="narrow">
      <h1>Sign in</h1>
      {token ? (
        <UseLink key={token} token={token} />
      ) : (
        <>
          <AskForLink />
          <UseApiKey />
        </>
      )}
    </main>
  );
}

function AskForLink() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const ask = useAction(
    (address: string) => settle(api.POST('/v1/session/link', { body: { email: address } })),
    (answer) => setSent((answer as { message: string }).message),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void ask.run(email);
  };
  return (
    <form onSubmit={submit} className="stack">
      <p>Enter the address you are registered with. We mail you a link that signs you in on this browser.</p>
      <label>
        E-mail address
        <input type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <button type="submit" disabled={ask.busy}>
        Mail me a sign-in link
      </button>
      <ProblemMessage problem={ask.problem} />
      {sent && (
        <p role="status" className="ok">
          {sent}
        </p>
      )}
    </form>
  );
}

function UseLink({ token }: { token: string }) {
  const { refresh } = useSession();
  const [, navigate] = useLocation();
  const [done, setDone] = useState(false);
  const signIn = useAction(
    () => settle(api.POST('/v1/session', { body: { token } })),
    () => setDone(true),
  );
  useEffect(() => {
    if (done) void refresh().then(() => navigate('/'));
  }, [done, refresh, navigate]);
  return (
    <div className="stack">
      <p>Press the button to sign in on this browser. The link works once, for 15 minutes.</p>
      <button type="button" onClick={() => void signIn.run()} disabled={signIn.busy || done}>
        Sign in on this browser
      </button>
      <ProblemMessage problem={signIn.problem} />
      {signIn.problem && (
        <p>
          <a href="/sign-in">Ask for a new link</a>
        </p>
      )}
    </div>
  );
}

/**
 * Administrators (and TSB) have API keys, not e-mail links. The key stays in this tab's memory
 * only, is sent as a bearer token, and is forgotten on reload or sign-out.
 */
function UseApiKey() {
  const { refresh } = useSession();
  const [key, setKey] = useState('');
  const check = useAction(
    async (value: string) => {
      setBearerKey(value);
      const answer = await settle(api.GET('/v1/session'));
      if (!answer.ok) setBearerKey(null);
      return answer;
    },
    () => void refresh(),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void check.run(key.trim());
  };
  return (
    <details className="stack">
      <summary>Administrators: sign in with an API key</summary>
      <form onSubmit={submit} className="stack">
        <p className="muted">The key is kept in this tab only, and forgotten when you reload or sign out.</p>
        <label>
          API key
          {/* Text masked by CSS, not a password field: a browser offers to save (and sync) what a
              password field held, and this key must stay in the tab's memory only. */}
          <input
            type="text"
            className="masked"
            required
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </label>
        <button type="submit" disabled={check.busy}>
          Sign in with the key
        </button>
        <ProblemMessage problem={check.problem} />
      </form>
    </details>
  );
}
