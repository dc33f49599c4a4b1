import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { GENEVA, timeIn } from '../../time/format';
import { ProblemMessage } from '../../ui/problem-message';
import { When } from '../../ui/when';
import { FairnessStrip } from '../planner/fairness-strip';
import { JoinFields, joinDetailsOf, joinInputOf } from '../planner/join-fields';
import { durationLabel } from '../planner/slot';
import { CHANGEABLE, STATE_TEXT, meetingPath, nameOf, type MeetingContext } from './context';
import { useMeetingAction } from './use-meeting-action';

/** Where the meeting stands: state, times (UTC, Geneva, its own zone), tool, join details, version. */
export function Overview(ctx: MeetingContext) {
  const { meeting } = ctx;
  const minutes = Math.round((Date.parse(meeting.endsAt) - Date.parse(meeting.startsAt)) / 60_000);
  const ownZone = meeting.timeZone !== GENEVA && meeting.timeZone !== 'UTC' ? meeting.timeZone : null;
  return (
    <>
      <dl className="facts" data-testid="meeting-facts">
        <dt>State</dt>
        <dd>
          <span className="badge" data-testid="meeting-state">
            {meeting.state}
          </span>{' '}
          <span className="muted">{STATE_TEXT[meeting.state]}</span>
        </dd>
        <dt>Starts</dt>
        <dd>
          <When at={meeting.startsAt} />
          {ownZone && <span className="muted"> ({`${timeIn(meeting.startsAt, ownZone)} ${ownZone}`})</span>}
        </dd>
        <dt>Ends</dt>
        <dd>
          <When at={meeting.endsAt} />
          {ownZone && <span className="muted"> ({`${timeIn(meeting.endsAt, ownZone)} ${ownZone}`})</span>}{' '}
          <span className="muted">({durationLabel(minutes)})</span>
        </dd>
        <dt>Tool</dt>
        <dd>{meeting.tool}</dd>
        <dt>Join details</dt>
        <dd>
          {meeting.joinDetails ? (
            <>
              <a href={meeting.joinDetails.url}>{meeting.joinDetails.url}</a>
              {meeting.joinDetails.meetingNumber && <> · meeting number {meeting.joinDetails.meetingNumber}</>}
              {meeting.joinDetails.passcode && <> · passcode {meeting.joinDetails.passcode}</>}
              {meeting.joinDetails.dialIn && <> · dial-in {meeting.joinDetails.dialIn}</>}
            </>
          ) : meeting.state === 'proposed' || meeting.state === 'agreed' ? (
            <span className="warn">None yet: needed before the announcement (R5)</span>
          ) : (
            'None'
          )}
        </dd>
        <dt>Proposed by</dt>
        <dd>{nameOf(ctx, meeting.proposedBy)}</dd>
        <dt>Version</dt>
        <dd>
          <span data-testid="meeting-version">{meeting.version}</span>{' '}
          <span className="muted">(calendar sequence {meeting.sequence})</span>
        </dd>
      </dl>

      {meeting.state !== 'cancelled' && (
        <section aria-labelledby="zones">
          <h2 id="zones">In the participants&apos; time zones</h2>
          <FairnessStrip
            startIso={meeting.startsAt}
            minutes={minutes}
            participants={ctx.participants.map((p) => ({ timeZone: p.timeZone, name: p.name }))}
          />
        </section>
      )}

      {ctx.manager && CHANGEABLE.includes(meeting.state) && <JoinDetailsForm {...ctx} />}
    </>
  );
}

function JoinDetailsForm(ctx: MeetingContext) {
  const { meeting } = ctx;
  const [open, setOpen] = useState(false);
  const [join, setJoin] = useState(() => joinInputOf(meeting.joinDetails));
  const save = useMeetingAction(
    () =>
      settle(
        api.PUT('/v1/groups/{groupId}/meetings/{meetingId}/join-details', {
          ...meetingPath(meeting),
          body: joinDetailsOf(join) ?? { url: '' },
        }),
      ),
    ctx,
    () => setOpen(false),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <section aria-labelledby="join">
      <h2 id="join">Join details</h2>
      {!open ? (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setJoin(joinInputOf(meeting.joinDetails));
            save.clear();
            setOpen(true);
          }}
        >
          {meeting.joinDetails ? 'Change join details' : 'Add join details'}
        </button>
      ) : (
        <form className="stack" aria-labelledby="join" onSubmit={submit}>
          <p className="muted">
            From TSB or a co-convenor (R5).
            {meeting.state === 'announced' && ' The meeting is announced: every participant gets an updated invite.'}
          </p>
          <JoinFields value={join} onChange={setJoin} required />
          <div className="row">
            <button type="submit" disabled={save.busy}>
              Save join details
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              Keep the current details
            </button>
          </div>
        </form>
      )}
      <ProblemMessage problem={save.problem} />
    </section>
  );
}
