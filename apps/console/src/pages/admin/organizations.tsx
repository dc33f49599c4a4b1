import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Group } from '../../api/types';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { When } from '../../ui/when';
import { CATEGORY_LABEL, type Abilities, type Organization } from './abilities';
import type { Directory } from './directory';
import { ParticipationForm, RegisterOrganization } from './organization-forms';
import { TableWrap } from '../../ui/table-wrap';

/**
 * Organizations (R1). Administrators and TSB list and register them, set the study groups they take
 * part in, and admit them to the group; a co-convenor admits one by its id (the API does not let a
 * co-convenor list organizations).
 */
export function OrganizationsSection({
  group,
  abilities,
  directory,
  onChanged,
}: {
  group: Group;
  abilities: Abilities;
  directory: Directory;
  onChanged: () => void;
}) {
  return (
    <section aria-labelledby="organizations">
      <h2 id="organizations">Organizations</h2>
      <p className="muted">
        An organization joins {group.acronym} only while it takes part in at least one of its study groups (
        {group.studyGroups.join(', ')}). When it no longer does, its participants are suspended; they are restored when
        it does again (R1).
      </p>
      {directory.organizations ? (
        <OrganizationTable
          group={group}
          directory={directory}
          organizations={directory.organizations}
          onChanged={onChanged}
        />
      ) : (
        <RepresentedOrganizations directory={directory} />
      )}
      {abilities.canManageOrganizations ? (
        <RegisterOrganization group={group} onRegistered={onChanged} />
      ) : (
        <AdmitById group={group} />
      )}
    </section>
  );
}

function eligible(group: Group, organization: Organization): boolean {
  return organization.studyGroups.some((sg) => group.studyGroups.includes(sg));
}

function OrganizationTable({
  group,
  directory,
  organizations,
  onChanged,
}: {
  group: Group;
  directory: Directory;
  organizations: Organization[];
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  const closeEditor = () => {
    if (editing) editButtons.current.get(editing)?.focus();
    setEditing(null);
  };
  const [admitted, setAdmitted] = useState<Record<string, string>>({});
  const admit = useAction(
    (organizationId: string) =>
      settle(
        api.POST('/v1/groups/{groupId}/organizations', {
          params: { path: { groupId: group.id } },
          body: { organizationId },
        }),
      ),
    (answer) => setAdmitted((a) => ({ ...a, [answer.organizationId]: answer.admittedAt })),
  );
  const [acting, setActing] = useState<string | null>(null);
  const count = (id: string) =>
    directory.participants.filter((p) => p.organizationId === id && p.status !== 'left').length;
  const edited = organizations.find((o) => o.id === editing);

  if (organizations.length === 0) return <p>No organization is registered yet.</p>;
  return (
    <>
      <TableWrap label="List of organizations">
        <table className="adm-table">
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">Category</th>
              <th scope="col">Study groups</th>
              <th scope="col">Participants here</th>
              <th scope="col">
                <span className="muted">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.name}</th>
                <td>{CATEGORY_LABEL[o.category]}</td>
                <td>
                  {o.studyGroups.length > 0 ? o.studyGroups.join(', ') : <span className="muted">none</span>}
                  {!eligible(group, o) && <span className="warn"> (none of {group.acronym}&apos;s: not eligible)</span>}
                </td>
                <td>{count(o.id)}</td>
                <td>
                  <div className="adm-actions">
                    {admitted[o.id] ? (
                      <span className="ok">
                        Admitted <When at={admitted[o.id]} />
                      </span>
                    ) : (
                      <button
                        type="button"
                        disabled={admit.busy || !eligible(group, o)}
                        title={
                          eligible(group, o) ? undefined : `It takes part in none of ${group.studyGroups.join(', ')}`
                        }
                        aria-label={`Admit ${o.name} to ${group.acronym}`}
                        onClick={() => {
                          setActing(o.id);
                          void admit.run(o.id);
                        }}
                      >
                        Admit
                      </button>
                    )}
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Change the study groups of ${o.name}`}
                      ref={(el) => {
                        if (el) editButtons.current.set(o.id, el);
                        else editButtons.current.delete(o.id);
                      }}
                      aria-expanded={editing === o.id}
                      onClick={() => setEditing(editing === o.id ? null : o.id)}
                    >
                      Study groups
                    </button>
                  </div>
                  {acting === o.id && <ProblemMessage problem={admit.problem} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted">
        The API does not list which organizations a group has admitted: &ldquo;Participants here&rdquo; counts those
        registered in {group.acronym}, and admitting one again answers that it is already admitted.
      </p>
      {edited && (
        <ParticipationForm
          key={edited.id}
          group={group}
          organization={edited}
          onSaved={onChanged}
          onClose={closeEditor}
        />
      )}
    </>
  );
}

function RepresentedOrganizations({ directory }: { directory: Directory }) {
  const names = [...directory.organizationNames.values()].sort((a, b) => a.localeCompare(b));
  return names.length === 0 ? (
    <p>No organization has active participants in the group yet.</p>
  ) : (
    <>
      <p>Organizations with active participants in the group:</p>
      <ul>
        {names.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
    </>
  );
}

/** A co-convenor admits an organization by the id TSB or an administrator gave them. */
function AdmitById({ group }: { group: Group }) {
  const [organizationId, setOrganizationId] = useState('');
  const [done, setDone] = useState<{ organizationId: string; admittedAt: string } | null>(null);
  const admit = useAction(
    (id: string) =>
      settle(
        api.POST('/v1/groups/{groupId}/organizations', {
          params: { path: { groupId: group.id } },
          body: { organizationId: id },
        }),
      ),
    setDone,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    void admit.run(organizationId.trim());
  };
  return (
    <form className="stack adm-form" onSubmit={submit} aria-labelledby="admit-organization">
      <h3 id="admit-organization">Admit an organization</h3>
      <p className="muted">
        Organizations are registered by TSB or an administrator, who can give you the organization&apos;s id; the API
        lets only them list organizations.
      </p>
      <label>
        Organization id
        <input
          type="text"
          required
          pattern="[0-9a-fA-F\-]{36}"
          size={40}
          spellCheck={false}
          value={organizationId}
          onChange={(e) => setOrganizationId(e.target.value)}
        />
      </label>
      <button type="submit" disabled={admit.busy}>
        Admit to {group.acronym}
      </button>
      <ProblemMessage problem={admit.problem} />
      {done && (
        <p role="status" className="ok">
          Admitted on <When at={done.admittedAt} />. Its people can now be registered as participants.
        </p>
      )}
    </form>
  );
}
