/**
 * R6, R7: a group reports to each of its participating study groups and to its parent, while it
 * is active. Once concluded, it owes one final report to its parent, and nothing else.
 */
export interface ReportingGroup {
  status: 'active' | 'concluded';
  studyGroups: readonly string[];
  parentBody: string;
}

/** The bodies an active group reports to. */
export function bodiesOf(group: ReportingGroup): string[] {
  return [...new Set([...group.studyGroups, group.parentBody])];
}

/** Whether the group owes a report for a meeting of `body` (`finalAvailable`: a concluded group has not yet a final one). */
export function reportsTo(group: ReportingGroup, body: string, finalAvailable: boolean): boolean {
  if (group.status === 'active') return bodiesOf(group).includes(body);
  return body === group.parentBody && finalAvailable;
}
