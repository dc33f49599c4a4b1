import { rosterCsv } from './roster.csv.js';

describe('rosterCsv', () => {
  it('writes a header and one line per participant, quoting where needed', () => {
    expect(
      rosterCsv([
        {
          name: 'Ana Silva',
          email: 'ana@example.org',
          organization: 'ACME, Inc.',
          role: 'participant',
          timeZone: 'Europe/Lisbon',
        },
        {
          name: 'Bo "B" Chen',
          email: 'bo@example.org',
          organization: 'Uni',
          role: 'co-convenor',
          timeZone: 'Asia/Shanghai',
        },
      ]),
    ).toBe(
      'name,email,organization,role,timeZone\r\n' +
        'Ana Silva,ana@example.org,"ACME, Inc.",participant,Europe/Lisbon\r\n' +
        '"Bo ""B"" Chen",bo@example.org,Uni,co-convenor,Asia/Shanghai\r\n',
    );
  });

  it('never lets a cell start a spreadsheet formula', () => {
    const csv = rosterCsv([
      { name: '=HYPERLINK("x")', email: 'e@example.org', organization: '@org', role: 'observer', timeZone: 'UTC' },
    ]);
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",e@example.org,"'@org",observer,UTC`);
  });
});
