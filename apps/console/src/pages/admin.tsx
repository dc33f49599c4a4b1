import { useCallback, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client';
import { settle } from '../api/result';
import { usePrincipal } from '../app/session';
import { LoadedView } from '../ui/loaded';
import { useLoad } from '../ui/use-load';
import { abilitiesOf, type Abilities } from './admin/abilities';
import { ApiKeysSection } from './admin/api-keys';
import { ConvenorsSection } from './admin/convenors';
import { useDirectory } from './admin/directory';
import { OrganizationsSection } from './admin/organizations';
import { ParticipantsSection } from './admin/participants';
import './admin/admin.css';

/**
 * A group's administration: participants, organizations, co-convenors and API keys, each shown
 * and enabled according to who is signed in (the routes' `@Access` rules).
 */
export function AdminPage({ groupId }: { groupId: string }) {
  const principal = usePrincipal();
  const abilities = useMemo(() => abilitiesOf(principal, groupId), [principal, groupId]);
  const group = useLoad(() => settle(api.GET('/v1/groups/{groupId}', { params: { path: { groupId } } })), [groupId]);
  const directory = useDirectory(groupId, abilities);
  // Raised when an organization's participation changed: participants may have been suspended or restored.
  const [refreshKey, setRefreshKey] = useState(0);
  const reloadDirectory = directory.reload;
  const onOrganizationsChanged = useCallback(() => {
    reloadDirectory();
    setRefreshKey((k) => k + 1);
  }, [reloadDirectory]);

  if (!abilities.canRead)
    return (
      <>
        <h1>Administration</h1>
        <p>
          This group&apos;s administration is open to its active participants, TSB and administrators.{' '}
          <Link href="/me">Go to My page</Link>.
        </p>
      </>
    );

  return (
    <LoadedView loaded={group}>
      {(g) => (
        <>
          <h1>Administration of {g.acronym}</h1>
          <Summary abilities={abilities} />
          <nav aria-label="On this page">
            <ul className="strip">
              <li>
                <a href="#participants">Participants</a>
              </li>
              {abilities.canAdmitOrganizations && (
                <li>
                  <a href="#organizations">Organizations</a>
                </li>
              )}
              <li>
                <a href="#co-convenors">Co-convenors</a>
              </li>
              {abilities.canManageKeys && (
                <li>
                  <a href="#api-keys">API keys</a>
                </li>
              )}
            </ul>
          </nav>
          <LoadedView loaded={directory}>
            {(d) => (
              <>
                <ParticipantsSection
                  group={g}
                  abilities={abilities}
                  directory={d}
                  refreshKey={refreshKey}
                  onChanged={reloadDirectory}
                />
                {abilities.canAdmitOrganizations && (
                  <OrganizationsSection
                    group={g}
                    abilities={abilities}
                    directory={d}
                    onChanged={onOrganizationsChanged}
                  />
                )}
                <ConvenorsSection group={g} abilities={abilities} directory={d} onChanged={reloadDirectory} />
                {abilities.canManageKeys && (
                  <ApiKeysSection
                    participants={d.participants}
                    ownKeyId={principal.kind === 'admin' ? principal.keyId : null}
                  />
                )}
              </>
            )}
          </LoadedView>
        </>
      )}
    </LoadedView>
  );
}

/** What the signed-in principal can do here, in a sentence or two. */
function Summary({ abilities }: { abilities: Abilities }) {
  const can: string[] = [];
  if (abilities.canManageParticipants) can.push('register, change and remove participants');
  else can.push('see the participants and co-convenors');
  if (abilities.canEndSessions) can.push('end their browser sessions and issue their calendar feeds');
  if (abilities.canManageOrganizations) can.push('register organizations, set their study groups and admit them');
  else if (abilities.canAdmitOrganizations) can.push('admit organizations');
  if (abilities.canAppoint) can.push('record co-convenor appointments');
  if (abilities.canManageKeys) can.push('create and revoke API keys');
  const last = can.pop();
  return (
    <p>
      You are signed in as {abilities.who}: you can {can.length > 0 ? `${can.join(', ')} and ${last}` : last}.
      {!abilities.isAdmin && ' '}
      {!abilities.isAdmin && (
        <span className="muted">
          {abilities.isTsb || abilities.isConvenor
            ? 'E-mail addresses, browser sessions and API keys are an administrator’s.'
            : 'Participants are managed by the co-convenors, TSB and administrators; change your own details on My page.'}
        </span>
      )}
    </p>
  );
}
