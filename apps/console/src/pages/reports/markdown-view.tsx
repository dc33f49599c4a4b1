import { Fragment, type ReactNode } from 'react';
import { TableWrap } from '../../ui/table-wrap';

/**
 * The report's Markdown (as the reporting service writes it: headings, lists, GitHub tables,
 * bold and italics, `<br>` in cells) as React elements. Everything else stays text: React
 * escapes it, and no HTML from the document is ever injected.
 */
export function MarkdownView({ markdown, headingLevel = 3 }: { markdown: string; headingLevel?: number }) {
  return <>{blocks(markdown.replace(/\r\n?/g, '\n').split('\n'), headingLevel)}</>;
}

type Block =
  | { kind: 'heading'; depth: number; text: string }
  | { kind: 'table'; rows: string[][] }
  | { kind: 'ul' | 'ol'; items: string[] }
  | { kind: 'p'; lines: string[] };

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^[-*]\s+(.*)$/;
const NUMBERED = /^\d+\.\s+(.*)$/;
const DELIMITER = /^\|(\s*:?-{3,}:?\s*\|)+\s*$/;

function parse(lines: string[]): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push({ kind: 'heading', depth: heading[1].length, text: heading[2] });
      i++;
      continue;
    }
    if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++)
        if (!DELIMITER.test(lines[i])) rows.push(cells(lines[i]));
      out.push({ kind: 'table', rows });
      continue;
    }
    const list = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (list) {
      const items: string[] = [];
      for (let m; i < lines.length && (m = list.exec(lines[i])); i++) items.push(m[1]);
      out.push({ kind: list === BULLET ? 'ul' : 'ol', items });
      continue;
    }
    const paragraph: string[] = [];
    const startsBlock = (l: string) => HEADING.test(l) || l.startsWith('|') || BULLET.test(l) || NUMBERED.test(l);
    paragraph.push(lines[i++]);
    for (; i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i]); i++) paragraph.push(lines[i]);
    out.push({ kind: 'p', lines: paragraph });
  }
  return out;
}

/** The cells of a table row: split on unescaped `|`, then unescaped. */
function cells(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim());
}

function blocks(lines: string[], base: number): ReactNode[] {
  return parse(lines).map((block, key) => {
    switch (block.kind) {
      case 'heading': {
        const level = Math.min(6, base + block.depth - 1);
        const Tag = `h${level}` as 'h3';
        return <Tag key={key}>{inline(block.text)}</Tag>;
      }
      case 'ul':
        return (
          <ul key={key}>
            {block.items.map((item, n) => (
              <li key={n}>{inline(item)}</li>
            ))}
          </ul>
        );
      case 'ol':
        return (
          <ol key={key}>
            {block.items.map((item, n) => (
              <li key={n}>{inline(item)}</li>
            ))}
          </ol>
        );
      case 'p':
        return (
          <p key={key}>
            {block.lines.map((line, n) => (
              <Fragment key={n}>
                {n > 0 && (block.lines[n - 1].endsWith('  ') ? <br /> : ' ')}
                {inline(line.trimEnd())}
              </Fragment>
            ))}
          </p>
        );
      case 'table':
        return <Table key={key} rows={block.rows} />;
    }
  });
}

/** A GitHub table; one whose header row is empty (the TD's label/value blocks) has its labels as row headers. */
function Table({ rows }: { rows: string[][] }) {
  if (rows.length === 0) return null;
  const [header, ...body] = rows;
  const labelled = header.every((c) => c === '');
  return (
    <TableWrap label="Table of the report">
      <table>
        {!labelled && (
          <thead>
            <tr>
              {header.map((c, n) => (
                <th key={n} scope="col">
                  {inline(c)}
                </th>
              ))}
            </tr>
          </thead>
        )}
        {body.length > 0 && (
          <tbody>
            {body.map((row, r) => (
              <tr key={r}>
                {row.map((c, n) =>
                  labelled && n === 0 ? (
                    <th key={n} scope="row">
                      {inline(c)}
                    </th>
                  ) : (
                    <td key={n}>{inline(c)}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        )}
      </table>
    </TableWrap>
  );
}

const INLINE = /<br\s*\/?>|\*\*(.+?)\*\*|(?<![\w\\])_(.+?)_(?!\w)|\\([\\`*_{}[\]()#+\-.!|])/g;

/** Bold, italics, `<br>` and backslash escapes; the rest as text. */
function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index;
    if (at > last) out.push(text.slice(last, at));
    if (m[1] !== undefined) out.push(<strong key={at}>{inline(m[1])}</strong>);
    else if (m[2] !== undefined) out.push(<em key={at}>{inline(m[2])}</em>);
    else if (m[3] !== undefined) out.push(m[3]);
    else out.push(<br key={at} />);
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
