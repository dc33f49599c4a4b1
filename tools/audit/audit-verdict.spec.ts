import { auditVerdict } from './audit-verdict';

const report = (vulnerabilities: Record<string, unknown>, counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts } },
  });

const advisory = (severity: string, url = 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc') => ({
  name: 'lib',
  severity,
  via: [{ source: 1, name: 'lib', title: 'Prototype pollution', url, severity, range: '<2.0.0' }],
});

describe('auditVerdict', () => {
  it('passes a report with no advisory', () => {
    expect(auditVerdict(report({}, {}), [])).toMatchObject({ kind: 'clean' });
  });

  it('passes low and moderate advisories, and counts them', () => {
    const verdict = auditVerdict(report({ lib: advisory('moderate') }, { moderate: 1 }), []);
    expect(verdict).toEqual({ kind: 'clean', counts: expect.objectContaining({ moderate: 1 }), accepted: [] });
  });

  it.each(['high', 'critical'])('refuses a %s advisory, naming it', (severity) => {
    expect(auditVerdict(report({ lib: advisory(severity) }, { [severity]: 1 }), [])).toEqual({
      kind: 'advisories',
      findings: [
        {
          dependency: 'lib',
          title: 'Prototype pollution',
          url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
          severity,
        },
      ],
    });
  });

  it('refuses a package whose advisory comes through a dependency (via names the package)', () => {
    const parent = { name: 'parent', severity: 'high', via: ['lib'] };
    const verdict = auditVerdict(report({ parent, lib: advisory('high') }, { high: 2 }), []);
    expect(verdict.kind).toBe('advisories');
    expect(verdict.kind === 'advisories' && verdict.findings.map((f) => f.dependency)).toEqual(['lib']);
  });

  it('passes a high advisory the project accepted, and lists it', () => {
    const url = 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc';
    const verdict = auditVerdict(report({ lib: advisory('high', url) }, { high: 1 }), [{ url, reason: 'not reached' }]);
    expect(verdict).toMatchObject({ kind: 'clean', accepted: [{ url }] });
  });

  it('says when the advisory service did not answer, rather than passing silently', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    expect(auditVerdict(refused, [])).toEqual({
      kind: 'unreachable',
      reason: expect.stringContaining('405 Method Not Allowed'),
    });
    expect(auditVerdict('', [])).toMatchObject({ kind: 'unreachable' });
  });
});
