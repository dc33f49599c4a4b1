import type { Answer, Participant, Principal } from '../../api/types';
import { isConvenorOf, isTsb as isTsbKey } from '../../app/access';

export type Organization = Answer<'/v1/organizations', 'get'>['items'][number];
export type Appointment = Answer<'/v1/groups/{groupId}/convenors', 'get'>['items'][number];
export type ApiKey = Answer<'/v1/api-keys', 'get'>['items'][number];
export type ParticipantRole = Participant['role'];
export type ParticipantStatus = Participant['status'];

/**
 * What the signed-in principal may do on a group's administration page: the `@Access` rules of
 * the participants, organizations, co-convenors, sessions, calendar-feed and API-key routes.
 */
export interface Abilities {
  /** Who is acting, in words ("the administrator", "TSB", "a co-convenor", "a participant"). */
  who: string;
  isAdmin: boolean;
  isTsb: boolean;
  /** An active co-convenor of this group. */
  isConvenor: boolean;
  /** Lists participants and co-convenors (admin, TSB, member). */
  canRead: boolean;
  /** Registers participants, changes and removes any of them (admin, TSB, convenor). */
  canManageParticipants: boolean;
  /** Changes a participant's e-mail address (admin only: it is how they sign in). */
  canChangeEmail: boolean;
  /** Ends a participant's browser sessions (admin only). */
  canEndSessions: boolean;
  /** Lists and registers organizations, sets their participation (admin, TSB). */
  canManageOrganizations: boolean;
  /** Admits an organization to the group (admin, TSB, convenor). */
  canAdmitOrganizations: boolean;
  /** Appoints co-convenors (admin, TSB). */
  canAppoint: boolean;
  /** Manages API keys (admin only). */
  canManageKeys: boolean;
  /** The participant this principal is, when it is one of this group's active participants. */
  selfId: string | null;
}

export function abilitiesOf(principal: Principal, groupId: string): Abilities {
  const isAdmin = principal.kind === 'admin';
  const isTsb = isTsbKey(principal);
  const member = principal.kind === 'participant' && principal.status === 'active' && principal.groupId === groupId;
  const isConvenor = isConvenorOf(principal, groupId);
  const staff = isAdmin || isTsb;
  return {
    who: isAdmin ? 'the administrator' : isTsb ? 'TSB' : isConvenor ? 'a co-convenor' : 'a participant',
    isAdmin,
    isTsb,
    isConvenor,
    canRead: staff || member,
    canManageParticipants: staff || isConvenor,
    canChangeEmail: isAdmin,
    canEndSessions: isAdmin,
    canManageOrganizations: staff,
    canAdmitOrganizations: staff || isConvenor,
    canAppoint: staff,
    canManageKeys: isAdmin,
    selfId: member && principal.kind === 'participant' ? principal.participantId : null,
  };
}

/** A participant's feed address may be issued by an administrator, or by the participant. */
export function canIssueFeed(abilities: Abilities, participantId: string): boolean {
  return abilities.isAdmin || abilities.selfId === participantId;
}

export const ROLE_LABEL: Record<ParticipantRole, string> = {
  participant: 'Participant',
  'co-convenor': 'Co-convenor',
  observer: 'Observer',
};

export const STATUS_LABEL: Record<ParticipantStatus, string> = {
  active: 'Active',
  suspended: 'Suspended',
  left: 'Left',
};

export const CATEGORY_LABEL: Record<Organization['category'], string> = {
  'member-state': 'Member State',
  'sector-member': 'Sector Member',
  associate: 'Associate',
  academia: 'Academia',
};
