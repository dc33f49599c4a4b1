import { secretariatsFrom } from './secretariats.js';

describe('secretariat addresses per body', () => {
  it("defaults to TSB's address of the body", () => {
    const of = secretariatsFrom({});
    expect(of('SG17')).toBe('tsbsg17@itu.int');
    expect(of('TSAG')).toBe('tsbtsag@itu.int');
  });

  it('takes the configured ones first', () => {
    const of = secretariatsFrom({ SECRETARIAT_EMAILS: 'SG17=sg17-reports@example.org, TSAG=tsag@example.org' });
    expect(of('SG17')).toBe('sg17-reports@example.org');
    expect(of('TSAG')).toBe('tsag@example.org');
    expect(of('SG20')).toBe('tsbsg20@itu.int');
  });

  it('refuses an entry it cannot read', () => {
    expect(() => secretariatsFrom({ SECRETARIAT_EMAILS: 'SG17:someone' })).toThrow(/SECRETARIAT_EMAILS/);
  });
});
