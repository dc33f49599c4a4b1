import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client';
import type { Problem } from '../api/problem';
import { allPages } from '../api/pages';
import { settle } from '../api/result';
import type { Group, Meeting, Participant } from '../api/types';
import { usePrincipal } from '../app/session';
import { LoadedView } from '../ui/loaded';
import { ProblemMessage } from '../ui/problem-message';
import { useLiveReload } from '../ui/use-live-reload';
import { useLoad } from '../ui/use-load';
import { AgendaSection } from './meeting/agenda-section';
import { AnnouncementSection } from './meeting/announcement-section';
import { ChangeSection } from './meeting/change-section';
import { ConcurrenceSection } from './meeting/concurrence-section';
import { DeliveriesSection } from './meeting/deliveries-section';
import { Overview } from './meeting/overview';
import { RecordSection } from './meeting/record-section';
import type { Convenor, MeetingContext } from './meeting/context';
import { mayConvene } from '../app/access';
import './meeting/meeting.css';
import './planner/planner.css';

/** One meeting: where it stands, and what the co-convenors (and TSB) do with it, from concurrence to record. */
export function MeetingPage({ groupId, meetingId }: { groupId: string; meetingId: string }) {
  const path = { params: { path: { groupId, meetingId } } };
  const meeting = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/meetings/{meetingId}', path)),
    [groupId, meetingId],
  );
  const group = useLoad(() => settle(api.GET('/v1/groups/{groupId}', { params: { path: { groupId } } })), [groupId]);
  const convenors = useLoad(
    () => settle(api.GET('/v1/groups/{groupId}/convenors', { params: { path: { groupId } } })),
    [groupId],
  );
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
  // Raised with every change: what hangs on the meeting (agenda, deliveries) is read again too.
  const [revision, setRevision] = useState(0);
  const reloadMeeting = meeting.reload;
  const reload = useCallback(() => {
    reloadMeeting();
    setRevision((r) => r + 1);
  }, [reloadMeeting]);
  useLiveReload(reload);

  return (
    <LoadedView loaded={meeting}>
      {(m) => (
        <LoadedView loaded={group}>
          {(g) => (
            <LoadedView loaded={convenors}>
              {(c) => (
                <LoadedView loaded={participants}>
                  {(p) => (
                    <MeetingView
                      meeting={m}
                      group={g}
                      convenors={c.items.filter((a) => a.endedOn === null)}
                      participants={p}
                      reload={reload}
                      revision={revision}
                    />
                  )}
                </LoadedView>
              )}
            </LoadedView>
          )}
        </LoadedView>
      )}
    </LoadedView>
  );
}

function MeetingView({
  meeting,
  group,
  convenors,
  participants,
  reload,
  revision,
}: {
  meeting: Meeting;
  group: Group;
  convenors: Convenor[];
  participants: Participant[];
  reload: () => void;
  revision: number;
}) {
  const principal = usePrincipal();
  const [conflict, setConflict] = useState<Problem | null>(null);
  const banner = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflict) banner.current?.focus();
  }, [conflict]);
  const context: MeetingContext = {
    meeting,
    group,
    convenors,
    participants,
    principal,
    manager: mayConvene(principal, group.id),
    reload,
    conflict: setConflict,
    revision,
    now: Date.now(),
  };
  return (
    <>
      <p className="muted">
        <Link href={`/groups/${group.id}`}>{group.acronym}</Link> meeting
      </p>
      <h1>{meeting.title}</h1>
      {conflict && (
        <div ref={banner} tabIndex={-1} className="stack card" data-testid="meeting-conflict">
          <ProblemMessage problem={conflict} />
          <p>
            The meeting changed meanwhile, or is no longer in a state for that: it was read again, and this page shows
            it as it is now.
          </p>
          <button type="button" className="secondary" onClick={() => setConflict(null)}>
            Dismiss
          </button>
        </div>
      )}
      <Overview {...context} />
      <ConcurrenceSection {...context} />
      <AnnouncementSection {...context} />
      <ChangeSection {...context} />
      <AgendaSection {...context} />
      <DeliveriesSection {...context} />
      <RecordSection {...context} />
    </>
  );
}
