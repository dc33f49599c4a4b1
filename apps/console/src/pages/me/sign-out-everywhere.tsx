import { api } from '../../api/client';
import { settle } from '../../api/result';
import { useSession } from '../../app/session';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';

/** Ends every browser session of mine (this one too), and links mailed before stop working. */
export function SignOutEverywhere() {
  const { refresh } = useSession();
  const signOut = useAction(
    () => settle(api.POST('/v1/session/sign-out', { body: { everywhere: true } })),
    () => void refresh(),
  );
  return (
    <section aria-labelledby="sign-out-everywhere">
      <h2 id="sign-out-everywhere">Sign out everywhere</h2>
      <p>
        Signs you out on every browser where you are signed in, this one included, for example after using a shared
        computer or losing a device. Sign-in links mailed to you before stop working; ask for a new link to sign in
        again.
      </p>
      <button type="button" className="danger" disabled={signOut.busy} onClick={() => void signOut.run()}>
        {signOut.busy ? 'Signing out…' : 'Sign out everywhere'}
      </button>
      <ProblemMessage problem={signOut.problem} />
    </section>
  );
}
