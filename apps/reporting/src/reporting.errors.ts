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
  topicUnknown: (keys: string[], known: string[]) =>
    refuse(
      422,
      'UNKNOWN_TOPIC',
      'Unknown topic',
      `${keys.map((k) => `"${k}"`).join(', ')} ${keys.length === 1 ? 'is' : 'are'} not in the group's topic vocabulary; add ${keys.length === 1 ? 'it' : 'them'} first (PUT /v1/groups/{groupId}/topics/{key}).`,
      { unknown: keys, known },
    ),
  studyGroupNotInGroup: (studyGroup: string, acronym: string, studyGroups: string[]) =>
    refuse(
      422,
      'STUDY_GROUP_NOT_IN_GROUP',
      'Study group not in the group',
      `${studyGroup} does not participate in ${acronym} (its study groups: ${studyGroups.join(', ')}).`,
      { studyGroups },
    ),
  workItemNotFound: (workItemId: string) =>
    refuse(404, 'WORK_ITEM_NOT_FOUND', 'Work item not found', `The group's register has no work item ${workItemId}.`),
  workItemExists: (identifier: string, workItemId: string | null) =>
    refuse(
      409,
      'WORK_ITEM_EXISTS',
      'Work item already in the register',
      workItemId
        ? `${identifier} is already in the register (work item ${workItemId}); change it there.`
        : `${identifier} was added to the register by another request at the same moment; read the register and change it there.`,
      { workItemId },
    ),
  duplicateInImport: (identifier: string) =>
    refuse(422, 'DUPLICATE_IN_IMPORT', 'Work item listed twice', `${identifier} is listed twice in the import.`),
  topicNotFound: (key: string) =>
    refuse(404, 'TOPIC_NOT_FOUND', 'Topic not found', `The group's vocabulary has no topic "${key}".`),
  reportNotFound: (version?: number) =>
    refuse(
      404,
      'REPORT_NOT_FOUND',
      'Report not found',
      version === undefined
        ? 'No report has been compiled for this obligation yet (POST .../report to compile one).'
        : `The report has no version ${version}.`,
    ),
  reportFrozen: (version: number, submittedAt: Date) =>
    refuse(
      409,
      'REPORT_FROZEN',
      'Submitted report',
      `Version ${version} was submitted on ${submittedAt.toISOString()} and never changes; edit the draft instead (leave "version" out and a new draft is made).`,
      { version },
    ),
  noDraft: () =>
    refuse(409, 'NO_DRAFT', 'No draft to submit', 'The report has no draft: compile one first (POST .../report).'),
  tdNumberConflict: (given: string, recorded: string | null) =>
    refuse(
      409,
      'TD_NUMBER_CONFLICT',
      'Another TD number',
      recorded
        ? `The report was acknowledged as ${recorded}; it cannot also be ${given}.`
        : `The report was acknowledged without a TD number; it cannot become ${given} afterwards.`,
      { tdNumber: recorded },
    ),
  tdNumberRequired: () =>
    refuse(
      422,
      'TD_NUMBER_REQUIRED',
      'TD number required',
      'The report was compiled and submitted here: acknowledge it with the TD number TSB gave it ("tdNumber").',
    ),
  sourceUnavailable: (what: string) =>
    refuse(
      503,
      'REPORT_SOURCE_UNAVAILABLE',
      'A source of the report is unavailable',
      `The report could not be compiled: ${what}. Try again in a moment.`,
    ),
  tdNumberMismatch: (tdNumber: string, problem: string) =>
    refuse(
      422,
      'TD_NUMBER_MISMATCH',
      'TD number of another meeting',
      `${tdNumber} is not a number for this report: ${problem}.`,
    ),
  tdNumberTaken: (tdNumber: string) =>
    refuse(409, 'TD_NUMBER_TAKEN', 'TD number taken', `${tdNumber} is already the number of another report.`),
};
