import { CommandError, invalidCursorError } from '@jcg/messaging';

/** The refusals of the membership service, each with its stable code. */
export const MembershipErrors = {
  groupNotFound: (groupId: string) =>
    new CommandError({
      status: 404,
      code: 'GROUP_NOT_FOUND',
      title: 'Group not found',
      detail: `No group has the id ${groupId}.`,
    }),
  groupExists: (acronym: string) =>
    new CommandError({
      status: 409,
      code: 'GROUP_EXISTS',
      title: 'Group exists',
      detail: `A group with the acronym "${acronym}" is already registered.`,
    }),
  groupConcluded: (acronym: string) =>
    new CommandError({
      status: 409,
      code: 'GROUP_CONCLUDED',
      title: 'Group concluded',
      detail: `${acronym} is concluded: its history is kept, it takes no new decisions.`,
    }),
  torVersionNotFound: (version: number) =>
    new CommandError({
      status: 404,
      code: 'TOR_VERSION_NOT_FOUND',
      title: 'ToR version not found',
      detail: `The group has no ToR version ${version}.`,
    }),
  torWrongStatus: (version: number, status: string, required: string) =>
    new CommandError({
      status: 409,
      code: 'TOR_WRONG_STATUS',
      title: 'ToR revision in the wrong state',
      detail: `ToR version ${version} is ${status}; this needs it to be ${required}.`,
    }),
  organizationNotFound: (organizationId: string) =>
    new CommandError({
      status: 404,
      code: 'ORGANIZATION_NOT_FOUND',
      title: 'Organization not found',
      detail: `No organization has the id ${organizationId}.`,
    }),
  organizationExists: (name: string) =>
    new CommandError({
      status: 409,
      code: 'ORGANIZATION_EXISTS',
      title: 'Organization exists',
      detail: `An organization named "${name}" is already registered.`,
    }),
  notEligible: (organization: string, group: string, qualifying: string[]) =>
    new CommandError({
      status: 422,
      code: 'ORGANIZATION_NOT_ELIGIBLE',
      title: 'Organization not eligible',
      detail: `${organization} does not participate in any study group of ${group}; it qualifies by participating in ${qualifying.join(' or ')}.`,
      extensions: { qualifyingStudyGroups: qualifying },
    }),
  alreadyAdmitted: (organization: string, group: string) =>
    new CommandError({
      status: 409,
      code: 'ORGANIZATION_ALREADY_ADMITTED',
      title: 'Already admitted',
      detail: `${organization} is already admitted to ${group}.`,
    }),
  organizationNotAdmitted: (organization: string, group: string) =>
    new CommandError({
      status: 422,
      code: 'ORGANIZATION_NOT_ADMITTED',
      title: 'Organization not admitted',
      detail: `${organization} is not admitted to ${group}: admit it before registering its participants.`,
    }),
  participantNotFound: (participantId: string) =>
    new CommandError({
      status: 404,
      code: 'PARTICIPANT_NOT_FOUND',
      title: 'Participant not found',
      detail: `The group has no participant with the id ${participantId}.`,
    }),
  emailTaken: (email: string) =>
    new CommandError({
      status: 409,
      code: 'EMAIL_TAKEN',
      title: 'E-mail address taken',
      detail: `${email} is already registered in this group.`,
    }),
  participantLeft: () =>
    new CommandError({
      status: 409,
      code: 'PARTICIPANT_LEFT',
      title: 'Participant left',
      detail: 'The participant left the group; their record is kept as it was.',
    }),
  notAParticipatingStudyGroup: (studyGroup: string, group: string, studyGroups: string[]) =>
    new CommandError({
      status: 422,
      code: 'NOT_A_PARTICIPATING_STUDY_GROUP',
      title: 'Not a participating study group',
      detail: `${studyGroup} does not participate in ${group} (its study groups: ${studyGroups.join(', ')}).`,
    }),
  appointeeNotActive: () =>
    new CommandError({
      status: 422,
      code: 'APPOINTEE_NOT_ACTIVE',
      title: 'Appointee not active',
      detail: 'Only an active participant of the group can be appointed co-convenor.',
    }),
  roleHeldByAppointment: () =>
    new CommandError({
      status: 409,
      code: 'ROLE_HELD_BY_APPOINTMENT',
      title: 'Role held by an appointment',
      detail:
        'A co-convenor keeps that role while their appointment runs; record a new appointment for the study group instead.',
    }),
  invalidCursor: invalidCursorError,
  apiKeyNotFound: (keyId: string) =>
    new CommandError({
      status: 404,
      code: 'API_KEY_NOT_FOUND',
      title: 'API key not found',
      detail: `No API key has the id ${keyId}.`,
    }),
  apiKeyExists: () =>
    new CommandError({
      status: 409,
      code: 'API_KEY_EXISTS',
      title: 'API key exists',
      detail: 'An API key with this id exists.',
    }),
  keyOwnerNotActive: () =>
    new CommandError({
      status: 422,
      code: 'KEY_OWNER_NOT_ACTIVE',
      title: 'Key owner not active',
      detail: 'API keys are issued to active participants only.',
    }),
  signInLinkSuperseded: () =>
    new CommandError({
      status: 401,
      code: 'SIGN_IN_LINK_INVALID',
      title: 'Sign-in link not valid',
      detail:
        "The link was mailed before this participant's sessions were ended or their address changed: ask for a new one.",
    }),
  sessionEnded: () =>
    new CommandError({
      status: 401,
      code: 'UNAUTHENTICATED',
      title: 'Unauthenticated',
      detail: 'The session has ended (signed out, revoked or expired): sign in again.',
    }),
  unauthenticated: () =>
    new CommandError({
      status: 401,
      code: 'UNAUTHENTICATED',
      title: 'Unauthenticated',
      detail: 'The API key is unknown, revoked or malformed.',
    }),
};

export { isUniqueViolation } from '@jcg/persistence';
