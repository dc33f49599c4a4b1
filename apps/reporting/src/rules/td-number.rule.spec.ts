import { tdNumberProblem } from './td-number.rule.js';

describe("a TD number names the report's body and meeting", () => {
  const meeting = { body: 'SG17', firstDay: '2027-01-18' };

  it('accepts the number of that meeting', () => {
    expect(tdNumberProblem('T25-SG17-270118-TD-GEN-0123', meeting)).toBeNull();
    expect(tdNumberProblem('T25-TSAG-270505-TD-GEN-0007', { body: 'TSAG', firstDay: '2027-05-05' })).toBeNull();
  });

  it('refuses another body, another meeting, or another form', () => {
    expect(tdNumberProblem('T25-SG20-270118-TD-GEN-0123', meeting)).toBe('it names SG20, and the report is to SG17');
    expect(tdNumberProblem('T25-SG17-270119-TD-GEN-0123', meeting)).toContain('starts 2027-01-18 (270118)');
    expect(tdNumberProblem('TD 123', meeting)).toContain('not written as TSB writes');
  });
});
