import { utf8Excerpt } from './utf8-excerpt.js';

describe('utf8Excerpt', () => {
  it('keeps text that fits as it is', () => {
    expect(utf8Excerpt(Buffer.from('{"ok":true}'), 1024)).toBe('{"ok":true}');
    expect(utf8Excerpt(Buffer.alloc(0), 1024)).toBe('');
  });

  it('cuts at the byte limit without splitting a character', () => {
    const text = 'ab€€'; // € is 3 bytes: 2 + 3 + 3 = 8 bytes
    expect(utf8Excerpt(Buffer.from(text), 8)).toBe('ab€€');
    expect(utf8Excerpt(Buffer.from(text), 7)).toBe('ab€');
    expect(utf8Excerpt(Buffer.from(text), 5)).toBe('ab€');
    expect(utf8Excerpt(Buffer.from(text), 4)).toBe('ab');
    expect(utf8Excerpt(Buffer.from('😀😀'), 6)).toBe('😀');
    expect(utf8Excerpt(Buffer.from('abc'), 0)).toBe('');
  });

  it('never returns more UTF-8 bytes than the limit, even for invalid input', () => {
    const invalid = Buffer.from([0xff, 0xfe, 0xfd, 0xfc]);
    const excerpt = utf8Excerpt(invalid, 4);
    expect(Buffer.byteLength(excerpt)).toBeLessThanOrEqual(4);
    expect(excerpt).toBe('\uFFFD');
  });
});
