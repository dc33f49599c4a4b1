import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { ProblemMessage } from '../../ui/problem-message';
import { When } from '../../ui/when';
import { whyNotManager } from '../planner/access';
import { START_TIMES, slotStart, utcDate } from '../planner/slot';
import { meetingPath, nameOf, type MeetingContext } from './context';
import { useMeetingAction } from './use-meeting-action';

/** R4: announced to the list with the draft agenda, by the deadline; now, or automatically at a set time. */
export function AnnouncementSection(ctx: MeetingContext) {
  const { meeting, group } = ctx;
  const announce = useMeetingAction(
    () => settle(api.POST('/v1/groups/{groupId}/meetings/{meetingId}/announcement', meetingPath(meeting))),
    ctx,
  );
  const deadlinePassed = ctx.now > Date.parse(meeting.announcementDeadline);
  const pending = meeting.state === 'proposed' || meeting.state === 'agreed';
  const waitingFor = ctx.convenors
    .filter((c) => c.participantId !== meeting.proposedBy && !meeting.concurredBy.includes(c.participantId))
    .map((c) => nameOf(ctx, c.participantId));

  let why = '';
  if (!ctx.manager) why = whyNotManager(ctx.principal, group.id);
  else if (deadlinePassed)
    why = 'The announcement deadline has passed (R4): move the meeting to a later start, or cancel it.';
  else if (meeting.state === 'proposed')
    why = `The concurrence of every other co-convenor is missing (R3)${waitingFor.length ? `: waiting for ${waitingFor.join(', ')}` : ''}.`;
  else if (!meeting.joinDetails) why = 'The meeting has no join details yet (R5): add them first.';

  return (
    <section aria-labelledby="announcement">
      <h2 id="announcement">Announcement</h2>
      <p>
        Announce by <When at={meeting.announcementDeadline} /> (the start minus {group.announcementLeadDays} days, R4)
        {deadlinePassed && !meeting.announcedAt && <strong className="bad"> — passed</strong>}.
      </p>
      {meeting.announcedAt ? (
        <p className="ok" data-testid="announced-at">
          ✓ Announced to {group.mailingList} at <When at={meeting.announcedAt} />
          {meeting.sequence > 0 && ' (announced again after each change)'}.
        </p>
      ) : pending ? (
        <>
          <p>It goes to {group.mailingList} with the draft agenda; each active participant gets an invite (R8).</p>
          <div className="row">
            <button
              type="button"
              disabled={why !== '' || announce.busy}
              aria-describedby={why ? 'why-not-announce' : undefined}
              onClick={() => void announce.run()}
            >
              Announce now
            </button>
          </div>
          {why && (
            <p id="why-not-announce" className="warn" data-testid="announce-reason">
              {why}
            </p>
          )}
          <ProblemMessage problem={announce.problem} />
          <ScheduledAnnouncement {...ctx} locked={!ctx.manager || deadlinePassed} />
        </>
      ) : (
        <p className="muted">Not announced ({meeting.state}).</p>
      )}
    </section>
  );
}

function ScheduledAnnouncement(ctx: MeetingContext & { locked: boolean }) {
  const { meeting } = ctx;
  const suggested = new Date(Math.ceil((Date.now() + 3_600_000) / 900_000) * 900_000);
  const [date, setDate] = useState(() => utcDate(meeting.announceAt ?? suggested));
  const [time, setTime] = useState(() => {
    const at = new Date(meeting.announceAt ?? suggested);
    return START_TIMES[Math.floor((at.getUTCHours() * 60 + at.getUTCMinutes()) / 15)];
  });
  const schedule = useMeetingAction(
    (announceAt: string | null) =>
      settle(
        api.PUT('/v1/groups/{groupId}/meetings/{meetingId}/announcement-time', {
          ...meetingPath(meeting),
          body: { announceAt },
        }),
      ),
    ctx,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = slotStart({ date, time, minutes: 0 });
    if (at) void schedule.run(at);
  };
  return (
    <div className="stack">
      <h3 id="automatic">Automatic announcement</h3>
      <p data-testid="announce-at">
        {meeting.announceAt ? (
          <>
            Scheduled for <When at={meeting.announceAt} />: it is announced then, if it is agreed and has its join
            details by that time.
          </>
        ) : (
          'None scheduled.'
        )}
      </p>
      {!ctx.locked && (
        <form className="stack" aria-labelledby="automatic" onSubmit={submit}>
          <p className="muted">
            An instant in the future, a margin before the deadline. The co-convenors are reminded 3 days and 1 day
            before the deadline while the meeting is unannounced.
          </p>
          <div className="row">
            <label>
              Announcement date (UTC)
              <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
            </label>
            <label>
              Announcement time (UTC)
              <select value={time} onChange={(e) => setTime(e.target.value)}>
                {START_TIMES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={schedule.busy}>
              Schedule announcement
            </button>
            {meeting.announceAt && (
              <button
                type="button"
                className="secondary"
                disabled={schedule.busy}
                onClick={() => void schedule.run(null)}
              >
                Clear scheduled announcement
              </button>
            )}
          </div>
        </form>
      )}
      <ProblemMessage problem={schedule.problem} />
    </div>
  );
}
