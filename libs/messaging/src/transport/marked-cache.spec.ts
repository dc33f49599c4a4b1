import { MarkedCache } from './marked-cache';

describe('MarkedCache', () => {
  let now = 0;
  const cache = () => new MarkedCache<string>({ maxEntries: 2, ttlMs: 1000, now: () => now });

  beforeEach(() => (now = 0));

  it('gives a copy back while the mark it was kept with has not moved', () => {
    const c = cache();
    c.set('a', 'm1', 'A');
    expect(c.get('a', 'm1')).toBe('A');
    expect(c.get('b', 'm1')).toBeUndefined();
  });

  it('drops a copy once the mark moved, even if it moves back', () => {
    const c = cache();
    c.set('a', 'm1', 'A');
    expect(c.get('a', 'm2')).toBeUndefined();
    expect(c.get('a', 'm1')).toBeUndefined();
  });

  it('neither keeps nor gives anything when the mark is unknown (Redis could not say)', () => {
    const c = cache();
    c.set('a', null, 'A');
    expect(c.size).toBe(0);
    c.set('a', 'm1', 'A');
    expect(c.get('a', null)).toBeUndefined();
  });

  it('keeps a copy no longer than its TTL, whatever the mark says', () => {
    const c = cache();
    c.set('a', 'm1', 'A');
    now = 999;
    expect(c.get('a', 'm1')).toBe('A');
    now = 1000;
    expect(c.get('a', 'm1')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the one stored longest ago', () => {
    const c = cache();
    c.set('a', 'm', 'A');
    c.set('b', 'm', 'B');
    c.set('a', 'm', 'A2'); // stored again: now the newest
    c.set('c', 'm', 'C');
    expect(c.size).toBe(2);
    expect(c.get('b', 'm')).toBeUndefined();
    expect(c.get('a', 'm')).toBe('A2');
    expect(c.get('c', 'm')).toBe('C');
  });

  it('holds at most maxWeight together, dropping the oldest, and never a copy heavier than that', () => {
    const c = new MarkedCache<string>({ maxEntries: 10, maxWeight: 10, weigh: (v) => v.length, now: () => now });
    c.set('a', 'm', 'aaaa');
    c.set('b', 'm', 'bbbb');
    expect(c.totalWeight).toBe(8);
    c.set('c', 'm', 'cccc'); // 12 > 10: the oldest goes
    expect(c.get('a', 'm')).toBeUndefined();
    expect(c.totalWeight).toBe(8);
    c.set('b', 'm', 'b'); // stored again, lighter
    expect(c.totalWeight).toBe(5);
    c.set('d', 'm', 'd'.repeat(11));
    expect(c.get('d', 'm')).toBeUndefined();
    expect(c.totalWeight).toBe(5);
    expect(c.get('c', 'm2')).toBeUndefined(); // dropped on a moved mark: its weight with it
    expect(c.totalWeight).toBe(1);
  });
});
