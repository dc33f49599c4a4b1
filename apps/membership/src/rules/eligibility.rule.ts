/**
 * R1 Eligibility. An organization may join a group only while it participates in at least one
 * of the group's study groups.
 */
export function qualifyingStudyGroups(
  groupStudyGroups: readonly string[],
  organizationStudyGroups: readonly string[],
): string[] {
  return groupStudyGroups.filter((sg) => organizationStudyGroups.includes(sg));
}

export function isEligible(groupStudyGroups: readonly string[], organizationStudyGroups: readonly string[]): boolean {
  return qualifyingStudyGroups(groupStudyGroups, organizationStudyGroups).length > 0;
}

export type ParticipantStatus = 'active' | 'suspended' | 'left';

/**
 * R1: when its organization stops being eligible, an active participant is suspended; when it is
 * eligible again, a suspended one is restored. Someone who left stays gone.
 */
export function statusWhenEligibility(status: ParticipantStatus, eligible: boolean): ParticipantStatus {
  if (status === 'left') return 'left';
  return eligible ? 'active' : 'suspended';
}
