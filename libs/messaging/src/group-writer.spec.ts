import { GroupWriter } from './group-writer.js';

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A writer whose writes end when the test says, succeeding or failing. */
function writerWith(retry: (group: string[]) => string[] = (group) => group) {
  const writes: { group: string[]; end: (ok: boolean) => void }[] = [];
  const written: string[][] = [];
  const writer = new GroupWriter<string, number>({
    write: (group) =>
      new Promise<number>((resolve, reject) =>
        writes.push({ group, end: (ok) => (ok ? resolve(group.length) : reject(new Error('Postgres is away'))) }),
      ),
    written: (group, count) => {
      expect(count).toBe(group.length);
      written.push(group);
    },
    failed: (group) => retry(group),
    retryMs: 10,
  });
  const end = async (ok = true) => {
    writes.shift()!.end(ok);
    await flush();
  };
  return { writer, writes, written, end };
}

describe('GroupWriter', () => {
  it('writes one group at a time: what is pushed during a write goes in the next, all of it', async () => {
    const w = writerWith();
    w.writer.push('a');
    w.writer.push('b');
    w.writer.push('c');
    expect(w.writes.map((x) => x.group)).toEqual([['a']]);
    expect(w.writer.size).toBe(3);
    await w.end();
    expect(w.written).toEqual([['a']]);
    expect(w.writes.map((x) => x.group)).toEqual([['b', 'c']]);
    expect(w.writer.size).toBe(2);
    await w.end();
    expect(w.written).toEqual([['a'], ['b', 'c']]);
    expect(w.writer.size).toBe(0);
    await w.writer.drained();
  });

  it('tries again, after its pause and ahead of what came since, what a failed write hands back', async () => {
    const w = writerWith((group) => group.filter((x) => x !== 'lost'));
    w.writer.push('first');
    w.writer.push('a');
    w.writer.push('lost');
    await w.end();
    expect(w.writes.map((x) => x.group)).toEqual([['a', 'lost']]);
    await w.end(false);
    // Handed back: 'a'; let go: 'lost'.
    expect(w.writer.size).toBe(1);
    w.writer.push('b');
    expect(w.writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(w.writes.map((x) => x.group)).toEqual([['a', 'b']]);
    await w.end();
    expect(w.written).toEqual([['first'], ['a', 'b']]);
  });
});
