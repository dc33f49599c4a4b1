import { useCallback, useRef, useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Group, Participant } from '../../api/types';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useAction } from '../../ui/use-action';
import { useLoad } from '../../ui/use-load';
import { ROLE_LABEL, STATUS_LABEL, type Abilities, type ParticipantRole, type ParticipantStatus } from './abilities';
import type { Directory } from './directory';
import { ParticipantPanel } from './participant-panel';
import { RegisterParticipant } from './register-participant';
import { TableWrap } from '../../ui/table-wrap';

const PAGE = 50;
type Page = { items: Participant[]; nextCursor: string | null };

/** The group's participants: filtered by status and role, a page at a time; registering and managing them. */
export function ParticipantsSection({
  group,
  abilities,
  directory,
  refreshKey,
  onChanged,
}: {
  group: Group;
  abilities: Abilities;
  directory: Directory;
  /** Changes when something elsewhere on the page changed participants (an organization's participation). */
  refreshKey: number;
  onChanged: () => void;
}) {
  const groupId = group.id;
  const [status, setStatus] = useState<ParticipantStatus | ''>('');
  const [role, setRole] = useState<ParticipantRole | ''>('');
  const query = { status: status || undefined, role: role || undefined, limit: PAGE };
  const first = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/participants', { params: { path: { groupId }, query } })),
    [groupId, status, role, refreshKey],
  );
  // Further pages belong to the first page they follow: a new first page (filters, reload) drops them.
  const [more, setMore] = useState<{ after: Page; items: Participant[]; nextCursor: string | null } | null>(null);
  // Changes made here replace the listed copy, so the pages already shown stay (until a new first page).
  const [changed, setChanged] = useState<{ after: Page | null; map: Record<string, Participant> }>({
    after: null,
    map: {},
  });
  const [open, setOpen] = useState<string | null>(null);
  const manageButtons = useRef(new Map<string, HTMLButtonElement>());
  const close = () => {
    if (open) manageButtons.current.get(open)?.focus();
    setOpen(null);
  };
  const canManage = (p: Participant) =>
    abilities.canManageParticipants || abilities.canEndSessions || abilities.selfId === p.id;

  const base = first.status === 'ready' ? first.data : null;
  const extra = more && base && more.after === base ? more : null;
  const overrides = changed.after === base ? changed.map : {};
  const listed = base ? [...base.items, ...(extra?.items ?? [])].map((p) => overrides[p.id] ?? p) : [];
  const nextCursor = extra ? extra.nextCursor : (base?.nextCursor ?? null);

  const next = useAction(
    (cursor: string) =>
      settle(
        api.GET('/v1/groups/{groupId}/participants', {
          params: { path: { groupId }, query: { ...query, cursor } },
        }),
      ),
    (page) => {
      if (base) setMore({ after: base, items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    },
  );

  const onParticipantChanged = useCallback(
    (p: Participant) => {
      setChanged((c) => ({ after: base, map: { ...(c.after === base ? c.map : {}), [p.id]: p } }));
      onChanged();
    },
    [onChanged, base],
  );
  const opened = open ? (listed.find((p) => p.id === open) ?? directory.participants.find((p) => p.id === open)) : null;
  const organizationName = (id: string) => directory.organizationNames.get(id) ?? null;

  return (
    <section aria-labelledby="participants">
      <h2 id="participants">Participants</h2>
      <p className="muted">
        A participant is suspended when their organization no longer takes part in any of the group&apos;s study groups
        (R1), and restored when it does again: there is no separate &ldquo;suspend&rdquo; action.{' '}
        {abilities.canManageOrganizations
          ? 'Change an organization’s study groups under Organizations.'
          : 'TSB records an organization’s participation.'}
      </p>
      <form className="row" aria-label="Filter participants" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as ParticipantStatus | '')}>
            <option value="">Any status</option>
            {(Object.keys(STATUS_LABEL) as ParticipantStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as ParticipantRole | '')}>
            <option value="">Any role</option>
            {(Object.keys(ROLE_LABEL) as ParticipantRole[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
      </form>

      <LoadedView loaded={first}>
        {() =>
          listed.length === 0 ? (
            <p>No participant matches.</p>
          ) : (
            <>
              <p className="muted" aria-live="polite">
                Showing {listed.length} participant{listed.length === 1 ? '' : 's'}
                {nextCursor ? ' (more to show)' : ''}.
              </p>
              <TableWrap label="List of participants">
                <table className="adm-table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">E-mail</th>
                      <th scope="col">Organization</th>
                      <th scope="col">Time zone</th>
                      <th scope="col">Role</th>
                      <th scope="col">Status</th>
                      <th scope="col">
                        <span className="muted">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {listed.map((p) => (
                      <tr key={p.id}>
                        <th scope="row">{p.name}</th>
                        <td>{p.email}</td>
                        <td>{organizationName(p.organizationId) ?? <span className="muted">not shown to you</span>}</td>
                        <td>{p.timeZone}</td>
                        <td>{ROLE_LABEL[p.role]}</td>
                        <td>
                          <span className={p.status === 'active' ? 'ok' : p.status === 'suspended' ? 'warn' : 'muted'}>
                            {STATUS_LABEL[p.status]}
                          </span>
                        </td>
                        <td>
                          {canManage(p) && (
                            <button
                              ref={(el) => {
                                if (el) manageButtons.current.set(p.id, el);
                                else manageButtons.current.delete(p.id);
                              }}
                              type="button"
                              className="secondary"
                              aria-label={`Manage ${p.name}`}
                              aria-expanded={open === p.id}
                              aria-controls={open === p.id ? 'participant-panel' : undefined}
                              onClick={() => setOpen(open === p.id ? null : p.id)}
                            >
                              Manage
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              {nextCursor && (
                <p>
                  <button
                    type="button"
                    className="secondary"
                    disabled={next.busy}
                    onClick={() => void next.run(nextCursor)}
                  >
                    {next.busy ? 'Loading…' : 'Show more participants'}
                  </button>
                </p>
              )}
              <ProblemMessage problem={next.problem} />
            </>
          )
        }
      </LoadedView>

      {opened && (
        <ParticipantPanel
          key={opened.id}
          groupId={groupId}
          participant={opened}
          organization={organizationName(opened.organizationId)}
          abilities={abilities}
          onChanged={onParticipantChanged}
          onClose={close}
        />
      )}

      {abilities.canManageParticipants ? (
        <RegisterParticipant
          group={group}
          directory={directory}
          onRegistered={() => {
            first.reload();
            onChanged();
          }}
        />
      ) : (
        <p className="muted">Participants are registered by the co-convenors, TSB or an administrator.</p>
      )}
    </section>
  );
}
