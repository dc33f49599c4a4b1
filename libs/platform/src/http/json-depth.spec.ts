import { MAX_JSON_DEPTH, exceedsJsonDepth } from './json-depth.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('exceedsJsonDepth', () => {
  it('lets through a body nested exactly to the limit, and refuses one level more', () => {
    expect(exceedsJsonDepth(bytes(nested(MAX_JSON_DEPTH)))).toBe(false);
    expect(exceedsJsonDepth(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
  });

  it('counts objects and arrays alike, and depth, not the number of brackets', () => {
    expect(exceedsJsonDepth(bytes('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(exceedsJsonDepth(bytes('[' + '[],'.repeat(1000) + '[]]'), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ title: '[[[[{{{{' })), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ title: 'say \\"[[[[\\" "[[[[' })), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ a: '\\' })), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ a: '\\', b: [[1]] })), 2)).toBe(true);
  });

  it('reads UTF-8 text with characters outside ASCII', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ 名前: ['Zoë 🚀 [[[['] })), 2)).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ 名前: [['Zoë 🚀']] })), 2)).toBe(true);
  });

  it('scans a body of a megabyte of brackets quickly', () => {
    const started = Date.now();
    expect(exceedsJsonDepth(bytes(nested(512 * 1024)))).toBe(true);
    expect(exceedsJsonDepth(bytes('[' + '1,'.repeat(500_000) + '1]'))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
