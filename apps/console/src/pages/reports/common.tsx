import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import { allPages } from '../../api/pages';
import { asProblem, type Problem } from '../../api/problem';
import { settle } from '../../api/result';
import type { Answer, Principal } from '../../api/types';
import { GENEVA } from '../../time/format';
import { ProblemMessage } from '../../ui/problem-message';
import { useLoad } from '../../ui/use-load';
import { calendarDay } from '../../time/format';

export type Obligation = Answer<'/v1/groups/{groupId}/obligations', 'get'>['items'][number];
export type LateObligation = Answer<'/v1/obligations/late', 'get'>['items'][number];
export type ObligationState = Obligation['state'];

/** An active co-convenor of this group (`@Access('convenor')`). */
/** Why a co-convenor's control is not offered to this person, in one sentence ("… change the register"). */
export function convenorsOnly(principal: Principal, action = 'do this'): string {
  if (principal.kind === 'admin') return `Only the co-convenors (or TSB for them) ${action}; administrators only read.`;
  if (principal.kind === 'participant' && principal.status !== 'active')
    return 'Your participation is not active, so you can only read.';
  return `Only the co-convenors of the group (or TSB for them) ${action}; you can read everything here.`;
}

const STATE_TEXT: Record<ObligationState, { label: string; tone?: 'ok' | 'warn' | 'bad' | 'muted' }> = {
  open: { label: 'Open' },
  drafted: { label: 'Drafted' },
  submitted: { label: 'Submitted', tone: 'ok' },
  acknowledged: { label: 'Acknowledged by TSB', tone: 'ok' },
  cancelled: { label: 'Cancelled', tone: 'muted' },
  missed: { label: 'Missed', tone: 'bad' },
  overdue: { label: 'Overdue', tone: 'bad' },
};

/** The state in words (never by colour alone). */
export function StateBadge({ state }: { state: ObligationState }) {
  const { label, tone } = STATE_TEXT[state];
  return <span className={`badge${tone ? ` ${tone}` : ''}`}>{label}</span>;
}

/** Whether the report is still owed (its due date matters). */
export function isPending(state: ObligationState): boolean {
  return state === 'open' || state === 'drafted' || state === 'overdue';
}

/** Days left as words: "12 days left", "due today", "3 days late". */
export function DaysLeft({ obligation }: { obligation: Pick<Obligation, 'daysLeft' | 'state'> }) {
  const { daysLeft, state } = obligation;
  if (!isPending(state) && state !== 'missed') return <span className="muted">—</span>;
  const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  if (daysLeft < 0) return <span className="bad">{days(-daysLeft)} late</span>;
  if (daysLeft === 0) return <span className="warn">Due today</span>;
  return <span className={daysLeft <= 14 ? 'warn' : undefined}>{days(daysLeft)} left</span>;
}

const genevaDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: GENEVA,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const clock = (zone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
const genevaClock = clock(GENEVA);
const utcClock = clock('UTC');

/** The due instant: the end of the due date in Geneva (23:59:59), and in UTC beside it. */
export function Due({ dueAt }: { dueAt: string }) {
  const at = new Date(dueAt);
  return (
    <time dateTime={dueAt}>
      {genevaDate.format(at)}, {genevaClock.format(at)} Geneva{' '}
      <span className="muted">({utcClock.format(at)} UTC)</span>
    </time>
  );
}

/** "11–20 Jan 2027, Geneva": a body meeting's calendar days at the venue. */
export function MeetingDays({ meeting }: { meeting: { firstDay: string; lastDay: string; place: string } }) {
  const days =
    meeting.firstDay === meeting.lastDay
      ? calendarDay(meeting.firstDay)
      : `${calendarDay(meeting.firstDay)} to ${calendarDay(meeting.lastDay)}`;
  return (
    <>
      {days}, {meeting.place}
    </>
  );
}

/** Names of the group's participants by id, to say who wrote or submitted something. */
export function useParticipantNames(groupId: string): Map<string, string> {
  const loaded = useLoad(
    () =>
      allPages((cursor) =>
        settle(
          api.GET('/v1/groups/{groupId}/participants', {
            params: { path: { groupId }, query: { limit: 200, cursor } },
          }),
        ),
      ),
    [groupId],
  );
  const names = new Map<string, string>();
  if (loaded.status === 'ready') for (const p of loaded.data) names.set(p.id, p.name);
  return names;
}

/** An actor as the API writes it (`participant:<id>`, `tsb`, `admin`) in words. */
export function actorName(actor: string | null, names: Map<string, string>): string {
  if (actor === null) return 'TSB or an administrator';
  if (actor === 'tsb') return 'TSB';
  if (actor === 'admin') return 'an administrator';
  const id = actor.startsWith('participant:') ? actor.slice('participant:'.length) : actor;
  return names.get(id) ?? 'a participant';
}

type BlobCall = () => Promise<{ data?: Blob; error?: unknown; response: Response }>;

/**
 * A file from the API. A participant's browser sends its session cookie, so a plain link does;
 * an administrator's or TSB's key lives in this tab only, so the file is fetched with it and saved.
 */
export function FileLink({
  principal,
  href,
  fetchFile,
  children,
}: {
  principal: Principal;
  href: string;
  fetchFile: BlobCall;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  if (principal.kind === 'participant')
    return (
      <a href={href} download>
        {children}
      </a>
    );
  const save = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { data, error, response } = await fetchFile();
      if (!response.ok || !data) return setProblem(asProblem(error, response.status));
      const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
      const url = URL.createObjectURL(data);
      const a = document.createElement('a');
      a.href = url;
      a.download = named?.[1] ?? new URL(href, window.location.origin).pathname.split('/').pop() ?? 'download';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <button type="button" className="secondary" onClick={() => void save()} disabled={busy}>
        {children}
      </button>
      <ProblemMessage problem={problem} />
    </span>
  );
}

export type Report = Answer<'/v1/groups/{groupId}/obligations/{obligationId}/report', 'get'>;
export type ReportSummary = Answer<
  '/v1/groups/{groupId}/obligations/{obligationId}/report/versions',
  'get'
>['items'][number];
export type Objective = 'a' | 'b' | 'c' | 'd';

/** The ToR's objectives, one narrative section each in the report (the TD's headings 7 to 10). */
export const OBJECTIVES: { key: Objective; title: string }[] = [
  { key: 'a', title: 'Review of IoT-security activities in SG17 and SG20' },
  { key: 'b', title: 'Overlaps, synergies and gaps' },
  { key: 'c', title: 'Demarcation line between SG17 and SG20' },
  { key: 'd', title: 'Coordination mechanisms proposed to TSAG' },
];

/** The path of an obligation's report routes. */
export const reportPath = (groupId: string, obligationId: string) => ({ path: { groupId, obligationId } });

/**
 * Focus for an inline confirmation: on the safe choice when it opens, back on the button that
 * opened it when it closes (so a keyboard user is never left on a control that disappeared).
 */
export function useConfirmFocus(confirming: boolean) {
  const opener = useRef<HTMLButtonElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const was = useRef(confirming);
  useEffect(() => {
    if (confirming) safe.current?.focus();
    else if (was.current) opener.current?.focus();
    was.current = confirming;
  }, [confirming]);
  return { opener, safe };
}
