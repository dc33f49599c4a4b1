import { Link } from 'wouter';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import type { Meeting } from '../../api/types';
import { dateTimeIn, timeIn, zoneCity } from '../../time/format';
import { LoadedView } from '../../ui/loaded';
import { useLoad } from '../../ui/use-load';
import { When } from '../../ui/when';
import { TableWrap } from '../../ui/table-wrap';
import { dayIn } from '../../time/format';

/** The calendar day of an instant in a zone, YYYY-MM-DD. */

const STATE_TEXT: Record<Meeting['state'], string> = {
  proposed: 'Proposed, not yet announced',
  agreed: 'Agreed, not yet announced',
  announced: 'Announced',
  held: 'Held',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** The group's coming meetings: the announced ones first (they are on), then those being planned. */
export function MyMeetings({ groupId, zone }: { groupId: string; zone: string }) {
  const meetings = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/meetings', { params: { path: { groupId } } })),
    [groupId],
  );
  return (
    <section aria-labelledby="my-meetings">
      <h2 id="my-meetings">My meetings</h2>
      <LoadedView loaded={meetings}>
        {(answer) => {
          const now = Date.now();
          const coming = answer.items
            .filter((m) => m.state !== 'cancelled' && Date.parse(m.endsAt) > now)
            .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
          const announced = coming.filter((m) => m.announcedAt !== null);
          const planned = coming.filter((m) => m.announcedAt === null);
          if (coming.length === 0) return <p>No meeting of the group is coming up.</p>;
          return (
            <>
              <h3>Announced</h3>
              {announced.length === 0 ? (
                <p>No meeting is announced yet.</p>
              ) : (
                <MeetingTable label="Announced meetings" groupId={groupId} zone={zone} meetings={announced} />
              )}
              {planned.length > 0 && (
                <>
                  <h3>Being planned</h3>
                  <p className="muted">
                    These may still move or be dropped: you get an invitation when one is announced.
                  </p>
                  <MeetingTable label="Meetings being planned" groupId={groupId} zone={zone} meetings={planned} />
                </>
              )}
            </>
          );
        }}
      </LoadedView>
    </section>
  );
}

function MeetingTable({
  label,
  groupId,
  zone,
  meetings,
}: {
  label: string;
  groupId: string;
  zone: string;
  meetings: Meeting[];
}) {
  return (
    <TableWrap label={label}>
      <table className="adm-table">
        <thead>
          <tr>
            <th scope="col">Meeting</th>
            <th scope="col">When</th>
            <th scope="col">In my time zone ({zoneCity(zone)})</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {meetings.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <Link href={`/groups/${groupId}/meetings/${m.id}`}>{m.title}</Link>
              </th>
              <td>
                <When at={m.startsAt} />
                <br />
                <span className="muted">until {timeIn(m.endsAt, 'UTC')} UTC</span>
              </td>
              <td>
                {dateTimeIn(m.startsAt, zone)} to {timeIn(m.endsAt, zone)}
                {dayIn(zone, m.endsAt) !== dayIn(zone, m.startsAt) && ' the next day'}{' '}
                <span className="muted">({zone})</span>
              </td>
              <td>{m.announcedAt ? <span className="ok">{STATE_TEXT[m.state]}</span> : STATE_TEXT[m.state]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
