import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client';
import { settle } from '../api/result';
import { usePrincipal } from '../app/session';
import { LoadedView } from '../ui/loaded';
import { useLoad } from '../ui/use-load';
import { When } from '../ui/when';
import { isTsb } from '../app/access';
import {
  actorName,
  DaysLeft,
  Due,
  FileLink,
  MeetingDays,
  StateBadge,
  useParticipantNames,
  type Obligation,
} from './reports/common';
import { LateObligations } from './reports/late-obligations';
import { TableWrap } from '../ui/table-wrap';

type Scope = 'upcoming' | 'all';

/** The reports the group owes to its study groups and its parent (R6): due when, in what state. */
export function ReportsPage({ groupId }: { groupId: string }) {
  const principal = usePrincipal();
  const [scope, setScope] = useState<Scope>('upcoming');
  const [body, setBody] = useState('');
  const group = useLoad(() => settle(api.GET('/v1/groups/{groupId}', { params: { path: { groupId } } })), [groupId]);
  const obligations = useLoad(
    () =>
      settle(
        api.GET('/v1/groups/{groupId}/obligations', {
          params: { path: { groupId }, query: { scope, ...(body ? { body } : {}) } },
        }),
      ),
    [groupId, scope, body],
  );
  const names = useParticipantNames(groupId);
  const bodies = group.status === 'ready' ? [...group.data.studyGroups, group.data.parentBody] : [];
  const feed = `/v1/calendar/groups/${groupId}/deadlines.ics`;

  return (
    <>
      <h1>Reports</h1>
      <p>
        The group reports to each meeting of its study groups and of its parent, one calendar month before the
        meeting&rsquo;s first day, by 23:59:59 Geneva time (R6). Co-convenors are reminded 14 and 3 days before and on
        the day.
      </p>
      <p>
        <FileLink
          principal={principal}
          href={feed}
          fetchFile={() =>
            api.GET('/v1/calendar/groups/{groupId}/deadlines.ics', { params: { path: { groupId } }, parseAs: 'blob' })
          }
        >
          Due dates as a calendar file (.ics)
        </FileLink>
      </p>

      <section aria-labelledby="owed">
        <h2 id="owed">{scope === 'upcoming' ? 'Reports still owed' : 'Every report, past and owed'}</h2>
        <form className="row" onSubmit={(e) => e.preventDefault()} aria-label="Which reports">
          <label>
            Show
            <select value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
              <option value="upcoming">Still owed</option>
              <option value="all">All, with the history</option>
            </select>
          </label>
          <label>
            To
            <select value={body} onChange={(e) => setBody(e.target.value)}>
              <option value="">Every body</option>
              {bodies.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        </form>
        <LoadedView loaded={obligations}>
          {(answer) =>
            answer.items.length === 0 ? (
              <p>
                {scope === 'upcoming'
                  ? 'No report is owed: TSB has not entered a coming meeting of the bodies the group reports to.'
                  : 'The group has owed no report yet.'}
              </p>
            ) : (
              <>
                <p id="due-note" className="muted">
                  A report is due at the end of its due date in Geneva (23:59:59), shown with UTC beside it.
                </p>
                <ObligationTable groupId={groupId} items={answer.items} names={names} />
              </>
            )
          }
        </LoadedView>
      </section>

      {(principal.kind === 'admin' || isTsb(principal)) && <LateObligations />}
    </>
  );
}

function ObligationTable({
  groupId,
  items,
  names,
}: {
  groupId: string;
  items: Obligation[];
  names: Map<string, string>;
}) {
  return (
    <TableWrap label="Reports of the group">
      <table aria-describedby="due-note">
        <thead>
          <tr>
            <th scope="col">Report to</th>
            <th scope="col">Meeting</th>
            <th scope="col">Due</th>
            <th scope="col">Days left</th>
            <th scope="col">State</th>
            <th scope="col">Submission</th>
            <th scope="col">Acknowledgement</th>
          </tr>
        </thead>
        <tbody>
          {items.map((o) => (
            <tr key={o.id}>
              <th scope="row">
                <Link href={`/groups/${groupId}/reports/${o.id}`}>
                  {o.final ? 'Final report' : 'Report'} to {o.body}
                  <span className="muted"> ({o.bodyMeeting.reference})</span>
                </Link>
              </th>
              <td>
                <MeetingDays meeting={o.bodyMeeting} />
                {o.bodyMeeting.status === 'cancelled' && <span className="bad"> (meeting cancelled)</span>}
              </td>
              <td>
                <Due dueAt={o.dueAt} />
              </td>
              <td>
                <DaysLeft obligation={o} />
              </td>
              <td>
                <StateBadge state={o.state} />
                {o.cancelledReason && <div className="muted">{o.cancelledReason}</div>}
              </td>
              <td>
                {o.submission ? (
                  <>
                    <div>{o.submission.documentReference}</div>
                    <div className="muted">
                      <When at={o.submission.submittedAt} /> by {actorName(o.submission.submittedBy, names)}
                    </div>
                  </>
                ) : (
                  <span className="muted">Not submitted</span>
                )}
              </td>
              <td>
                {o.acknowledgedAt ? (
                  <>
                    <div>{o.tdNumber ?? 'Acknowledged without a TD number'}</div>
                    <div className="muted">
                      <When at={o.acknowledgedAt} />
                    </div>
                  </>
                ) : (
                  <span className="muted">Not yet</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
