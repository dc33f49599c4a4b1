import { useCallback } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client';
import { allPages } from '../api/pages';
import { settle } from '../api/result';
import { LoadedView } from '../ui/loaded';
import { DaysLeft, Due, StateBadge } from './reports/common';
import { useLiveReload } from '../ui/use-live-reload';
import { useLoad } from '../ui/use-load';
import { When } from '../ui/when';
import { TableWrap } from '../ui/table-wrap';

const forGroup = (groupId: string) => ({ params: { path: { groupId } } });

const organizations = (list: { organizationId: string }[]) => new Set(list.map((p) => p.organizationId)).size;

/** The group at a glance: status and ToR, co-convenors, who takes part, what is coming, what is due. */
export function GroupHomePage({ groupId }: { groupId: string }) {
  const group = useLoad(() => settle(api.GET('/v1/groups/{groupId}', forGroup(groupId))), [groupId]);
  const convenors = useLoad(() => settle(api.GET('/v1/groups/{groupId}/convenors', forGroup(groupId))), [groupId]);
  const participants = useLoad(
    () =>
      allPages((cursor) =>
        settle(
          api.GET('/v1/groups/{groupId}/participants', {
            params: { path: { groupId }, query: { status: 'active', limit: 200, cursor } },
          }),
        ),
      ),
    [groupId],
  );
  const meetings = useLoad(() => settle(api.GET('/v1/groups/{groupId}/meetings', forGroup(groupId))), [groupId]);
  const obligations = useLoad(
    () =>
      settle(
        api.GET('/v1/groups/{groupId}/obligations', { params: { path: { groupId }, query: { scope: 'upcoming' } } }),
      ),
    [groupId],
  );
  const reloadMeetings = meetings.reload;
  const reloadObligations = obligations.reload;
  const reloadLists = useCallback(() => {
    reloadMeetings();
    reloadObligations();
  }, [reloadMeetings, reloadObligations]);
  useLiveReload(reloadLists);
  const now = Date.now();

  return (
    <>
      <LoadedView loaded={group}>
        {(g) => (
          <>
            <h1>
              {g.acronym} <span className="muted">{g.title}</span>
            </h1>
            <dl className="facts">
              <dt>Status</dt>
              <dd>
                <span className="badge">{g.status}</span>
              </dd>
              <dt>Terms of Reference</dt>
              <dd>version {g.currentTorVersion} in force</dd>
              <dt>Parent</dt>
              <dd>
                {g.parentBody}; study groups {g.studyGroups.join(', ')}
              </dd>
              <dt>Announcement</dt>
              <dd>at least {g.announcementLeadDays} days before a meeting (R4)</dd>
            </dl>
          </>
        )}
      </LoadedView>

      <div className="cards">
        <section className="card" aria-labelledby="convenors">
          <h2 id="convenors">Co-convenors</h2>
          <LoadedView loaded={convenors}>
            {(answer) => {
              const current = answer.items.filter((c) => c.endedOn === null);
              return current.length === 0 ? (
                <p>None appointed.</p>
              ) : (
                <ul>
                  {current.map((c) => (
                    <li key={c.id}>
                      {c.participantName} <span className="muted">({c.studyGroup})</span>
                    </li>
                  ))}
                </ul>
              );
            }}
          </LoadedView>
        </section>
        <section className="card" aria-labelledby="people">
          <h2 id="people">Who takes part</h2>
          <LoadedView loaded={participants}>
            {(list) => (
              <p>
                <strong data-testid="participant-count">{list.length}</strong>{' '}
                {list.length === 1 ? 'active participant' : 'active participants'} from{' '}
                <strong data-testid="organization-count">{organizations(list)}</strong>{' '}
                {organizations(list) === 1 ? 'organization' : 'organizations'}
              </p>
            )}
          </LoadedView>
        </section>
      </div>

      <section aria-labelledby="upcoming">
        <h2 id="upcoming">Upcoming meetings</h2>
        <LoadedView loaded={meetings}>
          {(answer) => {
            const upcoming = answer.items.filter((m) => m.state !== 'cancelled' && Date.parse(m.endsAt) > now);
            return upcoming.length === 0 ? (
              <p>
                No meeting is planned. <Link href={`/groups/${groupId}/planner`}>Plan one</Link>
              </p>
            ) : (
              <TableWrap label="Upcoming meetings">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Meeting</th>
                      <th scope="col">Starts</th>
                      <th scope="col">State</th>
                      <th scope="col">Announce by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {upcoming.map((m) => (
                      <tr key={m.id}>
                        <td>
                          <Link href={`/groups/${groupId}/meetings/${m.id}`}>{m.title}</Link>
                        </td>
                        <td>
                          <When at={m.startsAt} />
                        </td>
                        <td>{m.state}</td>
                        <td>
                          {m.announcedAt ? (
                            <span className="ok">announced</span>
                          ) : (
                            <>
                              <When at={m.announcementDeadline} />
                              {Date.parse(m.announcementDeadline) < now && <span className="bad"> (passed)</span>}
                            </>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            );
          }}
        </LoadedView>
      </section>

      <section aria-labelledby="due">
        <h2 id="due">Reports due</h2>
        <LoadedView loaded={obligations}>
          {(answer) =>
            answer.items.length === 0 ? (
              <p>No report is due.</p>
            ) : (
              <TableWrap label="Reports due">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">To</th>
                      <th scope="col">Due</th>
                      <th scope="col">Days left</th>
                      <th scope="col">State</th>
                    </tr>
                  </thead>
                  <tbody>
                    {answer.items.map((o) => (
                      <tr key={o.id}>
                        <td>
                          <Link href={`/groups/${groupId}/reports/${o.id}`}>
                            {o.body} {o.bodyMeeting.reference}
                          </Link>
                        </td>
                        <td>
                          <Due dueAt={o.dueAt} />
                        </td>
                        <td>
                          <DaysLeft obligation={o} />
                        </td>
                        <td>
                          <StateBadge state={o.state} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )
          }
        </LoadedView>
      </section>
    </>
  );
}
