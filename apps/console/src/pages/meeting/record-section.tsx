import { useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { ProblemMessage } from '../../ui/problem-message';
import { When } from '../../ui/when';
import { whyNotManager } from '../planner/access';
import { meetingPath, type MeetingContext, type MeetingRecord } from './context';
import { RecordForm } from './record-form';
import { useMeetingAction } from './use-meeting-action';
import { TableWrap } from '../../ui/table-wrap';

/** After the start: attendance, minutes, decisions and action items (the meeting is held), then closure. */
export function RecordSection(ctx: MeetingContext) {
  const { meeting } = ctx;
  const [editing, setEditing] = useState(false);
  const close = useMeetingAction(
    () => settle(api.POST('/v1/groups/{groupId}/meetings/{meetingId}/closure', meetingPath(meeting))),
    ctx,
  );
  const started = ctx.now >= Date.parse(meeting.startsAt);
  const recordable = (meeting.state === 'announced' || meeting.state === 'held') && started;

  let note: string | null = null;
  if (meeting.state === 'cancelled') note = 'The meeting is cancelled: there is nothing to record.';
  else if (!started)
    note = 'The record (attendance, minutes, decisions, action items) is written once the meeting has started.';
  else if (meeting.state === 'proposed' || meeting.state === 'agreed')
    note = `The meeting was never announced (${meeting.state}): it cannot be recorded as held.`;
  else if (meeting.state === 'closed') note = 'The meeting is closed: its record is final.';
  else if (!ctx.manager) note = whyNotManager(ctx.principal, ctx.group.id);

  return (
    <section aria-labelledby="record">
      <h2 id="record">Record</h2>
      {!started && meeting.state !== 'cancelled' && (
        <p>
          The meeting starts <When at={meeting.startsAt} />.
        </p>
      )}
      {note && <p className="muted">{note}</p>}
      {meeting.record && !editing && <RecordView record={meeting.record} />}
      {ctx.manager && recordable && (
        <>
          {editing ? (
            <RecordForm ctx={ctx} onDone={() => setEditing(false)} />
          ) : (
            <div className="row">
              <button type="button" onClick={() => setEditing(true)}>
                {meeting.record ? 'Change record' : 'Write record'}
              </button>
              {meeting.state === 'held' && (
                <button type="button" className="secondary" disabled={close.busy} onClick={() => void close.run()}>
                  Close meeting
                </button>
              )}
            </div>
          )}
          {meeting.state === 'held' && !editing && (
            <p className="muted">Closing makes the record final: it can no longer change.</p>
          )}
          <ProblemMessage problem={close.problem} />
        </>
      )}
    </section>
  );
}

function RecordView({ record }: { record: MeetingRecord }) {
  const organizations = new Map<string, number>();
  for (const a of record.attendance) organizations.set(a.organization, (organizations.get(a.organization) ?? 0) + 1);
  return (
    <div className="stack" data-testid="meeting-record">
      <h3>Attendance</h3>
      <p>
        {record.attendance.length} attended, from {organizations.size} organizations
        {record.attendance.length > 0 && ': '}
        {[...organizations.entries()].map(([org, n]) => `${org} (${n})`).join(', ')}
      </p>
      {record.attendance.length > 0 && (
        <details>
          <summary>Who attended</summary>
          <ul>
            {record.attendance.map((a, i) => (
              <li key={i}>
                {a.name} <span className="muted">({a.organization})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <h3>Minutes</h3>
      <p className="meeting-minutes">{record.minutes}</p>
      <h3>Decisions</h3>
      {record.decisions.length === 0 ? (
        <p>None.</p>
      ) : (
        <ol>
          {record.decisions.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ol>
      )}
      <h3>Action items</h3>
      {record.actionItems.length === 0 ? (
        <p>None.</p>
      ) : (
        <TableWrap label="Attendance">
          <table>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {record.actionItems.map((a, i) => (
                <tr key={i}>
                  <td>{a.description}</td>
                  <td>{a.owner}</td>
                  <td>{a.due ?? '—'}</td>
                  <td>{a.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
