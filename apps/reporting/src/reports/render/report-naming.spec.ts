import { reportFileName, reportTitle } from './report-naming.js';
import { bodyName, dateRange, studyPeriod } from './report-text.js';
import { sampleReport } from './sample-report.js';

describe('reportTitle', () => {
  it('names the group and the body meeting it reports to', () => {
    expect(reportTitle(sampleReport())).toBe(
      'Report of the Joint Correspondence Group on IoT Security (JCG-IoTSec) to the SG17 meeting, Geneva, 18-27 January 2027',
    );
  });

  it('says "Final report" for the final report', () => {
    expect(reportTitle(sampleReport({ final: true }))).toBe(
      'Final report of the Joint Correspondence Group on IoT Security (JCG-IoTSec) to the SG17 meeting, Geneva, 18-27 January 2027',
    );
  });
});

describe('reportFileName', () => {
  it('is the TD number once TSB gave one', () => {
    const numbered = sampleReport({ tdNumber: 'T25-SG17-270118-TD-GEN-0123' });
    expect(reportFileName(numbered, 'docx')).toBe('T25-SG17-270118-TD-GEN-0123.docx');
    expect(reportFileName(numbered, 'md')).toBe('T25-SG17-270118-TD-GEN-0123.md');
  });

  it('names a draft after the group, body, first day and version', () => {
    expect(reportFileName(sampleReport(), 'docx')).toBe('JCG-IoTSec-report-SG17-2027-01-18-v2-draft.docx');
    expect(reportFileName(sampleReport({ frozen: true, version: 3 }), 'md')).toBe(
      'JCG-IoTSec-report-SG17-2027-01-18-v3.md',
    );
  });

  it('keeps to safe characters', () => {
    const odd = sampleReport({
      group: { ...sampleReport().group, acronym: 'JCG/IoT Séc' },
      body: { ...sampleReport().body, body: 'TSAG' },
    });
    expect(reportFileName(odd, 'md')).toBe('JCG-IoT-Sec-report-TSAG-2027-01-18-v2-draft.md');
    expect(reportFileName(sampleReport({ tdNumber: 'TD 123 (GEN/17)' }), 'docx')).toBe('TD-123-GEN-17.docx');
    expect(reportFileName(sampleReport({ tdNumber: '../../etc/passwd' }), 'docx')).toBe('etc-passwd.docx');
  });
});

describe('the masthead words', () => {
  it.each([
    ['2027-01-18', '2027-01-27', '18-27 January 2027'],
    ['2027-01-18', '2027-01-18', '18 January 2027'],
    ['2027-01-28', '2027-02-06', '28 January - 6 February 2027'],
    ['2026-12-29', '2027-01-03', '29 December 2026 - 3 January 2027'],
  ])('dates a meeting from %s to %s as "%s"', (first, last, expected) => {
    expect(dateRange(first, last)).toBe(expected);
  });

  it('names the body and the study period', () => {
    expect(bodyName('SG17')).toBe('STUDY GROUP 17');
    expect(bodyName('TSAG')).toBe('TSAG');
    expect(studyPeriod('2027-01-18')).toBe('STUDY PERIOD 2025-2028');
    expect(studyPeriod('2028-12-01')).toBe('STUDY PERIOD 2025-2028');
    expect(studyPeriod('2029-03-01')).toBe('STUDY PERIOD 2029-2032');
  });
});
