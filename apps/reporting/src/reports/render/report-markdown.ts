import type { ReportContent } from '../report-content.js';
import { reportTitle } from './report-naming.js';
import {
  ACTION_STATUS,
  MASTHEAD_LINES,
  NONE_IN_PERIOD,
  NOT_WRITTEN,
  OBJECTIVE_ORDER,
  ORIGINAL_LANGUAGE,
  PURPOSE,
  assessment,
  bodyName,
  documentNumber,
  governanceLine,
  matrixCell,
  meetingLine,
  meetingTimeLines,
  narrativeParagraphs,
  numberedHeadings,
  objectiveNumber,
  questionsLine,
  sectionNumber,
  sourceLine,
  studyPeriod,
  summaryLines,
  utcDateTime,
} from './report-text.js';

/**
 * Text as it was typed, never as Markdown: every character a renderer would read as markup
 * (emphasis, code, links and images, raw HTML, tables, strikethrough) is escaped with a
 * backslash, which CommonMark allows before any ASCII punctuation; so are the `:` of a URL
 * scheme, the `.` after `www` and the `@` of an address, which renderers would turn into links
 * by themselves. So a title with `<script>` or `[x](javascript:...)` shows those characters and
 * does nothing.
 */
export function literal(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~!@]/g, '\\$&')
    .replace(/\b([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.');
}

/** A line's start that Markdown would read as a block: a heading, a list item, a quote, a rule. */
function blockStart(line: string): string {
  return line.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Markup the report writes itself (bold labels), passed through a cell as it is. */
interface Markup {
  markdown: string;
}
const bold = (text: string): Markup => ({ markdown: `**${literal(text)}**` });

/** A table cell: the text literal, line breaks as <br>. */
function cell(value: string | Markup): string {
  const text = typeof value === 'string' ? literal(value) : value.markdown;
  return text.replace(/\r\n?/g, '\n').replace(/\n/g, '<br>').trim();
}

function row(cells: (string | Markup)[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** A GitHub table; `header` null gives an empty header row (for the label/value blocks). */
function table(
  header: (string | Markup)[] | null,
  rows: (string | Markup)[][],
  columns = header?.length ?? rows[0]?.length ?? 1,
): string[] {
  return [header ? row(header) : `|${' |'.repeat(columns)}`, `|${'---|'.repeat(columns)}`, ...rows.map(row)];
}

/**
 * Text outside tables, literal: a line break inside a paragraph is kept as a hard break; no line
 * becomes a heading, a list item, a quote or a code block.
 */
function paragraph(text: string): string {
  return literal(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => blockStart(line.replace(/^[ \t]+/, '')))
    .join('  \n');
}

/** One line, literal, for a heading or a list item (nothing in it starts a block of its own). */
function inline(text: string): string {
  return blockStart(literal(text.replace(/\s+/g, ' ').trim()));
}

/** The compiled report as GitHub Markdown, laid out as the ITU-T TD is (same headings, same tables). */
export function reportMarkdown(content: ReportContent): string {
  const headings = numberedHeadings();
  const out: string[][] = [];
  const block = (...lines: string[]) => out.push(lines);

  // Masthead: the ITU on the left, the document number, body and language on the right.
  block(
    ...table(
      [
        [...MASTHEAD_LINES, studyPeriod(content.body.firstDay)].join('\n'),
        {
          markdown: `**${literal(documentNumber(content))}**\n**${literal(bodyName(content.body.body))}**\n${ORIGINAL_LANGUAGE}`,
        },
      ],
      [],
    ),
  );

  block(
    ...table(null, [
      ['Question(s):', questionsLine(content)],
      ['Meeting:', meetingLine(content)],
      ['Source:', sourceLine(content)],
      ['Title:', reportTitle(content)],
      ['Purpose:', PURPOSE],
    ]),
  );

  if (content.contacts.length > 0) {
    block(
      ...table(
        null,
        content.contacts.map((contact) => [
          'Contact:',
          [contact.name, contact.organization, contact.studyGroup].join('\n'),
          `E-mail: ${contact.email}`,
        ]),
      ),
    );
  }

  // 1 Summary
  block(`# ${headings[sectionNumber('Summary') - 1]}`);
  block(...summaryLines(content).map((line) => `- ${inline(line)}`));

  // 2 Meetings held
  const meetingsNumber = sectionNumber('Meetings held');
  block(`# ${headings[meetingsNumber - 1]}`);
  if (content.meetings.length === 0) block(NONE_IN_PERIOD);
  content.meetings.forEach((meeting, i) => {
    block(`## ${meetingsNumber}.${i + 1} ${inline(meeting.title)}`);
    block(...meetingTimeLines(meeting).map((line) => `- ${inline(line)}`));
    block('**Attendance by organization**');
    block(
      ...(meeting.attendance.byOrganization.length > 0
        ? table(
            ['Organization', 'Participants'],
            meeting.attendance.byOrganization.map((count) => [count.key, String(count.count)]),
          )
        : ['None recorded.']),
    );
    block('**Attendance by study group**');
    block(
      ...(meeting.attendance.byStudyGroup.length > 0
        ? table(
            ['Study group', 'Participants'],
            meeting.attendance.byStudyGroup.map((count) => [count.key, String(count.count)]),
          )
        : ['None recorded.']),
    );
    block('**Agenda**');
    block(
      ...(meeting.agenda.length > 0
        ? meeting.agenda.map((item, n) => `${n + 1}. ${inline(item)}`)
        : ['None recorded.']),
    );
    block('**Decisions**');
    block(...(meeting.decisions.length > 0 ? meeting.decisions.map((decision) => `- ${inline(decision)}`) : ['None.']));
    block('**Action items**');
    const open = meeting.actionItems.filter((item) => item.status === 'open').length;
    block(
      ...(meeting.actionItems.length > 0
        ? [
            `${open} of ${meeting.actionItems.length} open.`,
            '',
            ...table(
              ['Action', 'Owner', 'Due', 'Status'],
              meeting.actionItems.map((item) => [
                item.description,
                item.owner,
                item.due ?? '—',
                item.status === 'open' ? bold(ACTION_STATUS.open) : ACTION_STATUS.done,
              ]),
            ),
          ]
        : ['None.']),
    );
  });

  // 3 ToR revisions and lifecycle decisions
  block(`# ${headings[sectionNumber('ToR revisions and lifecycle decisions') - 1]}`);
  block(
    ...(content.governance.length > 0
      ? content.governance.map((event) => `- ${inline(governanceLine(event))}`)
      : [NONE_IN_PERIOD]),
  );

  // 4 Changes to the work-item register
  block(`# ${headings[sectionNumber('Changes to the work-item register') - 1]}`);
  block(
    ...(content.registerChanges.length > 0
      ? table(
          ['At (UTC)', 'Identifier', 'Change', 'Detail'],
          content.registerChanges.map((change) => [
            utcDateTime(change.at),
            change.identifier,
            change.change,
            change.detail,
          ]),
        )
      : [NONE_IN_PERIOD]),
  );

  // 5 Overlap and gap matrix: exactly one row per topic.
  block(`# ${headings[sectionNumber('Overlap and gap matrix') - 1]}`);
  block(
    ...table(
      ['Topic', ...content.matrix.studyGroups, 'Assessment'],
      content.matrix.rows.map((matrixRow) => [
        matrixRow.topic.name,
        ...content.matrix.studyGroups.map((studyGroup) => matrixCell(matrixRow, studyGroup)),
        assessment(matrixRow),
      ]),
    ),
  );

  // 6 Demarcation
  block(`# ${headings[sectionNumber('Demarcation') - 1]}`);
  block(
    ...(content.demarcation.length > 0
      ? table(
          ['Topic', 'Proposed lead SG', 'Rationale'],
          content.demarcation.map((line) => [line.topic.name, line.leadStudyGroup ?? '—', line.rationale ?? '—']),
        )
      : ['None proposed yet.']),
  );

  // 7-10 The objectives' narratives
  for (const objective of OBJECTIVE_ORDER) {
    block(`# ${headings[objectiveNumber(objective) - 1]}`);
    const paragraphs = narrativeParagraphs(content.narratives, objective);
    if (paragraphs.length === 0) block(`_${NOT_WRITTEN}_`);
    for (const text of paragraphs) block(paragraph(text));
  }

  return out.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}
