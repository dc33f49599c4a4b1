import type { Answer, Group, Meeting, Participant, Principal } from '../../api/types';
import type { ChangeHooks } from './use-meeting-action';

export type Convenor = Answer<'/v1/groups/{groupId}/convenors', 'get'>['items'][number];
export type Agenda = Answer<'/v1/groups/{groupId}/meetings/{meetingId}/agenda', 'get'>;
export type AgendaItem = Agenda['items'][number];
export type Deliveries = Answer<'/v1/groups/{groupId}/meetings/{meetingId}/deliveries', 'get'>;
export type MeetingRecord = NonNullable<Meeting['record']>;

/** What every section of the meeting page knows. */
export interface MeetingContext extends ChangeHooks {
  meeting: Meeting;
  group: Group;
  /** The current co-convenors (appointments not ended). */
  convenors: Convenor[];
  /** The group's active participants. */
  participants: Participant[];
  principal: Principal;
  /** Whether the signed-in person may change the meeting (a co-convenor, or TSB: R2). */
  manager: boolean;
  /** Raised with every change (a dependency for what hangs on the meeting). */
  revision: number;
  now: number;
}

/** Path parameters of the meeting's routes. */
export const meetingPath = (m: Meeting) => ({ params: { path: { groupId: m.groupId, meetingId: m.id } } });

/** Who someone is, by participant id: a name from the participants or co-convenors, else the id. */
export function nameOf(ctx: Pick<MeetingContext, 'participants' | 'convenors'>, id: string | null): string {
  if (id === null) return 'TSB';
  return (
    ctx.participants.find((p) => p.id === id)?.name ??
    ctx.convenors.find((c) => c.participantId === id)?.participantName ??
    id
  );
}

/** States in which the meeting can still change (R4 lifecycle). */
export const CHANGEABLE: readonly Meeting['state'][] = ['proposed', 'agreed', 'announced'];

/** What each state means, beside its name. */
export const STATE_TEXT: Record<Meeting['state'], string> = {
  proposed: 'waiting for the concurrence of the other co-convenors (R3)',
  agreed: 'every co-convenor concurred: ready to be announced',
  announced: 'announced to the mailing list',
  held: 'its record is written; closing makes it final',
  closed: 'its record is final',
  cancelled: 'everyone invited was told',
};
