import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { settle } from '../../api/result';
import { ProblemMessage } from '../../ui/problem-message';
import { When } from '../../ui/when';
import { whyNotManager } from '../planner/access';
import { FairnessStrip } from '../planner/fairness-strip';
import { deadlineOf, earliestStart, slotEnd, slotFrom, slotStart, type SlotInput } from '../planner/slot';
import { TimeFields } from '../planner/time-fields';
import { CHANGEABLE, meetingPath, type MeetingContext } from './context';
import { useMeetingAction } from './use-meeting-action';

/** Moving (R4: judged against the new start; an announced meeting is announced again) and cancelling. */
export function ChangeSection(ctx: MeetingContext) {
  const { meeting, group } = ctx;
  if (!CHANGEABLE.includes(meeting.state)) return null;
  return (
    <section aria-labelledby="change">
      <h2 id="change">Move or cancel</h2>
      {ctx.manager ? (
        <>
          <MoveForm {...ctx} />
          <CancelForm {...ctx} />
        </>
      ) : (
        <p className="muted">{whyNotManager(ctx.principal, group.id)}</p>
      )}
    </section>
  );
}

function MoveForm(ctx: MeetingContext) {
  const { meeting, group } = ctx;
  const minutesNow = Math.round((Date.parse(meeting.endsAt) - Date.parse(meeting.startsAt)) / 60_000);
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const [slot, setSlot] = useState<SlotInput>(() => slotFrom(meeting.startsAt, minutesNow));
  const start = slotStart(slot);
  const move = useMeetingAction(
    () =>
      settle(
        api.PUT('/v1/groups/{groupId}/meetings/{meetingId}/schedule', {
          ...meetingPath(meeting),
          body: { startsAt: start ?? '', endsAt: start ? slotEnd(start, slot.minutes) : '' },
        }),
      ),
    ctx,
    close,
  );
  const earliest = earliestStart(group.announcementLeadDays);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void move.run();
  };
  return (
    <div className="stack">
      <button
        type="button"
        className="secondary"
        ref={toggle}
        aria-expanded={open}
        aria-controls={open ? 'move-form' : undefined}
        onClick={() => {
          if (!open) {
            setSlot(slotFrom(meeting.startsAt, minutesNow));
            move.clear();
          }
          setOpen(!open);
        }}
      >
        Move
      </button>
      {open && (
        <form id="move-form" className="stack card" aria-labelledby="move" onSubmit={submit}>
          <h3 id="move">Move the meeting</h3>
          <p className="muted">
            The new start must be at least {group.announcementLeadDays} days away: no earlier than{' '}
            <When at={earliest} /> (R4).
            {meeting.state === 'announced' &&
              ' The meeting is announced: moving it announces it again to the list, and every participant gets an updated invite.'}
          </p>
          <TimeFields
            value={slot}
            onChange={setSlot}
            labels={{ date: 'New date (UTC)', time: 'New start time (UTC)', duration: 'Duration' }}
          />
          {start && (
            <>
              <p>
                New announcement deadline: <When at={deadlineOf(start, group.announcementLeadDays)} />
                {Date.parse(start) < Date.parse(earliest) && (
                  <strong className="bad"> — already passed: this start would be refused</strong>
                )}
              </p>
              <FairnessStrip
                startIso={start}
                minutes={slot.minutes}
                participants={ctx.participants.map((p) => ({ timeZone: p.timeZone, name: p.name }))}
              />
            </>
          )}
          <div className="row">
            <button type="submit" disabled={move.busy || !start}>
              Save new time
            </button>
            <button type="button" className="secondary" onClick={close}>
              Keep the current time
            </button>
          </div>
        </form>
      )}
      <ProblemMessage problem={move.problem} />
    </div>
  );
}

function CancelForm(ctx: MeetingContext) {
  const { meeting } = ctx;
  const [confirming, setConfirming] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const cancel = useMeetingAction(
    () => settle(api.POST('/v1/groups/{groupId}/meetings/{meetingId}/cancellation', meetingPath(meeting))),
    ctx,
    () => setConfirming(false),
  );
  return (
    <div className="stack">
      <button
        type="button"
        className="danger"
        ref={toggle}
        aria-expanded={confirming}
        aria-controls={confirming ? 'cancel-confirmation' : undefined}
        onClick={() => {
          cancel.clear();
          setConfirming(!confirming);
        }}
      >
        Cancel meeting
      </button>
      {confirming && (
        <div id="cancel-confirmation" className="stack card" role="group" aria-labelledby="cancel-question">
          <p id="cancel-question">
            <strong>Cancel “{meeting.title}”?</strong>{' '}
            {meeting.state === 'announced'
              ? 'The list is told, and every participant invited gets a cancellation.'
              : 'It was not announced: nobody is mailed.'}{' '}
            This cannot be undone.
          </p>
          <div className="row">
            <button type="button" className="danger" disabled={cancel.busy} onClick={() => void cancel.run()}>
              Yes, cancel the meeting
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setConfirming(false);
                toggle.current?.focus();
              }}
            >
              No, keep it
            </button>
          </div>
        </div>
      )}
      <ProblemMessage problem={cancel.problem} />
    </div>
  );
}
