import { useState } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { LoadedView } from '../../ui/loaded';
import { ProblemMessage } from '../../ui/problem-message';
import { useLoad } from '../../ui/use-load';
import { When } from '../../ui/when';
import { whyNotManager } from '../planner/access';
import { AgendaEditor } from './agenda-editor';
import { meetingPath, type Agenda, type MeetingContext } from './context';
import { useMeetingAction } from './use-meeting-action';
import { TableWrap } from '../../ui/table-wrap';

/** Why the agenda may not be edited now (empty when it may). */
function whyNotEditable(ctx: MeetingContext, agenda: Agenda): string {
  const { meeting } = ctx;
  if (!ctx.manager) return whyNotManager(ctx.principal, ctx.group.id);
  if (agenda.label === 'adopted') return 'The meeting adopted its agenda: it is not revised any more.';
  if (meeting.state === 'cancelled') return 'The meeting is cancelled.';
  if (meeting.state === 'held' || meeting.state === 'closed') return 'The meeting was held.';
  if (meeting.state === 'announced' && ctx.now >= Date.parse(meeting.startsAt))
    return 'The meeting has started: a revised draft agenda is allowed until the start (R4); adopt the agenda instead.';
  return '';
}

/** The draft agenda (the announcement carries it, R4), its revisions after the announcement, its adoption. */
export function AgendaSection(ctx: MeetingContext) {
  const { meeting } = ctx;
  const agenda = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/meetings/{meetingId}/agenda', meetingPath(meeting))),
    [meeting.id, meeting.version, ctx.revision],
  );
  return (
    <section aria-labelledby="agenda">
      <h2 id="agenda">Agenda</h2>
      <LoadedView loaded={agenda}>{(a) => <AgendaView ctx={ctx} agenda={a} />}</LoadedView>
    </section>
  );
}

function AgendaView({ ctx, agenda }: { ctx: MeetingContext; agenda: Agenda }) {
  const { meeting } = ctx;
  const [editing, setEditing] = useState(false);
  const adopt = useMeetingAction(
    () => settle(api.POST('/v1/groups/{groupId}/meetings/{meetingId}/agenda/adoption', meetingPath(meeting))),
    ctx,
  );
  const why = whyNotEditable(ctx, agenda);
  const total = agenda.items.reduce((n, i) => n + (i.minutes ?? 0), 0);
  const length = Math.round((Date.parse(meeting.endsAt) - Date.parse(meeting.startsAt)) / 60_000);
  const [confirmAdopt, setConfirmAdopt] = useState(false);
  // The meeting adopts its agenda when it sits: offered from the start, and confirmed first,
  // since no revision follows an adoption.
  const mayAdopt =
    ctx.manager &&
    agenda.label !== 'adopted' &&
    (meeting.state === 'announced' || meeting.state === 'held') &&
    Date.now() >= Date.parse(meeting.startsAt);

  return (
    <div className="stack">
      <p>
        <span className="badge" data-testid="agenda-label">
          {agenda.label === 'draft'
            ? 'draft agenda'
            : agenda.label === 'adopted'
              ? 'adopted'
              : `revised draft, ${agenda.label}`}
        </span>{' '}
        <span className="muted">
          last changed <When at={agenda.updatedAt} />
        </span>
      </p>
      {editing ? (
        <AgendaEditor ctx={ctx} agenda={agenda} onSaved={() => setEditing(false)} onClose={() => setEditing(false)} />
      ) : (
        <>
          {agenda.items.length === 0 ? (
            <p>The agenda has no item.</p>
          ) : (
            <TableWrap label="Agenda items">
              <table data-testid="agenda-items">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Item</th>
                    <th scope="col">Presenter</th>
                    <th scope="col">Minutes</th>
                    <th scope="col">Documents</th>
                  </tr>
                </thead>
                <tbody>
                  {agenda.items.map((item, i) => (
                    <tr key={i}>
                      <td>{i + 1}</td>
                      <td>{item.title}</td>
                      <td>{item.presenter ?? '—'}</td>
                      <td>{item.minutes ?? '—'}</td>
                      <td>{item.documents.length ? item.documents.join(', ') : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <p className="muted">
            {total} of the meeting&apos;s {length} minutes planned
            {total > length && <strong className="warn"> — more than the meeting lasts</strong>}.
          </p>
          <div className="row">
            <button
              type="button"
              className="secondary"
              disabled={why !== ''}
              aria-describedby={why ? 'why-not-edit-agenda' : undefined}
              onClick={() => setEditing(true)}
            >
              Edit agenda
            </button>
            {mayAdopt && !confirmAdopt && (
              <button type="button" className="secondary" onClick={() => setConfirmAdopt(true)}>
                Adopt agenda
              </button>
            )}
            {mayAdopt && confirmAdopt && (
              <>
                <button
                  type="button"
                  disabled={adopt.busy}
                  onClick={() => void adopt.run().then(() => setConfirmAdopt(false))}
                >
                  Yes, the meeting adopted this agenda
                </button>
                <button type="button" className="secondary" onClick={() => setConfirmAdopt(false)}>
                  Not yet
                </button>
              </>
            )}
          </div>
          {why && (
            <p id="why-not-edit-agenda" className="muted">
              {why}
            </p>
          )}
          {mayAdopt && <p className="muted">Adopting records that the meeting adopted it: no revision after that.</p>}
          <ProblemMessage problem={adopt.problem} />
        </>
      )}
    </div>
  );
}
