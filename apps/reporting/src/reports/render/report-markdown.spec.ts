import { marked } from 'marked';
import { literal, reportMarkdown } from './report-markdown.js';
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

/** A table row's cells, split on the pipes that are not escaped; escapes kept. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The tables of a Markdown text: their lines (header, delimiter, rows) as cells. */
function tables(markdown: string): string[][][] {
  const found: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      current ??= [];
      current.push(cells(line));
    } else if (current) {
      found.push(current);
      current = null;
    }
  }
  if (current) found.push(current);
  return found;
}

/** The lines under a `# ` heading ending with `title`, up to the next `# ` heading. */
function section(markdown: string, title: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith('# ') && line.endsWith(title));
  if (start < 0) throw new Error(`no section "${title}"`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('# '));
  return end < 0 ? rest : rest.slice(0, end);
}

describe('reportMarkdown', () => {
  const content = sampleReport();
  const markdown = reportMarkdown(content);

  it('has every section heading as a level-1 heading, in order', () => {
    const headings = markdown
      .split('\n')
      .filter((line) => line.startsWith('# '))
      .map((line) => line.slice(2));
    expect(headings).toEqual(EXPECTED_HEADINGS);
  });

  it('has the masthead, the title block and the contacts', () => {
    const [masthead, titleBlock, contacts] = tables(markdown);
    expect(masthead[0]).toEqual([
      'INTERNATIONAL TELECOMMUNICATION UNION<br>TELECOMMUNICATION STANDARDIZATION SECTOR<br>STUDY PERIOD 2025-2028',
      '**TD (draft, not yet numbered)**<br>**STUDY GROUP 17**<br>Original: English',
    ]);
    expect(titleBlock.slice(2)).toEqual([
      ['Question(s):', 'Q2/17, Q6/17, Q6/20'],
      ['Meeting:', 'Geneva, 18-27 January 2027'],
      ['Source:', 'Co-convenors of the Joint Correspondence Group on IoT Security (JCG-IoTSec)'],
      [
        'Title:',
        'Report of the Joint Correspondence Group on IoT Security (JCG-IoTSec) to the SG17 meeting, Geneva, 18-27 January 2027',
      ],
      ['Purpose:', 'For information'],
    ]);
    expect(contacts.slice(2)).toEqual([
      // The @ escaped: a renderer shows the address as written, and links nothing by itself.
      ['Contact:', 'Dr Alice Moreau<br>Nordlicht Telecom<br>SG17', 'E-mail: alice.moreau\\@nordlicht.example'],
      ['Contact:', 'Mr Kwame Mensah<br>Pacific IoT Institute<br>SG20', 'E-mail: k.mensah\\@pacific-iot.example'],
    ]);
  });

  it('has the matrix table with exactly one row per topic', () => {
    const matrices = tables(markdown).filter((table) => table[0][0] === 'Topic' && table[0].at(-1) === 'Assessment');
    expect(matrices).toHaveLength(1);
    const [matrix] = matrices;
    expect(matrix[0]).toEqual(['Topic', 'SG17', 'SG20', 'Assessment']);
    expect(matrix[1]).toEqual(['---', '---', '---', '---']);
    expect(matrix.slice(2)).toHaveLength(content.matrix.rows.length);
    expect(matrix.slice(2)).toEqual([
      ['Device identity and authentication', 'X.iotsec-dia', 'Y.IoT-DIA', 'Overlap'],
      ['IoT security framework', 'X.1361rev', 'Y.4806rev, Y.4810', 'Overlap'],
      ['Secure firmware update', 'X.ota-sec', '', ''],
      ['Smart-city platform security', '', 'Y.SC-sec', ''],
      ['Supply-chain security of IoT devices', '', '', 'Gap'],
      ['Security of IoT data in digital twins', '', 'Y.DT-sec-req', ''],
    ]);
    expect(tables(section(markdown, 'Overlap and gap matrix').join('\n'))).toEqual([matrix]);
  });

  it('escapes "|" in cells, so a row keeps its number of columns', () => {
    const piped = sampleReport({
      matrix: {
        studyGroups: ['SG17', 'SG20'],
        rows: [
          {
            topic: { key: 'pipes', name: 'Identity | authentication' },
            items: { SG17: ['X.a|b'], SG20: [] },
            overlap: false,
            gap: false,
          },
        ],
      },
      registerChanges: [
        { at: '2026-10-01T10:00:00.000Z', identifier: 'X.a|b', change: 'changed', detail: 'title: "A | B"' },
      ],
    });
    const markdownWithPipes = reportMarkdown(piped);
    const [matrix] = tables(section(markdownWithPipes, 'Overlap and gap matrix').join('\n'));
    expect(matrix.slice(2)).toEqual([['Identity \\| authentication', 'X.a\\|b', '', '']]);
    const [register] = tables(section(markdownWithPipes, 'Changes to the work-item register').join('\n'));
    expect(register.slice(2)).toEqual([['2026-10-01 10:00', 'X.a\\|b', 'changed', 'title: "A \\| B"']]);
  });

  it('shows the TD number in the masthead when TSB gave one', () => {
    const numbered = reportMarkdown(sampleReport({ tdNumber: 'T25-SG17-270118-TD-GEN-0123', frozen: true }));
    const [masthead] = tables(numbered);
    expect(masthead[0][1]).toBe('**T25-SG17-270118-TD-GEN-0123**<br>**STUDY GROUP 17**<br>Original: English');
    expect(section(numbered, 'Summary')).toContain(
      '- Version 2 (frozen); TSB document number T25-SG17-270118-TD-GEN-0123.',
    );
    expect(markdown).not.toContain('T25-SG17-270118-TD-GEN-0123');
  });

  it('has the meetings, with attendance, agenda, decisions and open action items marked', () => {
    const meetings = section(markdown, 'Meetings held');
    expect(meetings.filter((line) => line.startsWith('## '))).toEqual([
      '## 2.1 JCG-IoTSec virtual meeting 3',
      '## 2.2 JCG-IoTSec virtual meeting 4',
    ]);
    expect(meetings).toEqual(
      expect.arrayContaining([
        '- Start: 2026-10-14 12:00 UTC (2026-10-14 14:00 Geneva time)',
        '- Attendance: 14 participants',
        '1. Opening and adoption of the agenda',
        '- Draft demarcation text to be circulated on the mailing list by 2026-11-04.',
        '2 of 3 open.',
        '| Propose coordination mechanisms for TSAG (objective d) | Mr Kwame Mensah | — | **OPEN** |',
        '| Update the register with the consented Y.4806 revision | Kestrel Security Labs | 2026-12-01 | done |',
      ]),
    );
  });

  it('writes the narratives as paragraphs, and "Not written yet." for an empty one', () => {
    const objectiveA = section(markdown, 'Objective (a): Review of IoT-security activities in SG17 and SG20');
    expect(objectiveA.filter((line) => line.trim() !== '')).toEqual([
      'In the period the group reviewed 9 work items of SG17 and SG20 on IoT security: 4 in SG17 (Q2/17 and Q6/17) and 5 in SG20 (Q6/20).',
      'One SG20 item (Y.IoT-ota) was withdrawn and merged into X.ota-sec, and Y.4806rev was consented.',
    ]);
    expect(section(markdown, 'Objective (d): Coordination mechanisms proposed to TSAG').filter(Boolean)).toEqual([
      '_Not written yet._',
    ]);
  });

  it('keeps a narrative line starting with "#" from becoming a heading', () => {
    const tricky = reportMarkdown(
      sampleReport({ narratives: [{ objective: 'b', revision: 1, text: '# Not a heading\n\nSecond paragraph.' }] }),
    );
    expect(tricky.split('\n').filter((line) => line.startsWith('# '))).toHaveLength(EXPECTED_HEADINGS.length);
    expect(section(tricky, 'Objective (b): Overlaps, synergies and gaps').filter(Boolean)).toEqual([
      '\\# Not a heading',
      'Second paragraph.',
    ]);
  });

  it('says "None in the period." for empty lists', () => {
    const quiet = reportMarkdown(sampleReport({ meetings: [], governance: [], registerChanges: [] }));
    for (const title of [
      'Meetings held',
      'ToR revisions and lifecycle decisions',
      'Changes to the work-item register',
    ]) {
      expect(section(quiet, title).filter(Boolean)).toEqual(['None in the period.']);
    }
  });

  describe('hostile text', () => {
    const HOSTILE = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '![x](https://evil.example/p.png)',
      '**bold** _em_ `code` ~~gone~~',
      '| cell | break |',
      '<a href="https://evil.example">link</a>',
      '\\<b>escaped backslash</b>',
      '# not a heading',
      '---',
      '- - not a list',
      '1. not a list',
      '> not a quote',
      'www.evil.example',
      'http://evil.example/x',
      'ftp://evil.example',
      'someone@evil.example',
    ];
    const text = HOSTILE.join(' ');
    const base = sampleReport();
    const hostile = reportMarkdown(
      sampleReport({
        meetings: base.meetings.map((meeting) => ({
          ...meeting,
          title: text,
          agenda: HOSTILE,
          decisions: HOSTILE,
          actionItems: meeting.actionItems.map((item) => ({ ...item, description: text, owner: text })),
        })),
        governance: [{ date: '2026-09-26', summary: text, reference: text }],
        registerChanges: base.registerChanges.map((change) => ({ ...change, detail: text })),
        narratives: [
          { objective: 'a', revision: 1, text: `${text}\n- not a list\n> not a quote\n    not code\n1. not a list` },
        ],
      }),
    );
    const html = marked.parse(hostile, { async: false });

    it('renders none of it as markup: no script, image, link, emphasis or code', () => {
      const markup = (html.match(/<(script|img|em|code|del|b)[\s>][^<]*/gi) ?? []).filter(
        (found) => found !== '<em>Not written yet.', // the report's own italic
      );
      expect(markup).toEqual([]);
      // No link at all: not from a title, an agenda item or a narrative, nor a bare address a
      // renderer would link by itself.
      expect(html.match(/<a\b[^>]*>/g) ?? []).toEqual([]);
      // Nothing user-written became a heading, a rule, a quote or a nested list.
      expect(html.match(/<h[1-6]>[^<]*/g)?.filter((h) => !/^<h1>\d+ |^<h2>\d+\.\d+ /.test(h)) ?? []).toEqual([]);
      expect(html).not.toMatch(/<hr|<blockquote|<li>\s*<(ul|ol|h\d)/);
    });

    it('shows every string as it was typed', () => {
      const shown = html
        .replace(/<[^>]+>/g, ' ')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'");
      for (const item of HOSTILE) expect(shown).toContain(item);
    });

    it('keeps every table row to its number of columns', () => {
      for (const found of tables(hostile)) {
        const widths = new Set(found.map((cells) => cells.length));
        expect(widths.size).toBe(1);
      }
    });

    it('keeps narrative lines from becoming lists, quotes or code', () => {
      const narrative = html.slice(html.indexOf('<h1>7 '), html.indexOf('<h1>8 '));
      expect(narrative).toMatch(/not a list/);
      expect(narrative).not.toMatch(/<(ul|ol|li|blockquote|pre|code)>/);
    });

    it('escapes with a backslash only what Markdown would read', () => {
      expect(literal('Dr. Alice Moreau (SG17), 2026-12-10: 50% done.')).toBe(
        'Dr. Alice Moreau (SG17), 2026-12-10: 50% done.',
      );
      expect(literal('<b>*x*</b>')).toBe('\\<b\\>\\*x\\*\\</b\\>');
    });
  });
});
