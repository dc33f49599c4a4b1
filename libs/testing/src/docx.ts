import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';

/**
 * Reads a Word document as its reader would: word/document.xml parsed with an XML parser into
 * its top-level paragraphs (with their style) and tables (rows of cell texts), in order.
 */
/** A node of fast-xml-parser's `preserveOrder` tree: `{ [tag]: children, ':@'?: attributes }`. */
export type XmlNode = Record<string, unknown>;

export interface ParagraphBlock {
  kind: 'paragraph';
  style: string | null;
  text: string;
  /** Every run with text is italic. */
  italic: boolean;
}
export interface TableBlock {
  kind: 'table';
  /** Each cell's paragraphs joined by "\n". */
  rows: string[][];
}
export type Block = ParagraphBlock | TableBlock;

export const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

export const tagOf = (node: XmlNode): string => Object.keys(node).find((key) => key !== ':@') ?? '';
export const childrenOf = (node: XmlNode): XmlNode[] => {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
};
export const xmlAttribute = (node: XmlNode, name: string): string | undefined =>
  (node[':@'] as Record<string, string> | undefined)?.[`@_${name}`];
export const xmlChild = (node: XmlNode, tag: string): XmlNode | undefined =>
  childrenOf(node).find((n) => tagOf(n) === tag);

/** The text of a run or paragraph: w:t texts, w:br as "\n", w:tab as "\t". */
export function xmlText(node: XmlNode): string {
  const tag = tagOf(node);
  if (tag === '#text') return String(node['#text']);
  if (tag === 'w:br') return '\n';
  if (tag === 'w:tab' && childrenOf(node).length === 0) return '\t';
  if (tag === 'w:pPr' || tag === 'w:rPr') return '';
  return childrenOf(node).map(xmlText).join('');
}

function paragraph(node: XmlNode): ParagraphBlock {
  const properties = xmlChild(node, 'w:pPr');
  const style = properties ? xmlChild(properties, 'w:pStyle') : undefined;
  const textRuns = childrenOf(node).filter((n) => tagOf(n) === 'w:r' && xmlText(n).length > 0);
  return {
    kind: 'paragraph',
    style: style ? (xmlAttribute(style, 'w:val') ?? null) : null,
    text: xmlText(node),
    italic:
      textRuns.length > 0 &&
      textRuns.every((run) => {
        const runProperties = xmlChild(run, 'w:rPr');
        return runProperties !== undefined && xmlChild(runProperties, 'w:i') !== undefined;
      }),
  };
}

function table(node: XmlNode): TableBlock {
  return {
    kind: 'table',
    rows: childrenOf(node)
      .filter((row) => tagOf(row) === 'w:tr')
      .map((row) =>
        childrenOf(row)
          .filter((cell) => tagOf(cell) === 'w:tc')
          .map((cell) =>
            childrenOf(cell)
              .filter((n) => tagOf(n) === 'w:p')
              .map(xmlText)
              .join('\n'),
          ),
      ),
  };
}

export async function partOf(docx: Buffer, path: string): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const file = zip.file(path);
  if (!file) throw new Error(`${path} is not in the package`);
  return file.async('string');
}

/** The body of word/document.xml as its top-level paragraphs and tables, in order. */
export async function blocksOf(docx: Buffer): Promise<Block[]> {
  const tree = xmlParser.parse(await partOf(docx, 'word/document.xml')) as XmlNode[];
  const document = tree.find((node) => tagOf(node) === 'w:document');
  const body = document && xmlChild(document, 'w:body');
  if (!body) throw new Error('no w:body');
  return childrenOf(body).flatMap((node): Block[] => {
    switch (tagOf(node)) {
      case 'w:p':
        return [paragraph(node)];
      case 'w:tbl':
        return [table(node)];
      default:
        return [];
    }
  });
}

export const tables = (blocks: Block[]) => blocks.filter((block): block is TableBlock => block.kind === 'table');
export const headings = (blocks: Block[], style = 'Heading1') =>
  blocks.filter((block): block is ParagraphBlock => block.kind === 'paragraph' && block.style === style);

/** The blocks under a Heading 1 whose text ends with `title`, up to the next Heading 1. */
export function section(blocks: Block[], title: string): Block[] {
  const start = blocks.findIndex(
    (block) => block.kind === 'paragraph' && block.style === 'Heading1' && block.text.endsWith(title),
  );
  if (start < 0) throw new Error(`no section "${title}"`);
  const rest = blocks.slice(start + 1);
  const end = rest.findIndex((block) => block.kind === 'paragraph' && block.style === 'Heading1');
  return end < 0 ? rest : rest.slice(0, end);
}
