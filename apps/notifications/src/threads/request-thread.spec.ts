import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RequestThread } from './request-thread';

/** A thread that answers `x` with `x!`, fails `fail` with a code, and never answers `hang`. */
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, request }) => {
  if (request === 'hang') return;
  if (request === 'fail') return parentPort.postMessage({ id, ok: false, error: { message: 'refused', code: 'E_NO' } });
  parentPort.postMessage({ id, ok: true, value: request + '!' });
});
`;

describe('RequestThread', () => {
  let dir: string;
  let file: string;
  const threads: RequestThread<string, string>[] = [];
  const thread = () => {
    const t = new RequestThread<string, string>({ file, name: 'test' });
    threads.push(t);
    return t;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'request-thread-'));
    file = path.join(dir, 'worker.js');
    writeFileSync(file, WORKER);
  });

  afterAll(async () => {
    await Promise.all(threads.map((t) => t.terminate()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each request with its own reply, many at once', async () => {
    const t = thread();
    expect(t.runsInThread).toBe(true);
    expect(await Promise.all(['a', 'b', 'c'].map((r) => t.ask(r)))).toEqual(['a!', 'b!', 'c!']);
  });

  it('turns a failure in the thread into an Error with its fields', async () => {
    await expect(thread().ask('fail')).rejects.toMatchObject({ message: 'refused', code: 'E_NO' });
  });

  it('stops a thread that does not answer in time: what it held fails, the next request starts a new one', async () => {
    const t = thread();
    const held = t.ask('hang');
    const stuck = t.ask('hang', 100);
    await expect(stuck).rejects.toThrow(/test thread stopped/);
    await expect(held).rejects.toThrow(/test thread stopped/);
    expect(t.running).toBe(false);
    expect(await t.ask('again')).toBe('again!');
    expect(t.running).toBe(true);
  });

  it('says it cannot run in a thread when the compiled file is not there, and starts none', () => {
    const t = new RequestThread<string, string>({ file: path.join(dir, 'missing.js'), name: 'test' });
    expect(t.runsInThread).toBe(false);
    expect(t.running).toBe(false);
  });
});
