import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IBorderOptions,
  type ITableBordersOptions,
} from 'docx';
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

// A4 with 2 cm margins, in twips (1/20 pt; 1 cm = 567 twips).
const PAGE_WIDTH = 11906;
const PAGE_HEIGHT = 16838;
const MARGIN = 1134;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

const FONT = 'Times New Roman';
/** Half-points: 12 pt body text, as ITU-T documents. */
const BODY_SIZE = 24;
const HEADER_FILL = 'D9D9D9';

const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const GRID: ITableBordersOptions = {
  top: LINE,
  bottom: LINE,
  left: LINE,
  right: LINE,
  insideHorizontal: LINE,
  insideVertical: LINE,
};

interface TextStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

type Alignment = (typeof AlignmentType)[keyof typeof AlignmentType];

interface ParagraphStyle extends TextStyle {
  alignment?: Alignment;
  before?: number;
  after?: number;
  keepNext?: boolean;
}

/** Characters XML 1.0 cannot carry; user-written text could hold them. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** A text's runs, a line break for each "\n". */
function runs(text: string, style: TextStyle = {}): TextRun[] {
  return clean(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(
      (line, i) =>
        new TextRun({
          text: line,
          ...(style.bold ? { bold: true } : {}),
          ...(style.italics ? { italics: true } : {}),
          ...(style.size ? { size: style.size } : {}),
          ...(i > 0 ? { break: 1 } : {}),
        }),
    );
}

function para(text: string, style: ParagraphStyle = {}): Paragraph {
  return new Paragraph({
    children: runs(text, style),
    ...(style.alignment ? { alignment: style.alignment } : {}),
    ...(style.keepNext ? { keepNext: true } : {}),
    spacing: { before: style.before ?? 0, after: style.after ?? 120 },
  });
}

function heading1(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(text), keepNext: true });
}

function heading2(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(text), keepNext: true });
}

/** A bold caption kept with the table or list under it. */
function caption(text: string): Paragraph {
  return para(text, { bold: true, keepNext: true, before: 200, after: 60 });
}

function bullet(text: string): Paragraph {
  return new Paragraph({ children: runs(text), bullet: { level: 0 }, spacing: { after: 60 } });
}

function numbered(n: number, text: string): Paragraph {
  return new Paragraph({
    children: runs(`${n}.\t${text}`),
    indent: { left: 567, hanging: 567 },
    tabStops: [{ type: TabStopType.LEFT, position: 567 }],
    spacing: { after: 60 },
  });
}

/** Column widths in twips from fractions of the text width; they add up to it exactly. */
function columnWidths(fractions: number[]): number[] {
  const total = fractions.reduce((sum, fraction) => sum + fraction, 0);
  const widths = fractions.map((fraction) => Math.floor((CONTENT_WIDTH * fraction) / total));
  widths[widths.length - 1] += CONTENT_WIDTH - widths.reduce((sum, width) => sum + width, 0);
  return widths;
}

/** A cell: its paragraphs' texts, or one text. */
type CellText = string | ({ text: string | string[]; alignment?: Alignment } & TextStyle);

function cellParagraphs(content: CellText, header: boolean): Paragraph[] {
  const { text, ...style }: Exclude<CellText, string> = typeof content === 'string' ? { text: content } : content;
  return (Array.isArray(text) ? text : [text]).map((line) =>
    para(line, { ...style, bold: header || style.bold, after: 0 }),
  );
}

interface TableOptions {
  /** A shaded first row, repeated on each page. */
  header?: CellText[];
  rows: CellText[][];
  /** Relative column widths. */
  widths: number[];
  borders?: ITableBordersOptions;
  /** The first column's cells in bold (label/value tables). */
  labels?: boolean;
}

function table({ header, rows, widths, borders = GRID, labels = false }: TableOptions): Table {
  const twips = columnWidths(widths);
  const row = (cells: CellText[], isHeader: boolean) =>
    new TableRow({
      tableHeader: isHeader,
      cantSplit: true,
      children: cells.map(
        (content, column) =>
          new TableCell({
            width: { size: twips[column], type: WidthType.DXA },
            margins: { top: 40, bottom: 40, left: 100, right: 100 },
            ...(isHeader ? { shading: { fill: HEADER_FILL, color: 'auto', type: ShadingType.CLEAR } } : {}),
            children: cellParagraphs(content, isHeader || (labels && column === 0)),
          }),
      ),
    });
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: twips,
    layout: TableLayoutType.FIXED,
    borders,
    rows: [...(header ? [row(header, true)] : []), ...rows.map((cells) => row(cells, false))],
  });
}

/** A little space after a table, before the next caption or heading. */
function gap(): Paragraph {
  return para('', { after: 120 });
}

function masthead(content: ReportContent): Table {
  return table({
    widths: [55, 45],
    borders: { top: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE, bottom: LINE },
    rows: [
      [
        { text: [...MASTHEAD_LINES, studyPeriod(content.body.firstDay)], bold: true, size: 18 },
        {
          text: [documentNumber(content), bodyName(content.body.body)],
          bold: true,
          size: 28,
          alignment: AlignmentType.RIGHT,
        },
      ],
      ['', { text: ORIGINAL_LANGUAGE, alignment: AlignmentType.RIGHT }],
    ],
  });
}

function titleBlock(content: ReportContent): Table {
  return table({
    widths: [18, 82],
    labels: true,
    rows: [
      ['Question(s):', questionsLine(content)],
      ['Meeting:', meetingLine(content)],
      ['Source:', sourceLine(content)],
      ['Title:', { text: reportTitle(content), bold: true }],
      ['Purpose:', PURPOSE],
    ],
  });
}

function contactTable(content: ReportContent): Table {
  return table({
    widths: [18, 40, 42],
    labels: true,
    rows: content.contacts.map((contact) => [
      'Contact:',
      { text: [contact.name, contact.organization, contact.studyGroup] },
      `E-mail: ${contact.email}`,
    ]),
  });
}

function meetingsSection(content: ReportContent): (Paragraph | Table)[] {
  const number = sectionNumber('Meetings held');
  if (content.meetings.length === 0) return [para(NONE_IN_PERIOD)];
  return content.meetings.flatMap((meeting, i) => {
    const open = meeting.actionItems.filter((item) => item.status === 'open').length;
    const { byOrganization, byStudyGroup } = meeting.attendance;
    return [
      heading2(`${number}.${i + 1} ${meeting.title.replace(/\s+/g, ' ')}`),
      ...meetingTimeLines(meeting).map((line) => para(line, { after: 40 })),
      caption('Attendance by organization'),
      ...(byOrganization.length > 0
        ? [
            table({
              widths: [75, 25],
              header: ['Organization', 'Participants'],
              rows: byOrganization.map((count) => [count.key, String(count.count)]),
            }),
          ]
        : [para('None recorded.')]),
      caption('Attendance by study group'),
      ...(byStudyGroup.length > 0
        ? [
            table({
              widths: [75, 25],
              header: ['Study group', 'Participants'],
              rows: byStudyGroup.map((count) => [count.key, String(count.count)]),
            }),
          ]
        : [para('None recorded.')]),
      caption('Agenda'),
      ...(meeting.agenda.length > 0
        ? meeting.agenda.map((item, n) => numbered(n + 1, item))
        : [para('None recorded.')]),
      caption('Decisions'),
      ...(meeting.decisions.length > 0 ? meeting.decisions.map(bullet) : [para('None.')]),
      caption('Action items'),
      ...(meeting.actionItems.length > 0
        ? [
            para(`${open} of ${meeting.actionItems.length} open.`, { keepNext: true, after: 60 }),
            table({
              widths: [50, 22, 14, 14],
              header: ['Action', 'Owner', 'Due', 'Status'],
              rows: meeting.actionItems.map((item) => [
                item.description,
                item.owner,
                item.due ?? '—',
                item.status === 'open' ? { text: ACTION_STATUS.open, bold: true } : ACTION_STATUS.done,
              ]),
            }),
          ]
        : [para('None.')]),
    ];
  });
}

function matrixTable(content: ReportContent): Table {
  const { studyGroups, rows } = content.matrix;
  return table({
    // Topic and Assessment keep their width; the study groups share what is left.
    widths: [32, ...studyGroups.map(() => 50 / Math.max(studyGroups.length, 1)), 18],
    header: ['Topic', ...studyGroups, 'Assessment'],
    rows: rows.map((row) => {
      const verdict = assessment(row);
      return [
        row.topic.name,
        ...studyGroups.map((studyGroup) => matrixCell(row, studyGroup)),
        verdict ? { text: verdict, bold: true } : '',
      ];
    }),
  });
}

function body(content: ReportContent): (Paragraph | Table)[] {
  const headings = numberedHeadings();
  const heading = (number: number) => heading1(headings[number - 1]);
  const children: (Paragraph | Table)[] = [masthead(content), gap(), titleBlock(content), gap()];
  if (content.contacts.length > 0) children.push(contactTable(content), gap());

  children.push(heading(sectionNumber('Summary')), ...summaryLines(content).map(bullet));

  children.push(heading(sectionNumber('Meetings held')), ...meetingsSection(content));

  children.push(heading(sectionNumber('ToR revisions and lifecycle decisions')));
  children.push(
    ...(content.governance.length > 0
      ? content.governance.map((event) => bullet(governanceLine(event)))
      : [para(NONE_IN_PERIOD)]),
  );

  children.push(heading(sectionNumber('Changes to the work-item register')));
  children.push(
    ...(content.registerChanges.length > 0
      ? [
          table({
            widths: [22, 19, 12, 47],
            header: ['At (UTC)', 'Identifier', 'Change', 'Detail'],
            rows: content.registerChanges.map((change) => [
              utcDateTime(change.at),
              change.identifier,
              change.change,
              change.detail,
            ]),
          }),
        ]
      : [para(NONE_IN_PERIOD)]),
  );

  children.push(heading(sectionNumber('Overlap and gap matrix')), matrixTable(content));

  children.push(heading(sectionNumber('Demarcation')));
  children.push(
    content.demarcation.length > 0
      ? table({
          widths: [32, 18, 50],
          header: ['Topic', 'Proposed lead SG', 'Rationale'],
          rows: content.demarcation.map((line) => [line.topic.name, line.leadStudyGroup ?? '—', line.rationale ?? '—']),
        })
      : para('None proposed yet.'),
  );

  for (const objective of OBJECTIVE_ORDER) {
    children.push(heading(objectiveNumber(objective)));
    const paragraphs = narrativeParagraphs(content.narratives, objective);
    if (paragraphs.length === 0) children.push(para(NOT_WRITTEN, { italics: true }));
    children.push(...paragraphs.map((text) => para(text, { alignment: AlignmentType.JUSTIFIED })));
  }
  return children;
}

/** Pages after the first carry "- n -" and the document number, as ITU-T documents do. */
function continuationHeader(content: ReportContent): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'] })],
      }),
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        spacing: { after: 240 },
        children: runs(documentNumber(content)),
      }),
    ],
  });
}

/** "2026-12-10T08:00:00Z": W3CDTF, as the core properties take it. */
function w3cdtf(instant: string): string {
  const date = new Date(instant);
  return (Number.isNaN(date.getTime()) ? new Date(0) : date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function xmlText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The core properties as docx writes them, but created and modified at the report's generation
 * instant rather than at packing time, so the same content gives the same parts. (The zip entries'
 * own timestamps are set by the library and are not under our control.)
 */
function coreProperties(
  properties: { title: string; creator: string; description: string; revision: number },
  at: string,
): string {
  const stamp = xmlText(w3cdtf(at));
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"' +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"' +
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(properties.title)}</dc:title>` +
    `<dc:creator>${xmlText(properties.creator)}</dc:creator>` +
    `<dc:description>${xmlText(properties.description)}</dc:description>` +
    `<cp:lastModifiedBy>${xmlText(properties.creator)}</cp:lastModifiedBy>` +
    `<cp:revision>${properties.revision}</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** The compiled report as an ITU-T TD (.docx): masthead, title block, contacts, then the sections. */
export async function reportDocx(content: ReportContent): Promise<Buffer> {
  const properties = {
    title: reportTitle(content),
    creator: sourceLine(content),
    description:
      `${content.group.acronym} report to ${content.body.body} (${content.body.reference}), version ${content.version}` +
      `${content.frozen ? '' : ' (draft)'}, generated ${utcDateTime(content.generatedAt)} UTC`,
    revision: Math.max(1, Math.floor(content.version)),
  };
  const heading = { font: FONT, bold: true, color: '000000' };
  const document = new Document({
    ...properties,
    lastModifiedBy: properties.creator,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY_SIZE },
          paragraph: { spacing: { after: 120 } },
        },
        heading1: {
          run: { ...heading, size: 28 },
          paragraph: { spacing: { before: 360, after: 120 }, keepNext: true },
        },
        heading2: {
          run: { ...heading, size: BODY_SIZE },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT },
            margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN, header: 567, footer: 567 },
          },
        },
        headers: { first: new Header({ children: [new Paragraph({})] }), default: continuationHeader(content) },
        children: body(content),
      },
    ],
  });
  return Packer.toBuffer(document, false, [
    { path: 'docProps/core.xml', data: coreProperties(properties, content.generatedAt) },
  ]);
}
