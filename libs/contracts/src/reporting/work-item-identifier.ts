/** What kind of ITU-T work item it is: a Question, a Recommendation, or a draft work item. */
export type WorkItemKind = 'question' | 'recommendation' | 'draft';

const FORMS: Record<WorkItemKind, { pattern: RegExp; example: string }> = {
  // Q6/17: Question 6 of Study Group 17.
  question: { pattern: /^Q(\d{1,2})\/(\d{1,2})$/, example: 'Q6/17' },
  // X.1361, Y.4806, X.509.1: a series letter, a number, maybe a part.
  recommendation: { pattern: /^[A-Z]\.\d{1,5}(\.\d{1,3})?$/, example: 'X.1361' },
  // X.iotsec-4, Y.IoT-SC-trust, TR.iot-sec: a series, then a name that starts with a letter.
  draft: { pattern: /^(?:[A-Z]{1,2}|TR|Suppl)\.[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*$/, example: 'X.iotsec-4' },
};

/**
 * Whether an identifier is written as ITU writes one of its kind (and, for a Question, names
 * the work item's study group): the reason it is not, or null.
 */
export function workItemIdentifierProblem(kind: WorkItemKind, identifier: string, studyGroup: string): string | null {
  const form = FORMS[kind];
  const match = form.pattern.exec(identifier);
  if (!match) return `"${identifier}" is not written as a ${kind} is (e.g. "${form.example}")`;
  if (kind === 'question' && studyGroup !== `SG${Number(match[2])}`) {
    return `"${identifier}" is a Question of SG${Number(match[2])}, not of ${studyGroup}`;
  }
  return null;
}
