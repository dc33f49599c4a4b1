import { roleAfterAppointments } from './convenor.rule.js';
import { isEligible, qualifyingStudyGroups, statusWhenEligibility } from './eligibility.rule.js';
import { requiredStatusFor, torTransition } from './tor-lifecycle.rule.js';

describe('R1 eligibility', () => {
  it('qualifies through any shared study group', () => {
    expect(qualifyingStudyGroups(['SG17', 'SG20'], ['SG13', 'SG20'])).toEqual(['SG20']);
    expect(isEligible(['SG17', 'SG20'], ['SG20'])).toBe(true);
    expect(isEligible(['SG17', 'SG20'], ['SG13'])).toBe(false);
    expect(isEligible(['SG17', 'SG20'], [])).toBe(false);
  });

  it('suspends and restores, but never brings back someone who left', () => {
    expect(statusWhenEligibility('active', false)).toBe('suspended');
    expect(statusWhenEligibility('suspended', true)).toBe('active');
    expect(statusWhenEligibility('active', true)).toBe('active');
    expect(statusWhenEligibility('left', true)).toBe('left');
    expect(statusWhenEligibility('left', false)).toBe('left');
  });
});

describe('R7 ToR lifecycle', () => {
  it('goes draft -> sent -> approved or declined, and nothing else', () => {
    expect(torTransition('draft', 'send')).toBe('sent');
    expect(torTransition('sent', 'approve')).toBe('approved');
    expect(torTransition('sent', 'decline')).toBe('declined');
    expect(torTransition('draft', 'approve')).toBeNull();
    expect(torTransition('approved', 'send')).toBeNull();
    expect(torTransition('declined', 'approve')).toBeNull();
    expect(requiredStatusFor('approve')).toBe('sent');
  });
});

describe('R2 co-convenors', () => {
  it('is a co-convenor while holding an appointment', () => {
    expect(roleAfterAppointments(1)).toBe('co-convenor');
    expect(roleAfterAppointments(2)).toBe('co-convenor');
    expect(roleAfterAppointments(0)).toBe('participant');
  });
});
