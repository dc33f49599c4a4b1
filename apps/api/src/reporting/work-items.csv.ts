import { parse } from 'csv-parse/sync';
import { workItemInputSchema, type WorkItem, type WorkItemInput } from '@jcg/contracts';
import { csvDocument, csvValue } from '../http/csv.js';
import { HttpProblems } from '../http/problems.js';

/** The register's CSV columns; topics are separated by ";". */
export const WORK_ITEM_COLUMNS = [
  'identifier',
  'kind',
  'title',
  'studyGroup',
  'status',
  'statusDate',
  'link',
  'topics',
] as const;

export function workItemsCsv(items: readonly WorkItem[]): string {
  return csvDocument(
    WORK_ITEM_COLUMNS,
    items.map((i) => [
      i.identifier,
      i.kind,
      i.title,
      i.studyGroup,
      i.status,
      i.statusDate,
      i.link ?? '',
      i.topics.join(';'),
    ]),
  );
}

/**
 * Reads a register CSV (the columns above, in any order, with a header line): every row is
 * checked, and a file with any bad row is refused as a whole, each problem named by its line.
 */
export function parseWorkItemsCsv(text: unknown): WorkItemInput[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw HttpProblems.invalidRequest(['body: a CSV with a header line and at least one row is required']);
  }
  let records: Record<string, string>[];
  let lines: number[];
  try {
    // With `info`, each record says on which line of the file it ended (a quoted field may span lines).
    const parsed = parse(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
      info: true,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (error) {
    throw HttpProblems.invalidRequest([`body: not a readable CSV (${(error as Error).message})`]);
  }
  const header = Object.keys(records[0] ?? {});
  const missing = WORK_ITEM_COLUMNS.filter((c) => c !== 'link' && c !== 'topics' && !header.includes(c));
  const unknown = header.filter((c) => !(WORK_ITEM_COLUMNS as readonly string[]).includes(c));
  if (records.length === 0) throw HttpProblems.invalidRequest(['body: the CSV has a header line but no rows']);
  if (missing.length > 0 || unknown.length > 0) {
    throw HttpProblems.invalidRequest([
      ...missing.map((c) => `line 1: column "${c}" is missing`),
      ...unknown.map((c) => `line 1: column "${c}" is not a column of the register (${WORK_ITEM_COLUMNS.join(', ')})`),
    ]);
  }
  const issues: string[] = [];
  const items: WorkItemInput[] = [];
  records.forEach((record, index) => {
    const value = (c: string) => csvValue(record[c] ?? '');
    const result = workItemInputSchema.safeParse({
      identifier: value('identifier'),
      kind: value('kind'),
      title: value('title'),
      studyGroup: value('studyGroup'),
      status: value('status'),
      statusDate: value('statusDate'),
      link: value('link') === '' ? null : value('link'),
      topics: value('topics')
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean),
    });
    if (result.success) items.push(result.data);
    else issues.push(...result.error.issues.map((i) => `line ${lines[index]}: ${i.path.join('.')}: ${i.message}`));
  });
  if (issues.length > 0) throw HttpProblems.invalidRequest(issues);
  return items;
}
