/**
 * The words both renderers share, so the Markdown and the .docx say the same thing: the section
 * headings, the ITU-T masthead, dates as the report writes them, and the lines of the summary.
 * Everything here is a pure function of `ReportContent`.
 */
import { OBJECTIVES, type MatrixRow, type Narrative, type Objective, type ReportContent } from '../report-content.js';

/** The sections before the objectives, in order (Heading 1 each). */
export const SECTION_HEADINGS = [
  'Summary',
  'Meetings held',
  'ToR revisions and lifecycle decisions',
  'Changes to the work-item register',
  'Overlap and gap matrix',
  'Demarcation',
] as const;

export type SectionHeading = (typeof SECTION_HEADINGS)[number];

/** The ToR's objectives in order: (a), (b), (c), (d). */
export const OBJECTIVE_ORDER = Object.keys(OBJECTIVES) as Objective[];

export const NONE_IN_PERIOD = 'None in the period.';
export const NOT_WRITTEN = 'Not written yet.';
export const PURPOSE = 'For information';
export const ORIGINAL_LANGUAGE = 'Original: English';

export function objectiveHeading(objective: Objective): string {
  return `Objective (${objective}): ${OBJECTIVES[objective]}`;
}

/** Every Heading 1 of the report, numbered "1 Summary" ... "10 Objective (d): ...". */
export function numberedHeadings(): string[] {
  return [...SECTION_HEADINGS, ...OBJECTIVE_ORDER.map(objectiveHeading)].map((heading, i) => `${i + 1} ${heading}`);
}

/** The number of a section among `numberedHeadings()`, from 1. */
export function sectionNumber(heading: SectionHeading): number {
  return SECTION_HEADINGS.indexOf(heading) + 1;
}

export function objectiveNumber(objective: Objective): number {
  return SECTION_HEADINGS.length + OBJECTIVE_ORDER.indexOf(objective) + 1;
}

// ---------------------------------------------------------------------------------------------
// Masthead

export const MASTHEAD_LINES = ['INTERNATIONAL TELECOMMUNICATION UNION', 'TELECOMMUNICATION STANDARDIZATION SECTOR'];

/**
 * ITU-T study periods run four years from WTSA-24: 2025-2028, 2029-2032, ... The period is worked
 * out from the body meeting's first day, as `ReportContent` does not carry it.
 */
export function studyPeriod(firstDay: string): string {
  const year = Number(firstDay.slice(0, 4));
  if (!Number.isInteger(year) || year < 2025) return 'STUDY PERIOD 2025-2028';
  const start = 2025 + 4 * Math.floor((year - 2025) / 4);
  return `STUDY PERIOD ${start}-${start + 3}`;
}

/** "SG17" -> "STUDY GROUP 17"; "TSAG" stays "TSAG". */
export function bodyName(body: string): string {
  const match = /^SG\s*(\d+)$/i.exec(body.trim());
  return match ? `STUDY GROUP ${Number(match[1])}` : body.trim().toUpperCase();
}

/** The TD number once TSB gave one, else what stands in its place. */
export function documentNumber(content: ReportContent): string {
  if (content.tdNumber) return content.tdNumber;
  return content.frozen ? 'TD (not yet numbered)' : 'TD (draft, not yet numbered)';
}

// ---------------------------------------------------------------------------------------------
// Title block

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function dateParts(date: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 ? { year, month, day } : null;
}

/** "2027-01-18" -> "18 January 2027". */
export function longDate(date: string): string {
  const parts = dateParts(date);
  return parts ? `${parts.day} ${MONTHS[parts.month - 1]} ${parts.year}` : date;
}

/** "18-27 January 2027", "28 January - 6 February 2027", "29 December 2026 - 3 January 2027". */
export function dateRange(firstDay: string, lastDay: string): string {
  const first = dateParts(firstDay);
  const last = dateParts(lastDay);
  if (!first || !last) return `${firstDay} - ${lastDay}`;
  if (firstDay.slice(0, 10) === lastDay.slice(0, 10)) return longDate(firstDay);
  if (first.year !== last.year) return `${longDate(firstDay)} - ${longDate(lastDay)}`;
  if (first.month !== last.month) {
    return `${first.day} ${MONTHS[first.month - 1]} - ${last.day} ${MONTHS[last.month - 1]} ${last.year}`;
  }
  return `${first.day}-${last.day} ${MONTHS[last.month - 1]} ${last.year}`;
}

/** "Geneva, 18-27 January 2027". */
export function meetingLine(content: ReportContent): string {
  const { place, firstDay, lastDay } = content.body;
  return `${place}, ${dateRange(firstDay, lastDay)}`;
}

export function questionsLine(content: ReportContent): string {
  return content.questions.length > 0 ? content.questions.join(', ') : '—';
}

export function sourceLine(content: ReportContent): string {
  return `Co-convenors of the ${content.group.name} (${content.group.acronym})`;
}

// ---------------------------------------------------------------------------------------------
// Dates and times

/** An ISO instant as its UTC calendar date, "2026-10-14". */
export function utcDate(instant: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : date.toISOString().slice(0, 10);
}

/** An ISO instant in UTC, "2026-10-14 12:00". */
export function utcDateTime(instant: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : date.toISOString().slice(0, 16).replace('T', ' ');
}

// ---------------------------------------------------------------------------------------------
// Sections

export function summaryLines(content: ReportContent): string[] {
  const meetings = content.meetings.length;
  const actions = content.meetings.flatMap((meeting) => meeting.actionItems);
  const open = actions.filter((item) => item.status === 'open').length;
  const status = content.frozen ? 'frozen' : 'draft, not frozen';
  return [
    `Period covered: ${utcDate(content.period.from)} to ${utcDate(content.period.to)} (dates in UTC).`,
    `For the ${content.body.body} meeting, ${meetingLine(content)} (${content.body.reference}); due ${content.dueDate}.`,
    meetings === 0 ? 'No meetings were held in the period.' : `Meetings held in the period: ${meetings}.`,
    `Action items: ${actions.length}, of which ${open} open.`,
    `${content.final ? 'Final report, version' : 'Version'} ${content.version} (${status}); ` +
      (content.tdNumber ? `TSB document number ${content.tdNumber}.` : 'not yet numbered by TSB.'),
    `Generated ${utcDateTime(content.generatedAt)} UTC.`,
  ];
}

export function meetingTimeLines(meeting: ReportContent['meetings'][number]): string[] {
  return [
    `Start: ${utcDateTime(meeting.startsAt)} UTC (${meeting.genevaStart} Geneva time)`,
    `End: ${utcDateTime(meeting.endsAt)} UTC (${meeting.genevaEnd} Geneva time)`,
    `Attendance: ${meeting.attendance.total} participant${meeting.attendance.total === 1 ? '' : 's'}`,
  ];
}

export const ACTION_STATUS: Record<'open' | 'done', string> = { open: 'OPEN', done: 'done' };

export function governanceLine(event: ReportContent['governance'][number]): string {
  return `${event.date}: ${event.summary}${event.reference ? ` (${event.reference})` : ''}`;
}

export function assessment(row: MatrixRow): 'Overlap' | 'Gap' | '' {
  if (row.overlap) return 'Overlap';
  if (row.gap) return 'Gap';
  return '';
}

export function matrixCell(row: MatrixRow, studyGroup: string): string {
  return (row.items[studyGroup] ?? []).join(', ');
}

/** The narrative of an objective as paragraphs (blank-line separated); empty when none is written. */
export function narrativeParagraphs(narratives: Narrative[], objective: Objective): string[] {
  const latest = narratives
    .filter((narrative) => narrative.objective === objective)
    .reduce<Narrative | null>(
      (best, narrative) => (!best || narrative.revision > best.revision ? narrative : best),
      null,
    );
  if (!latest) return [];
  return latest.text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}
