import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The console shows names, titles and agenda items people typed, so it relies on React's
 * escaping: no source may write HTML or run text as code, and a link built from stored data
 * may only take an address its contract checked (https join details, http(s) register links).
 */
const ROOT = __dirname;
const SINKS =
  /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(/;
/** `href={...}` whose value is not a path the console builds itself: each is named with the check that makes it safe. */
const CHECKED_HREFS: Record<string, string> = {
  'item.link': 'work item links: http(s) only (workItemInputSchema)',
  'meeting.joinDetails.url': 'join details: https only (joinDetailsSchema)',
  "url.replace(/^https?:/, 'webcal:')": 'the feed address the API made',
  feed: 'a path the page built',
  csv: 'a path the page built',
  href: 'a parameter of the link component',
};

/** A path the console builds from ids: `/groups/${groupId}...`, or a report's base path. */
const BUILT_PATH = /^(`\/|`\$\{base\(|groupId \? `\/)/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.(spec|d)\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('the console escapes what people typed', () => {
  const files = sources(ROOT).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

  it('reads the console sources (the checks below look at something)', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => /href=\{/.test(f.text))).toBe(true);
  });

  it('never writes raw HTML or runs text', () => {
    expect(files.filter((f) => SINKS.test(f.text)).map((f) => f.path)).toEqual([]);
    expect(SINKS.test('<div dangerouslySetInnerHTML={{ __html: title }} />')).toBe(true);
  });

  it('takes a link from stored data only where its contract checked the address', () => {
    const unchecked = files.flatMap((f) =>
      [...f.text.matchAll(/href=\{([^}]*)\}/g)]
        .map((m) => m[1].trim())
        .filter((value) => !BUILT_PATH.test(value) && !(value in CHECKED_HREFS))
        .map((value) => `${f.path}: href={${value}}`),
    );
    expect(unchecked).toEqual([]);
  });
});
