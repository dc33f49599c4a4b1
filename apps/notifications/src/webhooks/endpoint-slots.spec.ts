import { EndpointSlots } from './endpoint-slots.js';

describe('EndpointSlots', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('grants up to the limit at once, per endpoint', async () => {
    const slots = new EndpointSlots(2, 0);
    expect(await slots.acquire('a')).toBe(true);
    expect(await slots.acquire('a')).toBe(true);
    expect(await slots.acquire('a')).toBe(false);
    expect(await slots.acquire('b')).toBe(true);
    expect(slots.inUse('a')).toBe(2);
  });

  it('hands a released slot to the worker waiting longest', async () => {
    const slots = new EndpointSlots(2, 1000);
    await slots.acquire('a');
    await slots.acquire('a');
    const order: string[] = [];
    const first = slots.acquire('a').then((granted) => order.push(`first ${granted}`));
    const second = slots.acquire('a').then((granted) => order.push(`second ${granted}`));
    slots.release('a');
    await first;
    expect(order).toEqual(['first true']);
    expect(slots.inUse('a')).toBe(2);
    slots.release('a');
    await second;
    expect(order).toEqual(['first true', 'second true']);
    slots.release('a');
    slots.release('a');
    expect(slots.inUse('a')).toBe(0);
  });

  it('tells a waiting worker no when no slot frees in time, and lets no more than the limit wait', async () => {
    const slots = new EndpointSlots(1, 1000);
    await slots.acquire('a');
    const waiting = slots.acquire('a');
    expect(await slots.acquire('a')).toBe(false); // a second waiter: over the limit of waiters
    jest.advanceTimersByTime(1000);
    expect(await waiting).toBe(false);
    slots.release('a');
    expect(slots.inUse('a')).toBe(0);
    expect(await slots.acquire('a')).toBe(true);
  });
});
