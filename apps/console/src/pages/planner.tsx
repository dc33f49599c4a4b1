import { useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { api } from '../api/client';
import { allPages } from '../api/pages';
import { settle } from '../api/result';
import type { Group, Participant } from '../api/types';
import { usePrincipal } from '../app/session';
import { GENEVA } from '../time/format';
import { LoadedView } from '../ui/loaded';
import { ProblemMessage } from '../ui/problem-message';
import { useAction } from '../ui/use-action';
import { useLoad } from '../ui/use-load';
import { When } from '../ui/when';
import { mayConvene } from '../app/access';
import { whyNotManager } from './planner/access';
import { FairnessStrip } from './planner/fairness-strip';
import { JoinFields, joinDetailsOf, noJoinInput } from './planner/join-fields';
import { SlotFinder } from './planner/slot-finder';
import { deadlineOf, earliestStart, slotEnd, slotStart, spanIn, utcDate, type SlotInput } from './planner/slot';
import { TimeFields } from './planner/time-fields';
import './planner/planner.css';

const DAY_MS = 86_400_000;
const KNOWN_TOOLS = ['mymeetings'];

/** The meeting planner: a time that suits the participants' working day, and its proposal (R2-R5). */
export function PlannerPage({ groupId }: { groupId: string }) {
  const group = useLoad(() => settle(api.GET('/v1/groups/{groupId}', { params: { path: { groupId } } })), [groupId]);
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
  return (
    <>
      <h1>Plan a meeting</h1>
      <LoadedView loaded={group}>
        {(g) => (
          <LoadedView loaded={participants}>{(people) => <Planner group={g} participants={people} />}</LoadedView>
        )}
      </LoadedView>
    </>
  );
}

function Planner({ group, participants }: { group: Group; participants: Participant[] }) {
  const principal = usePrincipal();
  const [, navigate] = useLocation();
  const leadDays = group.announcementLeadDays;
  const [title, setTitle] = useState('');
  const [slot, setSlot] = useState<SlotInput>(() => ({
    date: utcDate(new Date(Date.now() + (leadDays + 1) * DAY_MS)),
    time: '13:00',
    minutes: 60,
  }));
  const [tool, setTool] = useState('mymeetings');
  const [join, setJoin] = useState(noJoinInput);
  const [used, setUsed] = useState('');
  const timeHeading = useRef<HTMLHeadingElement>(null);

  const concluded = group.status === 'concluded';
  const reason = concluded
    ? `${group.acronym} is concluded: it holds no new meetings (R7).`
    : whyNotManager(principal, group.id);
  const mayPropose = mayConvene(principal, group.id) && !concluded;

  const start = slotStart(slot);
  const end = start ? slotEnd(start, slot.minutes) : null;
  const earliest = earliestStart(leadDays);
  const tooEarly = start !== null && Date.parse(start) < Date.parse(earliest);

  const propose = useAction(
    () => {
      const joinDetails = joinDetailsOf(join);
      return settle(
        api.POST('/v1/groups/{groupId}/meetings', {
          params: { path: { groupId: group.id } },
          body: {
            title: title.trim(),
            startsAt: start ?? '',
            endsAt: end ?? '',
            tool: tool.trim(),
            ...(joinDetails ? { joinDetails } : {}),
          },
        }),
      );
    },
    (meeting) => navigate(`/groups/${group.id}/meetings/${meeting.id}`),
  );
  const supported = propose.problem?.supportedTools;
  const tools = Array.isArray(supported) ? supported.filter((t): t is string => typeof t === 'string') : KNOWN_TOOLS;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mayPropose) void propose.run();
  };

  const useSlot = (next: SlotInput, label: string) => {
    setSlot(next);
    setUsed(`The time picker now holds ${label}, ${next.minutes} minutes.`);
    timeHeading.current?.focus();
  };

  return (
    <>
      <p>
        Times are chosen in UTC; each is shown in Geneva time (as TSB does) and in the time zone of each of the{' '}
        {participants.length} active participants.
      </p>
      {!mayPropose && (
        <p className="warn" id="why-read-only" data-testid="read-only-reason">
          <strong>Read only.</strong> {reason} You can still look for good times.
        </p>
      )}
      <form
        className="stack"
        aria-labelledby="proposal"
        onSubmit={submit}
        aria-describedby={mayPropose ? undefined : 'why-read-only'}
      >
        <h2 id="proposal">Proposal</h2>
        <label className="field-wide">
          Title
          <input
            type="text"
            required
            maxLength={300}
            value={title}
            disabled={!mayPropose}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>

        <h3 id="chosen-time" ref={timeHeading} tabIndex={-1}>
          Time
        </h3>
        <TimeFields value={slot} onChange={setSlot} />
        <p role="status" className="muted">
          {used}
        </p>
        {start && end ? (
          <SlotFacts start={start} end={end} minutes={slot.minutes} participants={participants} />
        ) : (
          <p className="warn">Choose a date to see the time in each zone.</p>
        )}

        <h3>Rules that apply</h3>
        <ul>
          <li>
            R4: the announcement deadline is the start minus {leadDays} days
            {start ? (
              <>
                : for this time, <When at={deadlineOf(start, leadDays)} />.
              </>
            ) : (
              '.'
            )}
          </li>
          <li>
            R4: the earliest start the API accepts now is <When at={earliest} /> ({leadDays} days from now).
            {tooEarly && (
              <strong className="bad" data-testid="too-early">
                {' '}
                This time is earlier: it could no longer be announced in time, and the proposal would be refused.
              </strong>
            )}
          </li>
          <li>
            R3:{' '}
            {group.concurrenceRequired
              ? 'every other co-convenor must concur before the meeting can be announced.'
              : 'the group does not ask for the concurrence of the other co-convenors.'}
          </li>
          <li>R5: the tool must be TSB-supported, and the join details must exist before the announcement.</li>
        </ul>

        <h3>Tool and join details</h3>
        <label>
          Meeting tool
          <input
            type="text"
            list="meeting-tools"
            required
            pattern="[a-z0-9][a-z0-9\-]{0,39}"
            value={tool}
            disabled={!mayPropose}
            aria-describedby="tool-hint"
            onChange={(e) => setTool(e.target.value)}
          />
        </label>
        <datalist id="meeting-tools">
          {tools.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <p id="tool-hint" className="muted">
          A TSB-supported tool by its configured name: mymeetings is TSB&apos;s own MyMeetings
          {Array.isArray(supported) ? `; supported here: ${tools.join(', ')}` : ''}.
        </p>
        <p className="muted">The join details are optional now: TSB or a co-convenor can add them later.</p>
        <JoinFields value={join} onChange={setJoin} disabled={!mayPropose} />

        <div className="row">
          <button type="submit" disabled={!mayPropose || propose.busy || !start}>
            Propose meeting
          </button>
          {propose.busy && <span className="muted">Proposing…</span>}
        </div>
        <ProblemMessage problem={propose.problem} />
      </form>

      <SlotFinder groupId={group.id} leadDays={leadDays} onUse={useSlot} />
    </>
  );
}

/** The chosen time in UTC, in Geneva, and in every participant's zone, with its fairness. */
function SlotFacts({
  start,
  end,
  minutes,
  participants,
}: {
  start: string;
  end: string;
  minutes: number;
  participants: Participant[];
}) {
  return (
    <div className="stack" data-testid="chosen-slot">
      <dl className="facts">
        <dt>UTC</dt>
        <dd>{spanIn(start, end, 'UTC')} UTC</dd>
        <dt>Geneva</dt>
        <dd>{spanIn(start, end, GENEVA)} Geneva time</dd>
      </dl>
      <FairnessStrip
        startIso={start}
        minutes={minutes}
        participants={participants.map((p) => ({ timeZone: p.timeZone, name: p.name }))}
      />
    </div>
  );
}
