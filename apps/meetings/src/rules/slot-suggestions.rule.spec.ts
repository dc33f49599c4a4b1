import { countZones, insideWorkingDay, slotFor, suggestSlots } from './slot-suggestions.rule.js';

/** Participants in 7 zones from UTC-8 to UTC+12:45 (Chatham), as the planner would get them. */
const PARTICIPANTS = [
  ...Array(3).fill('America/Los_Angeles'), // UTC-8 in January
  ...Array(2).fill('America/New_York'),
  ...Array(6).fill('Europe/Zurich'),
  ...Array(2).fill('Africa/Nairobi'),
  ...Array(4).fill('Asia/Kolkata'),
  ...Array(3).fill('Asia/Tokyo'),
  'Pacific/Chatham', // UTC+13:45 in January (daylight), +12:45 otherwise
];

/** An independent exhaustive search: every 15-minute start, each participant judged on their own. */
function bruteForceBest(durationMinutes: number, from: Date, to: Date): number {
  let best = -1;
  for (let t = from.getTime(); t + durationMinutes * 60_000 <= to.getTime(); t += 15 * 60_000) {
    const start = new Date(t);
    const end = new Date(t + durationMinutes * 60_000);
    const inside = PARTICIPANTS.filter((zone) => {
      const local = (d: Date) => new Date(d.toLocaleString('en-US', { timeZone: zone }));
      const s = local(start);
      const e = local(end);
      const sm = s.getHours() * 60 + s.getMinutes();
      const em = e.getHours() * 60 + e.getMinutes();
      return s.toDateString() === e.toDateString() && sm >= 420 && em <= 1320 && em > sm;
    }).length;
    best = Math.max(best, inside);
  }
  return best;
}

describe('slot suggestions (the meeting planner)', () => {
  const zones = countZones(PARTICIPANTS);

  it.each([
    [60, '2027-01-11T00:00:00Z', '2027-01-13T00:00:00Z'],
    [120, '2027-01-11T00:00:00Z', '2027-01-13T00:00:00Z'],
    [180, '2027-06-07T00:00:00Z', '2027-06-09T00:00:00Z'],
    [90, '2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z'], // Europe's DST change
  ])(
    'for %i minutes the best slot puts as many inside 07:00-22:00 as an exhaustive search finds',
    (duration, from, to) => {
      const [best] = suggestSlots({
        zones,
        durationMinutes: duration,
        from: new Date(from),
        to: new Date(to),
        limit: 3,
      });
      expect(best.inside).toBe(bruteForceBest(duration, new Date(from), new Date(to)));
      expect(best.inside).toBeGreaterThan(0);
      expect(best.endsAt.getTime() - best.startsAt.getTime()).toBe(duration * 60_000);
    },
  );

  it('counts, for every slot it suggests, the same participants inside as the exhaustive search', () => {
    const from = new Date('2027-03-26T00:00:00Z');
    const to = new Date('2027-03-30T00:00:00Z');
    const slots = suggestSlots({ zones, durationMinutes: 120, from, to, limit: 6 });
    expect(slots).toHaveLength(6);
    for (const slot of slots) {
      expect(slot.inside).toBe(bruteForceBest(120, slot.startsAt, slot.endsAt));
    }
  });

  it("follows each zone's daylight-saving change within the range", () => {
    // Zurich moves from UTC+1 to UTC+2 at 01:00 UTC on 28 March 2027: 07:00 local is then 05:00 UTC.
    const [earliest] = suggestSlots({
      zones: [{ timeZone: 'Europe/Zurich', participants: 3 }],
      durationMinutes: 60,
      from: new Date('2027-03-28T00:00:00Z'),
      to: new Date('2027-03-28T07:00:00Z'),
      limit: 1,
    });
    expect(earliest.startsAt.toISOString()).toBe('2027-03-28T05:00:00.000Z');
    expect(earliest.zones[0]).toMatchObject({ localStart: '2027-03-28 07:00', inside: true });
    expect(insideWorkingDay(new Date('2027-03-27T05:30:00Z'), new Date('2027-03-27T06:30:00Z'), 'Europe/Zurich')).toBe(
      false,
    );
    expect(insideWorkingDay(new Date('2027-03-29T05:30:00Z'), new Date('2027-03-29T06:30:00Z'), 'Europe/Zurich')).toBe(
      true,
    );
  });

  it('refuses a length that is not a whole number of quarter hours', () => {
    expect(() =>
      suggestSlots({
        zones,
        durationMinutes: 50,
        from: new Date('2027-01-11T00:00:00Z'),
        to: new Date('2027-01-12T00:00:00Z'),
        limit: 1,
      }),
    ).toThrow(/15-minute/);
  });

  it('ranks by participants inside, then by minutes outside, and suggests real alternatives', () => {
    const slots = suggestSlots({
      zones,
      durationMinutes: 60,
      from: new Date('2027-01-11T00:00:00Z'),
      to: new Date('2027-01-12T00:00:00Z'),
      limit: 4,
    });
    expect(slots).toHaveLength(4);
    for (let i = 1; i < slots.length; i++) {
      expect(
        slots[i - 1].inside > slots[i].inside ||
          (slots[i - 1].inside === slots[i].inside && slots[i - 1].outsideMinutes <= slots[i].outsideMinutes),
      ).toBe(true);
      for (let j = 0; j < i; j++) {
        expect(Math.abs(slots[i].startsAt.getTime() - slots[j].startsAt.getTime())).toBeGreaterThanOrEqual(3600_000);
      }
    }
  });

  it('says for each zone when the slot falls locally, and who has it outside the working day', () => {
    const slot = slotFor(new Date('2027-01-12T13:00:00Z'), 120, zones);
    const byZone = Object.fromEntries(slot.zones.map((z) => [z.timeZone, z]));
    expect(byZone['Europe/Zurich']).toMatchObject({
      localStart: '2027-01-12 14:00',
      localEnd: '2027-01-12 16:00',
      inside: true,
    });
    expect(byZone['America/Los_Angeles']).toMatchObject({ localStart: '2027-01-12 05:00', inside: false });
    expect(byZone['Pacific/Chatham']).toMatchObject({ localStart: '2027-01-13 02:45', inside: false });
    expect(slot.inside).toBe(6 + 2 + 2 + 4); // Zurich, New York, Nairobi, Kolkata
  });

  it('counts a meeting ending at 22:00 as inside, one crossing midnight or starting before 07:00 as outside', () => {
    expect(insideWorkingDay(new Date('2027-01-12T20:00:00Z'), new Date('2027-01-12T21:00:00Z'), 'Europe/Zurich')).toBe(
      true,
    );
    expect(insideWorkingDay(new Date('2027-01-12T20:30:00Z'), new Date('2027-01-12T21:30:00Z'), 'Europe/Zurich')).toBe(
      false,
    );
    expect(insideWorkingDay(new Date('2027-01-12T05:45:00Z'), new Date('2027-01-12T06:45:00Z'), 'Europe/Zurich')).toBe(
      false,
    );
    expect(insideWorkingDay(new Date('2027-01-12T22:30:00Z'), new Date('2027-01-13T00:30:00Z'), 'Asia/Tokyo')).toBe(
      true,
    );
  });
});
