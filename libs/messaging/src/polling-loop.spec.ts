import { CommitSignal } from './commit-signal.js';
import { IDLE_BACKOFF, PollingLoop, nextPause } from './polling-loop.js';

describe('the pause between polling rounds', () => {
  const options = { intervalMs: 200, batchSize: 100, idleBackoff: IDLE_BACKOFF };

  it('goes on at once after a full batch, and waits intervalMs after a round that found some', () => {
    expect(nextPause(options, 100, 800)).toBe(0);
    expect(nextPause(options, 3, 800)).toBe(200);
  });

  it('doubles while rounds find nothing, up to IDLE_BACKOFF times intervalMs', () => {
    const pauses: number[] = [];
    let pause = 0;
    for (let i = 0; i < 6; i++) pauses.push((pause = nextPause(options, 0, pause)));
    expect(pauses).toEqual([200, 400, 800, 1000, 1000, 1000]);
    expect(IDLE_BACKOFF * options.intervalMs).toBe(1000);
  });

  it('does not grow without idleBackoff (a loop nobody wakes, e.g. RELAY_WAKE_ON_COMMIT=0)', () => {
    expect(nextPause({ intervalMs: 200, batchSize: 100 }, 0, 200)).toBe(200);
  });
});

describe('PollingLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('polls less and less while idle, and a wake-up runs a round at once and starts the pauses over', async () => {
    const rounds: number[] = [];
    const loop = new PollingLoop('test loop', () => Promise.resolve(rounds.push(Date.now()) && 0), {
      intervalMs: 100,
      batchSize: 10,
      idleBackoff: IDLE_BACKOFF,
    });
    const t0 = Date.now();
    loop.start();
    await jest.advanceTimersByTimeAsync(2000);
    // At 0, then after 100, 200, 400, 500, 500 ... ms: 6 rounds in 2 s, where a fixed 100 ms made 20.
    expect(rounds.map((t) => t - t0)).toEqual([0, 100, 300, 700, 1200, 1700]);
    loop.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(rounds.length).toBe(7);
    await jest.advanceTimersByTimeAsync(100);
    expect(rounds.length).toBe(8);
    await loop.stop();
  });

  it('keeps polling every intervalMs while rounds find work', async () => {
    let n = 0;
    const loop = new PollingLoop('test loop', () => Promise.resolve(++n && 1), {
      intervalMs: 100,
      batchSize: 10,
      idleBackoff: IDLE_BACKOFF,
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(1000);
    expect(n).toBe(11);
    await loop.stop();
  });

  it('woken on commit: a signal runs a round at once and lets the pause grow; with the signal off it stays', async () => {
    const roundsIn2s = async (signal: CommitSignal) => {
      let n = 0;
      const loop = new PollingLoop('test loop', () => Promise.resolve(++n && 0), { intervalMs: 100, batchSize: 10 });
      loop.wakeOn(signal);
      loop.start();
      await jest.advanceTimersByTimeAsync(2000);
      const idle = n;
      signal.notify();
      await jest.advanceTimersByTimeAsync(0);
      await loop.stop();
      return { idle, woken: n - idle };
    };
    expect(await roundsIn2s(new CommitSignal(true))).toEqual({ idle: 6, woken: 1 });
    expect(await roundsIn2s(new CommitSignal(false))).toEqual({ idle: 21, woken: 0 });
  });
});
