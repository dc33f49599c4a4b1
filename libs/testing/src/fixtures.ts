import type { RequestInput } from '@jcg/contracts';

/** A valid registration of a group, with its first ToR; `n` makes its acronym and list unique. */
export function groupRegistration(
  acronym: string,
  overrides: Partial<RequestInput<'membership.groups.register'>> = {},
): RequestInput<'membership.groups.register'> {
  const slug = acronym.toLowerCase().replace(/[^a-z0-9]/g, '');
  return {
    acronym,
    title: `Correspondence group ${acronym}`,
    parentBody: 'TSAG',
    studyGroups: ['SG17', 'SG20'],
    mailingList: `${slug}@lists.example.org`,
    announcementLeadDays: 7,
    tor: {
      text: `Terms of reference of ${acronym}.`,
      objectives: [{ key: 'a', text: 'Review the activities of the study groups' }],
      reference: 'TSAG-R1 Annex X',
      approvedOn: '2026-01-15',
    },
    ...overrides,
  };
}
