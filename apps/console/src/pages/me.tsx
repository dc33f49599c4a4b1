import { api } from '../api/client';
import { settle } from '../api/result';
import type { Principal } from '../api/types';
import { useSession, usePrincipal } from '../app/session';
import { LoadedView } from '../ui/loaded';
import { useLoad } from '../ui/use-load';
import { AddToCalendar } from './me/add-to-calendar';
import { MyMeetings } from './me/my-meetings';
import { MyRegistration } from './me/my-registration';
import { SignOutEverywhere } from './me/sign-out-everywhere';
import { StaffSummary } from './me/staff';
import './admin/admin.css';

/** My page: who I am, my meetings, my calendar, signing out everywhere; for staff, who they are and what they can do. */
export function MePage() {
  const principal = usePrincipal();
  return (
    <>
      <h1>My page</h1>
      {principal.kind === 'participant' ? (
        <ParticipantPage principal={principal} />
      ) : (
        <StaffSummary principal={principal} />
      )}
    </>
  );
}

function ParticipantPage({ principal }: { principal: Extract<Principal, { kind: 'participant' }> }) {
  const { state } = useSession();
  const { groupId, participantId } = principal;
  const group = useLoad(() => settle(api.GET('/v1/groups/{groupId}', { params: { path: { groupId } } })), [groupId]);
  const participant = useLoad(
    () =>
      settle(
        api.GET('/v1/groups/{groupId}/participants/{participantId}', { params: { path: { groupId, participantId } } }),
      ),
    [groupId, participantId],
  );
  const zone = participant.status === 'ready' ? participant.data.timeZone : null;
  return (
    <LoadedView loaded={group}>
      {(g) => (
        <>
          <MyRegistration
            principal={principal}
            group={g}
            participant={participant}
            expiresAt={state.status === 'signed-in' ? state.expiresAt : null}
            onChanged={participant.reload}
          />
          {zone && <MyMeetings groupId={groupId} zone={zone} />}
          <AddToCalendar group={g} participantId={participantId} />
          {state.status === 'signed-in' && state.expiresAt !== null && <SignOutEverywhere />}
        </>
      )}
    </LoadedView>
  );
}
