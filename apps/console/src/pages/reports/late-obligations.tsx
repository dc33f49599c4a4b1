import { Link } from 'wouter';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { LoadedView } from '../../ui/loaded';
import { useLoad } from '../../ui/use-load';
import { DaysLeft, Due, MeetingDays, StateBadge } from './common';
import { TableWrap } from '../../ui/table-wrap';

/** Across every group: the reports overdue or missed, most overdue first (TSB's and the administrator's view). */
export function LateObligations() {
  const late = useLoad(() => settle(api.GET('/v1/obligations/late')), []);
  return (
    <section aria-labelledby="late">
      <h2 id="late">Late reports in every group</h2>
      <LoadedView loaded={late}>
        {(answer) =>
          answer.items.length === 0 ? (
            <p>No group is late with a report.</p>
          ) : (
            <TableWrap label="Late reports">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Group</th>
                    <th scope="col">Report to</th>
                    <th scope="col">Meeting</th>
                    <th scope="col">Due</th>
                    <th scope="col">Late by</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.items.map((o) => (
                    <tr key={o.id}>
                      <th scope="row">{o.groupAcronym}</th>
                      <td>
                        <Link href={`/groups/${o.groupId}/reports/${o.id}`}>
                          {o.body} <span className="muted">({o.bodyMeeting.reference})</span>
                        </Link>
                      </td>
                      <td>
                        <MeetingDays meeting={o.bodyMeeting} />
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
  );
}
