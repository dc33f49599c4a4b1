import { api } from '../../api/client';
import { settle } from '../../api/result';
import { ProblemMessage } from '../../ui/problem-message';
import { convenorId } from '../planner/access';
import { meetingPath, nameOf, type MeetingContext } from './context';
import { useMeetingAction } from './use-meeting-action';

/** R3: every other co-convenor concurs with a proposed meeting before it can be announced. */
export function ConcurrenceSection(ctx: MeetingContext) {
  const { meeting, group, convenors } = ctx;
  const me = convenorId(ctx.principal, group.id);
  const others = convenors.filter((c) => c.participantId !== meeting.proposedBy);
  const concur = useMeetingAction(
    () => settle(api.POST('/v1/groups/{groupId}/meetings/{meetingId}/concurrence', meetingPath(meeting))),
    ctx,
  );

  let action: string | null = null;
  if (meeting.state === 'proposed' && group.concurrenceRequired) {
    if (!me)
      action =
        ctx.principal.kind === 'integrator'
          ? 'Concurrence comes from the co-convenors themselves, not from TSB (R3).'
          : 'Only the other co-convenors concur (R3).';
    else if (me === meeting.proposedBy) action = 'You proposed this meeting: the other co-convenors concur.';
    else if (meeting.concurredBy.includes(me)) action = 'You concurred.';
  }
  const mayConcur =
    meeting.state === 'proposed' &&
    me !== null &&
    me !== meeting.proposedBy &&
    !meeting.concurredBy.includes(me) &&
    group.concurrenceRequired;

  return (
    <section aria-labelledby="concurrence">
      <h2 id="concurrence">Concurrence</h2>
      {!group.concurrenceRequired ? (
        <p>The group does not ask for the other co-convenors&apos; concurrence (R3 is off for {group.acronym}).</p>
      ) : (
        <>
          <p>
            Proposed by {nameOf(ctx, meeting.proposedBy)}. Every {meeting.proposedBy === null ? '' : 'other '}
            co-convenor concurs before it is announced (R3).
          </p>
          {others.length === 0 ? (
            <p className="muted">There is no other current co-convenor.</p>
          ) : (
            <ul data-testid="concurrence">
              {others.map((c) => {
                const done = meeting.concurredBy.includes(c.participantId);
                return (
                  <li key={c.id}>
                    {c.participantName} <span className="muted">({c.studyGroup})</span>:{' '}
                    {done ? <span className="ok">✓ concurred</span> : <span className="warn">not yet</span>}
                  </li>
                );
              })}
            </ul>
          )}
          {meeting.state !== 'proposed' && meeting.state !== 'cancelled' && (
            <p className="ok">Agreed: the concurrence is complete.</p>
          )}
        </>
      )}
      {mayConcur && (
        <button type="button" disabled={concur.busy} onClick={() => void concur.run()}>
          Concur
        </button>
      )}
      {action && <p className="muted">{action}</p>}
      <ProblemMessage problem={concur.problem} />
    </section>
  );
}
