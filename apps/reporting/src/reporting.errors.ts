import { CommandError } from '@jcg/messaging';

const refuse = (status: number, code: string, title: string, detail: string, extensions?: Record<string, unknown>) =>
  new CommandError({ status, code, title, detail, ...(extensions ? { extensions } : {}) });

export const ReportingErrors = {
  bodyMeetingNotFound: (reference: string) =>
    refuse(
      404,
      'BODY_MEETING_NOT_FOUND',
      'Body meeting not found',
      `No body meeting has the reference "${reference}".`,
    ),
  referenceOfAnotherBody: (reference: string, body: string) =>
    refuse(
      409,
      'REFERENCE_OF_ANOTHER_BODY',
      'Reference of another body',
      `The reference "${reference}" is a meeting of ${body}; a reference names one body's meeting for good.`,
      { body },
    ),
  groupNotFound: (groupId: string) =>
    refuse(404, 'GROUP_NOT_FOUND', 'Group not found', `No group has the id ${groupId}.`),
  notReportingTo: (acronym: string, body: string, bodies: string[]) =>
    refuse(
      422,
      'NOT_REPORTING_TO_BODY',
      'The group does not report to this body',
      `${acronym} reports to ${bodies.join(', ')}, not to ${body} (R6).`,
      { reportsTo: bodies },
    ),
  obligationNotFound: (obligationId: string) =>
    refuse(
      404,
      'OBLIGATION_NOT_FOUND',
      'Report obligation not found',
      `The group has no report obligation ${obligationId}.`,
    ),
  wrongState: (state: string, allowed: string[], action: string) =>
    refuse(
      409,
      'OBLIGATION_WRONG_STATE',
      'Report in the wrong state',
      `The report is ${state}; to ${action} it, it must be ${allowed.join(' or ')}.`,
    ),
};
