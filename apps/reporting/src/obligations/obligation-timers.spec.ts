import { obligationTimerPlan } from './obligation-timers.js';

const obligation = { id: 'o1', groupId: 'g1', state: 'open' as const, dueDate: '2027-04-05' };
const plan = (now: string, state: 'open' | 'drafted' | 'submitted' = 'open') =>
  obligationTimerPlan({ ...obligation, state }, '2027-05-05', new Date(now)).map((p) => [
    p.key.split(':').at(-1),
    p.dueAt.toISOString(),
  ]);

describe("an obligation's timers (R6)", () => {
  it('plans the draft, the reminders at 09:00 Geneva, the first overdue notice and the start', () => {
    expect(plan('2027-01-05T10:00:00Z')).toEqual([
      ['reminder-14d', '2027-03-22T08:00:00.000Z'],
      ['reminder-3d', '2027-04-02T07:00:00.000Z'],
      ['reminder-0d', '2027-04-05T07:00:00.000Z'],
      ['compile', '2027-03-22T05:00:00.000Z'],
      ['overdue', '2027-04-06T07:00:00.000Z'],
      ['missed', '2027-05-04T22:00:00.000Z'],
    ]);
  });

  it('keeps a reminder planned again just after its instant (it has not run yet), not one long past', () => {
    expect(plan('2027-03-22T08:00:01Z', 'drafted').map(([key]) => key)).toContain('reminder-14d');
    expect(plan('2027-03-23T08:00:01Z', 'drafted').map(([key]) => key)).not.toContain('reminder-14d');
  });

  it('compiles the draft at once when opened within the 14 days, and only while open and not yet due', () => {
    expect(plan('2027-03-30T12:00:00Z')).toContainEqual(['compile', '2027-03-30T12:00:00.000Z']);
    expect(plan('2027-03-30T12:00:00Z', 'drafted').map(([key]) => key)).not.toContain('compile');
    expect(plan('2027-04-06T12:00:00Z').map(([key]) => key)).not.toContain('compile');
    expect(plan('2027-03-30T12:00:00Z', 'submitted')).toEqual([]);
  });
});
