/**
 * Whether a TD number TSB gives a report names the body and the meeting the report is for: a TD
 * number is written `T25-SG17-270118-TD-GEN-0123`, the body and the meeting's first day (yymmdd)
 * in its second and third parts. The reason it does not, or null.
 */
export function tdNumberProblem(tdNumber: string, meeting: { body: string; firstDay: string }): string | null {
  const match = /^T\d{2}-(SG\d{1,2}|TSAG)-(\d{6})-/.exec(tdNumber);
  if (!match) return 'it is not written as TSB writes a TD number (e.g. "T25-SG17-270118-TD-GEN-0123")';
  const [, body, day] = match;
  if (body !== meeting.body) return `it names ${body}, and the report is to ${meeting.body}`;
  const yymmdd = meeting.firstDay.slice(2).replaceAll('-', '');
  if (day !== yymmdd)
    return `it names a meeting starting ${day}, and the ${meeting.body} meeting starts ${meeting.firstDay} (${yymmdd})`;
  return null;
}
