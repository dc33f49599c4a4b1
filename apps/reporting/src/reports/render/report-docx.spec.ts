import JSZip from 'jszip';
import {
  blocksOf,
  childrenOf,
  headings,
  partOf,
  section,
  tables,
  tagOf,
  xmlParser as parser,
  xmlAttribute as attribute,
  xmlChild as child,
  xmlText as textOf,
  type Block,
  type XmlNode,
} from '@jcg/testing';
import type { ReportContent } from '../report-content.js';
import { reportDocx } from './report-docx.js';
import { reportFileName, reportTitle } from './report-naming.js';
import { sampleReport } from './sample-report.js';

const EXPECTED_HEADINGS = [
  '1 Summary',
  '2 Meetings held',
  '3 ToR revisions and lifecycle decisions',
  '4 Changes to the work-item register',
  '5 Overlap and gap matrix',
  '6 Demarcation',
  '7 Objective (a): Review of IoT-security activities in SG17 and SG20',
  '8 Objective (b): Overlaps, synergies and gaps',
  '9 Objective (c): Demarcation line between SG17 and SG20',
  '10 Objective (d): Coordination mechanisms proposed to TSAG',
];

describe('reportDocx', () => {
  let content: ReportContent;
  let blocks: Block[];

  beforeAll(async () => {
    content = sampleReport();
    blocks = await blocksOf(await reportDocx(content));
  });

  it('starts with the ITU-T masthead: sector, study period, draft number, study group, language', () => {
    const [masthead] = tables(blocks);
    expect(masthead.rows[0][0].split('\n')).toEqual([
      'INTERNATIONAL TELECOMMUNICATION UNION',
      'TELECOMMUNICATION STANDARDIZATION SECTOR',
      'STUDY PERIOD 2025-2028',
    ]);
    expect(masthead.rows[0][1].split('\n')).toEqual(['TD (draft, not yet numbered)', 'STUDY GROUP 17']);
    expect(masthead.rows[1][1]).toBe('Original: English');
  });

  it('has the title block with its labels and values, in order', () => {
    const block = tables(blocks).find((t) => t.rows[0]?.[0] === 'Question(s):');
    expect(block?.rows).toEqual([
      ['Question(s):', 'Q2/17, Q6/17, Q6/20'],
      ['Meeting:', 'Geneva, 18-27 January 2027'],
      ['Source:', 'Co-convenors of the Joint Correspondence Group on IoT Security (JCG-IoTSec)'],
      [
        'Title:',
        'Report of the Joint Correspondence Group on IoT Security (JCG-IoTSec) to the SG17 meeting, Geneva, 18-27 January 2027',
      ],
      ['Purpose:', 'For information'],
    ]);
  });

  it('has one contact row per co-convenor: name, organization, study group and e-mail', () => {
    const contacts = tables(blocks).find((t) => t.rows[0]?.[0] === 'Contact:');
    expect(contacts?.rows).toEqual([
      ['Contact:', 'Dr Alice Moreau\nNordlicht Telecom\nSG17', 'E-mail: alice.moreau@nordlicht.example'],
      ['Contact:', 'Mr Kwame Mensah\nPacific IoT Institute\nSG20', 'E-mail: k.mensah@pacific-iot.example'],
    ]);
  });

  it('has every section heading as Heading 1, in order', () => {
    expect(headings(blocks).map((heading) => heading.text)).toEqual(EXPECTED_HEADINGS);
  });

  it('has the overlap and gap matrix: a header row and exactly one row per topic', () => {
    const matrices = tables(blocks).filter((t) => t.rows[0]?.[0] === 'Topic' && t.rows[0].at(-1) === 'Assessment');
    expect(matrices).toHaveLength(1);
    const [matrix] = matrices;
    expect(matrix.rows).toHaveLength(1 + content.matrix.rows.length);
    expect(matrix.rows[0]).toEqual(['Topic', 'SG17', 'SG20', 'Assessment']);
    expect(matrix.rows.slice(1)).toEqual([
      ['Device identity and authentication', 'X.iotsec-dia', 'Y.IoT-DIA', 'Overlap'],
      ['IoT security framework', 'X.1361rev', 'Y.4806rev, Y.4810', 'Overlap'],
      ['Secure firmware update', 'X.ota-sec', '', ''],
      ['Smart-city platform security', '', 'Y.SC-sec', ''],
      ['Supply-chain security of IoT devices', '', '', 'Gap'],
      ['Security of IoT data in digital twins', '', 'Y.DT-sec-req', ''],
    ]);
    // It sits under its own heading.
    expect(tables(section(blocks, 'Overlap and gap matrix'))).toEqual([matrix]);
  });

  it('follows the matrix study groups as columns, whatever their number', async () => {
    const three = sampleReport({
      matrix: {
        studyGroups: ['SG13', 'SG17', 'SG20'],
        rows: [
          { topic: { key: 'x', name: 'Edge security' }, items: { SG13: ['Y.edge'] }, overlap: false, gap: false },
          { topic: { key: 'y', name: 'Nothing yet' }, items: {}, overlap: false, gap: true },
        ],
      },
    });
    const [matrix] = tables(section(await blocksOf(await reportDocx(three)), 'Overlap and gap matrix'));
    expect(matrix.rows).toEqual([
      ['Topic', 'SG13', 'SG17', 'SG20', 'Assessment'],
      ['Edge security', 'Y.edge', '', '', ''],
      ['Nothing yet', '', '', '', 'Gap'],
    ]);
  });

  it('lists each meeting with its times, attendance, agenda, decisions and action items', () => {
    const meetings = section(blocks, 'Meetings held');
    expect(headings(meetings, 'Heading2').map((heading) => heading.text)).toEqual([
      '2.1 JCG-IoTSec virtual meeting 3',
      '2.2 JCG-IoTSec virtual meeting 4',
    ]);
    const texts = meetings.filter((block) => block.kind === 'paragraph').map((block) => block.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Start: 2026-11-25 13:00 UTC (2026-11-25 14:00 Geneva time)',
        'End: 2026-11-25 15:30 UTC (2026-11-25 16:30 Geneva time)',
        'Attendance: 11 participants',
        '1.\tOpening and adoption of the agenda',
        'Supply-chain security of IoT devices is recorded as a gap; SG17 is invited to consider a new work item.',
        '2 of 3 open.',
      ]),
    );
    const byOrganization = tables(meetings).filter((t) => t.rows[0][0] === 'Organization');
    expect(byOrganization[0].rows).toEqual([
      ['Organization', 'Participants'],
      ['Nordlicht Telecom', '6'],
      ['Kestrel Security Labs', '5'],
      ['Pacific IoT Institute', '3'],
    ]);
    const byStudyGroup = tables(meetings).filter((t) => t.rows[0][0] === 'Study group');
    expect(byStudyGroup.map((t) => t.rows)).toEqual([
      [
        ['Study group', 'Participants'],
        ['SG17', '11'],
        ['SG20', '9'],
      ],
      [
        ['Study group', 'Participants'],
        ['SG17', '8'],
        ['SG20', '7'],
      ],
    ]);
    const actions = tables(meetings).filter((t) => t.rows[0][0] === 'Action');
    expect(actions[1].rows).toEqual([
      ['Action', 'Owner', 'Due', 'Status'],
      ['Draft a liaison statement to SG17 on the supply-chain security gap', 'Dr Alice Moreau', '2026-12-15', 'OPEN'],
      ['Propose coordination mechanisms for TSAG (objective d)', 'Mr Kwame Mensah', '—', 'OPEN'],
      ['Update the register with the consented Y.4806 revision', 'Kestrel Security Labs', '2026-12-01', 'done'],
    ]);
  });

  it('has the governance events, the register changes and the demarcation', () => {
    expect(
      section(blocks, 'ToR revisions and lifecycle decisions')
        .filter((block) => block.kind === 'paragraph')
        .map((block) => block.text),
    ).toEqual(['2026-09-26: ToR v2 approved by TSAG (TSAG-R3)', '2026-11-06: Extended to 2028-06-30']);
    const [register] = tables(section(blocks, 'Changes to the work-item register'));
    expect(register.rows[0]).toEqual(['At (UTC)', 'Identifier', 'Change', 'Detail']);
    expect(register.rows[2]).toEqual(['2026-10-20 15:10', 'Y.4806rev', 'changed', 'status: under-study → consented']);
    expect(register.rows).toHaveLength(1 + content.registerChanges.length);
    const [demarcation] = tables(section(blocks, 'Demarcation'));
    expect(demarcation.rows[0]).toEqual(['Topic', 'Proposed lead SG', 'Rationale']);
    expect(demarcation.rows.slice(1).map((row) => row.slice(0, 2))).toEqual([
      ['Device identity and authentication', 'SG17'],
      ['IoT security framework', 'SG20'],
      ['Supply-chain security of IoT devices', '—'],
    ]);
  });

  it('writes one paragraph per narrative paragraph, and an italic "Not written yet." when empty', () => {
    const objectiveA = section(blocks, 'Objective (a): Review of IoT-security activities in SG17 and SG20');
    expect(objectiveA.map((block) => (block.kind === 'paragraph' ? block.text : 'table'))).toEqual([
      'In the period the group reviewed 9 work items of SG17 and SG20 on IoT security: 4 in SG17 (Q2/17 and Q6/17) and 5 in SG20 (Q6/20).',
      'One SG20 item (Y.IoT-ota) was withdrawn and merged into X.ota-sec, and Y.4806rev was consented.',
    ]);
    expect(objectiveA.every((block) => block.kind === 'paragraph' && !block.italic)).toBe(true);
    expect(section(blocks, 'Objective (d): Coordination mechanisms proposed to TSAG')).toEqual([
      { kind: 'paragraph', style: null, text: 'Not written yet.', italic: true },
    ]);
  });

  it('says "None in the period." for empty lists', async () => {
    const quiet = await blocksOf(await reportDocx(sampleReport({ meetings: [], governance: [], registerChanges: [] })));
    for (const title of [
      'Meetings held',
      'ToR revisions and lifecycle decisions',
      'Changes to the work-item register',
    ]) {
      expect(section(quiet, title)).toEqual([
        { kind: 'paragraph', style: null, text: 'None in the period.', italic: false },
      ]);
    }
    expect(headings(quiet).map((heading) => heading.text)).toEqual(EXPECTED_HEADINGS);
  });

  it('puts the TD number in the masthead and the page header, and names the file after it', async () => {
    const numbered = sampleReport({ tdNumber: 'T25-SG17-270118-TD-GEN-0123', frozen: true });
    const docx = await reportDocx(numbered);
    const [masthead] = tables(await blocksOf(docx));
    expect(masthead.rows[0][1].split('\n')).toEqual(['T25-SG17-270118-TD-GEN-0123', 'STUDY GROUP 17']);
    const headers = await Promise.all(
      Object.keys((await JSZip.loadAsync(docx)).files)
        .filter((path) => /^word\/header\d+\.xml$/.test(path))
        .map((path) => partOf(docx, path)),
    );
    const headerTexts = headers.map((xml) => textOf({ root: parser.parse(xml) as XmlNode[] }));
    expect(headerTexts.some((text) => text.includes('T25-SG17-270118-TD-GEN-0123'))).toBe(true);
    expect(reportFileName(numbered, 'docx')).toBe('T25-SG17-270118-TD-GEN-0123.docx');
  });

  it('says "Final report" in the title block of a final report', async () => {
    const final = sampleReport({ final: true, body: { ...sampleReport().body, body: 'TSAG', place: 'Geneva' } });
    const [masthead, titleBlock] = tables(await blocksOf(await reportDocx(final)));
    expect(masthead.rows[0][1].split('\n')[1]).toBe('TSAG');
    expect(titleBlock.rows[3]).toEqual(['Title:', reportTitle(final)]);
    expect(reportTitle(final)).toMatch(
      /^Final report of the Joint Correspondence Group on IoT Security \(JCG-IoTSec\)/,
    );
  });

  it('is deterministic: the same content gives the same document and properties', async () => {
    const first = await reportDocx(sampleReport());
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await reportDocx(sampleReport());
    for (const part of ['word/document.xml', 'word/styles.xml', 'word/numbering.xml', 'docProps/core.xml']) {
      expect(await partOf(second, part)).toBe(await partOf(first, part));
    }
    const core = parser.parse(await partOf(first, 'docProps/core.xml')) as XmlNode[];
    const properties = childrenOf(core.find((node) => tagOf(node) === 'cp:coreProperties')!);
    const field = (tag: string) => textOf(properties.find((node) => tagOf(node) === tag)!);
    expect(field('dc:title')).toBe(reportTitle(content));
    expect(field('dc:creator')).toBe('Co-convenors of the Joint Correspondence Group on IoT Security (JCG-IoTSec)');
    expect(field('dcterms:created')).toBe('2026-12-10T08:00:00Z');
    expect(field('dcterms:modified')).toBe('2026-12-10T08:00:00Z');
  });

  it('lays out A4 pages with 2 cm margins in Times New Roman 12 pt', async () => {
    const docx = await reportDocx(content);
    const tree = parser.parse(await partOf(docx, 'word/document.xml')) as XmlNode[];
    const body = child(
      tree.find((node) => tagOf(node) === 'w:document')!,
      'w:body',
    )!;
    const sectPr = child(body, 'w:sectPr')!;
    const size = child(sectPr, 'w:pgSz')!;
    const margin = child(sectPr, 'w:pgMar')!;
    expect([attribute(size, 'w:w'), attribute(size, 'w:h')]).toEqual(['11906', '16838']);
    expect(['w:top', 'w:right', 'w:bottom', 'w:left'].map((side) => attribute(margin, side))).toEqual([
      '1134',
      '1134',
      '1134',
      '1134',
    ]);
    const styles = await partOf(docx, 'word/styles.xml');
    const defaults = parser.parse(styles) as XmlNode[];
    const docDefaults = child(
      defaults.find((node) => tagOf(node) === 'w:styles')!,
      'w:docDefaults',
    )!;
    const runDefaults = child(child(docDefaults, 'w:rPrDefault')!, 'w:rPr')!;
    expect(attribute(child(runDefaults, 'w:rFonts')!, 'w:ascii')).toBe('Times New Roman');
    expect(attribute(child(runDefaults, 'w:sz')!, 'w:val')).toBe('24');
  });

  it('writes hostile text as text: no markup, fields or hyperlinks come from it, and every string reads back', async () => {
    const hostile = [
      '</w:t></w:r><w:r><w:t>injected',
      '<script>alert(1)</script>',
      '=HYPERLINK("https://evil.example","x")',
      '{ HYPERLINK "https://evil.example" }',
      "'); DROP TABLE reports; --",
      'x\r\nBcc: evil@example.com',
      '&amp; &lt; ]]> <![CDATA[x]]>',
    ];
    const base = sampleReport();
    const docx = await reportDocx(
      sampleReport({
        meetings: base.meetings.map((meeting) => ({
          ...meeting,
          title: hostile.join(' '),
          agenda: hostile,
          decisions: hostile,
          actionItems: meeting.actionItems.map((item) => ({ ...item, description: hostile.join(' ') })),
        })),
        registerChanges: base.registerChanges.map((change) => ({ ...change, detail: hostile.join(' ') })),
        narratives: [{ objective: 'a', revision: 1, text: hostile.join('\n\n') }],
      }),
    );
    const xml = await partOf(docx, 'word/document.xml');
    // Nothing the text holds became an element, a field or a relationship of the document.
    expect(xml).not.toMatch(/<w:t>injected|<script|<w:fldSimple|<w:instrText|<w:hyperlink/);
    expect(await partOf(docx, 'word/_rels/document.xml.rels')).not.toContain('evil.example');
    const text = (await blocksOf(docx))
      .map((block) => (block.kind === 'paragraph' ? block.text : block.rows.flat().join('\n')))
      .join('\n');
    for (const line of hostile) {
      for (const part of line.split('\r\n')) expect(text).toContain(part);
    }
  });
});
