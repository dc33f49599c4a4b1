import { overlapMatrix, type MatrixItem } from './overlap-matrix.rule.js';

const topics = [
  { key: 'device-identity', name: 'Device identity' },
  { key: 'secure-update', name: 'Secure update' },
  { key: 'pki', name: 'PKI' },
  { key: 'lightweight-crypto', name: 'Lightweight cryptography' },
  { key: 'data-protection', name: 'Data protection' },
  { key: 'smart-city-security', name: 'Smart city security' },
];

const item = (identifier: string, studyGroup: string, topicKeys: string[], status = 'in-force'): MatrixItem => ({
  identifier,
  studyGroup,
  status,
  topics: topicKeys,
});

/** 12 items over 6 topics: three overlaps, one gap, two topics in one SG only. */
const register: MatrixItem[] = [
  item('Q6/17', 'SG17', ['device-identity', 'pki', 'secure-update'], 'under-study'),
  item('X.1361', 'SG17', ['device-identity']),
  item('X.509', 'SG17', ['pki']),
  item('X.1362', 'SG17', ['lightweight-crypto']),
  item('X.iotsec-4', 'SG17', ['secure-update'], 'under-study'),
  item('X.1365', 'SG17', ['pki']),
  item('Q16/20', 'SG20', ['device-identity', 'data-protection'], 'under-study'),
  item('Y.4806', 'SG20', ['device-identity']),
  item('Y.4807', 'SG20', ['secure-update']),
  item('Y.4459', 'SG20', ['data-protection']),
  item('Y.4500', 'SG20', ['pki'], 'withdrawn'),
  item('Y.IoT-sec-city', 'SG20', ['data-protection'], 'under-study'),
];

describe('the overlap and gap matrix (objective b)', () => {
  const matrix = overlapMatrix(topics, register, ['SG20', 'SG17']);
  const row = (key: string) => matrix.rows.find((r) => r.topic.key === key)!;

  it('has the group study groups as columns, in SG order, and one row per topic', () => {
    expect(matrix.studyGroups).toEqual(['SG17', 'SG20']);
    expect(matrix.rows.map((r) => r.topic.name)).toEqual([
      'Data protection',
      'Device identity',
      'Lightweight cryptography',
      'PKI',
      'Secure update',
      'Smart city security',
    ]);
  });

  it('marks a topic with items in two study groups as an overlap', () => {
    expect(row('device-identity')).toMatchObject({
      overlap: true,
      gap: false,
      items: { SG17: ['Q6/17', 'X.1361'], SG20: ['Q16/20', 'Y.4806'] },
    });
    expect(row('secure-update')).toMatchObject({ overlap: true, gap: false });
  });

  it('leaves withdrawn items out: PKI is SG17 only once Y.4500 is withdrawn', () => {
    expect(row('pki')).toMatchObject({
      overlap: false,
      gap: false,
      items: { SG17: ['Q6/17', 'X.509', 'X.1365'], SG20: [] },
    });
  });

  it('marks a topic no study group works on as a gap', () => {
    expect(row('smart-city-security')).toMatchObject({ overlap: false, gap: true, items: { SG17: [], SG20: [] } });
    expect(row('lightweight-crypto')).toMatchObject({ overlap: false, gap: false });
    expect(row('data-protection')).toMatchObject({ overlap: false, gap: false, items: { SG17: [] } });
  });

  it('adds a column for an item of a study group outside the group', () => {
    const wider = overlapMatrix(topics, [...register, item('X.1080', 'SG9', ['pki'])], ['SG17', 'SG20']);
    expect(wider.studyGroups).toEqual(['SG9', 'SG17', 'SG20']);
    expect(wider.rows.find((r) => r.topic.key === 'pki')).toMatchObject({ overlap: true });
  });
});
