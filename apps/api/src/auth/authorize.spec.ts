import type { Principal } from '@jcg/contracts';
import { isAllowed } from './authorize.js';

const G = '0196d3e2-0000-7000-8000-00000000000a';
const OTHER = '0196d3e2-0000-7000-8000-00000000000b';
const P = '0196d3e2-0000-7000-8000-0000000000a1';
const K = '0196d3e2-0000-7000-8000-0000000000ff';

const participant = (overrides: Partial<Extract<Principal, { kind: 'participant' }>> = {}): Principal => ({
  kind: 'participant',
  keyId: K,
  participantId: P,
  groupId: G,
  role: 'participant',
  status: 'active',
  ...overrides,
});

describe('isAllowed', () => {
  it('lets admin and TSB through only where named', () => {
    expect(isAllowed({ kind: 'admin', keyId: K }, ['admin'], {})).toBe(true);
    expect(isAllowed({ kind: 'admin', keyId: K }, ['tsb'], {})).toBe(false);
    expect(isAllowed({ kind: 'integrator', keyId: K, integrator: 'tsb' }, ['tsb'], {})).toBe(true);
    expect(isAllowed({ kind: 'integrator', keyId: K, integrator: 'tsb' }, ['admin', 'member'], { groupId: G })).toBe(
      false,
    );
  });

  it('scopes members and co-convenors to their own group', () => {
    expect(isAllowed(participant(), ['member'], { groupId: G })).toBe(true);
    expect(isAllowed(participant(), ['member'], { groupId: OTHER })).toBe(false);
    expect(isAllowed(participant(), ['convenor'], { groupId: G })).toBe(false);
    expect(isAllowed(participant({ role: 'co-convenor' }), ['convenor'], { groupId: G })).toBe(true);
    expect(isAllowed(participant({ role: 'co-convenor' }), ['convenor'], { groupId: OTHER })).toBe(false);
  });

  it('lets a participant act on themselves only', () => {
    expect(isAllowed(participant(), ['self'], { groupId: G, participantId: P })).toBe(true);
    expect(isAllowed(participant(), ['self'], { groupId: G, participantId: K })).toBe(false);
  });

  it('refuses a suspended participant everything group-scoped (R1), but knows who they are', () => {
    const suspended = participant({ status: 'suspended', role: 'co-convenor' });
    expect(isAllowed(suspended, ['member', 'convenor', 'self'], { groupId: G, participantId: P })).toBe(false);
    expect(isAllowed(suspended, ['anyone'], {})).toBe(true);
  });
});
