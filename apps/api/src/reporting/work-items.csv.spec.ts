import { RemoteError } from '@jcg/messaging';
import type { WorkItem } from '@jcg/contracts';
import { parseWorkItemsCsv, workItemsCsv } from './work-items.csv.js';

const item = (over: Partial<WorkItem>): WorkItem => ({
  id: '0195f2a0-0000-7000-8000-000000000001',
  groupId: '0195f2a0-0000-7000-8000-000000000002',
  kind: 'recommendation',
  identifier: 'X.1361',
  title: 'Security framework for the Internet of things',
  studyGroup: 'SG17',
  status: 'in-force',
  statusDate: '2018-09-07',
  link: 'https://www.itu.int/rec/T-REC-X.1361',
  topics: ['device-identity', 'pki'],
  version: 1,
  updatedAt: '2026-11-29T10:00:00.000Z',
  ...over,
});

const problemOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RemoteError) return (error.problem.extensions?.issues as string[]) ?? [];
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('the register as CSV', () => {
  it('writes a header and one line per item; a formula is neutralised, and read back as written', () => {
    const csv = workItemsCsv([
      item({}),
      item({ identifier: 'X.iotsec-4', kind: 'draft', title: '=HYPERLINK("x")', link: null, topics: [] }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('identifier,kind,title,studyGroup,status,statusDate,link,topics');
    expect(lines[1]).toBe(
      'X.1361,recommendation,Security framework for the Internet of things,SG17,in-force,2018-09-07,https://www.itu.int/rec/T-REC-X.1361,device-identity;pki',
    );
    expect(lines[2]).toBe(`X.iotsec-4,draft,"'=HYPERLINK(""x"")",SG17,in-force,2018-09-07,,`);
    const back = parseWorkItemsCsv(csv);
    expect(back[1]).toMatchObject({ identifier: 'X.iotsec-4', title: '=HYPERLINK("x")', link: null, topics: [] });
    expect(back[0]).toMatchObject({ identifier: 'X.1361', topics: ['device-identity', 'pki'] });
  });

  it('refuses the whole file, naming each bad line', () => {
    const csv = [
      'identifier,kind,title,studyGroup,status,statusDate,link,topics',
      'X.1361,recommendation,Fine,SG17,in-force,2018-09-07,,',
      'X.iotsec-4,recommendation,Wrong kind,SG17,under-study,2026-01-01,,',
      'Q6/17,question,Wrong SG,SG20,under-study,2026-01-01,,',
      'Y.4806,recommendation,Bad date,SG20,in-force,2026-13-01,,',
    ].join('\n');
    const issues = problemOf(() => parseWorkItemsCsv(csv));
    expect(issues).toEqual([
      expect.stringMatching(/^line 3: identifier: "X.iotsec-4" is not written as a recommendation/),
      expect.stringMatching(/^line 4: identifier: "Q6\/17" is a Question of SG17, not of SG20/),
      expect.stringMatching(/^line 5: statusDate: /),
    ]);
  });

  it('names the line a bad record is on, when a quoted title spans lines', () => {
    const csv = [
      'identifier,kind,title,studyGroup,status,statusDate,link,topics',
      'X.1361,recommendation,"A title',
      'on two lines",SG17,in-force,2018-09-07,,',
      'X.1362,recommendation,Bad status,SG17,lost,2018-09-07,,',
    ].join('\n');
    expect(problemOf(() => parseWorkItemsCsv(csv))).toEqual([expect.stringMatching(/^line 4: status: /)]);
  });

  it('names missing and unknown columns', () => {
    expect(problemOf(() => parseWorkItemsCsv('identifier,kind,colour\nX.1361,recommendation,red\n'))).toEqual(
      expect.arrayContaining([
        'line 1: column "title" is missing',
        expect.stringContaining('column "colour" is not a column'),
      ]),
    );
    expect(problemOf(() => parseWorkItemsCsv(''))).toEqual([expect.stringContaining('a CSV with a header line')]);
  });
});
