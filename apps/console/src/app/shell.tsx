import { useState, type ReactNode } from 'react';
import { Link, useRoute } from 'wouter';
import type { Problem } from '../api/problem';
import { ProblemMessage } from '../ui/problem-message';
import { useSession, usePrincipal, useSignedInName } from './session';

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [active] = useRoute(href);
  return (
    <Link href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** The frame of every signed-in page: skip link, who is signed in, the group's sections, sign-out. */
export function Shell({ groupId, children }: { groupId: string | null; children: ReactNode }) {
  const principal = usePrincipal();
  const { signOut } = useSession();
  const [problem, setProblem] = useState<Problem | null>(null);
  const who =
    principal.kind === 'participant'
      ? principal.role === 'co-convenor'
        ? 'Co-convenor'
        : principal.role === 'observer'
          ? 'Observer'
          : 'Participant'
      : principal.kind === 'admin'
        ? 'Administrator'
        : 'TSB';
  const name = useSignedInName();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <Link href={groupId ? `/groups/${groupId}` : '/'}>Correspondence groups</Link>
        </div>
        <nav aria-label="Sections">
          {groupId && (
            <>
              <NavLink href={`/groups/${groupId}`}>Home</NavLink>
              <NavLink href={`/groups/${groupId}/planner`}>Planner</NavLink>
              <NavLink href={`/groups/${groupId}/reports`}>Reports</NavLink>
              <NavLink href={`/groups/${groupId}/register`}>Register</NavLink>
              <NavLink href={`/groups/${groupId}/admin`}>Administration</NavLink>
            </>
          )}
          <NavLink href="/me">My page</NavLink>
        </nav>
        <div className="who">
          <span>{name ? `${name} (${who.toLowerCase()})` : who}</span>
          <button
            type="button"
            onClick={() => {
              void signOut(false).then(setProblem);
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <ProblemMessage problem={problem} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
