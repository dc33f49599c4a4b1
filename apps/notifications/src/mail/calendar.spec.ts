import { readFileSync } from 'node:fs';
import * as ical from 'node-ical';
import { calendarText } from './calendar.js';

const event = {
  uid: '0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c@meetings.jcg',
  sequence: 3,
  method: 'REQUEST' as const,
  startsAt: new Date('2026-12-15T09:00:00Z'),
  endsAt: new Date('2026-12-15T11:00:00Z'),
  stamp: new Date('2026-12-01T08:30:00Z'),
  summary: 'JCG-IoTSec: demarcation',
  description:
    'A long description that goes on and on so that the writer has to fold it over more than one line of the file.',
  location: 'https://meetings.example.int/j/1',
  url: 'https://meetings.example.int/j/1',
  organizer: { name: 'JCG-IoTSec', email: 'jcgiotsec@lists.itu.int' },
  attendees: [{ name: 'Ana Silva', email: 'ana@example.org' }],
  cancelled: false,
};

describe('calendarText', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('writes instants in UTC with Z whatever the process zone, and the UID and SEQUENCE it is given', () => {
    for (const tz of ['Europe/Berlin', 'Asia/Tokyo', 'America/Los_Angeles']) {
      process.env.TZ = tz;
      const text = calendarText([event], 'REQUEST').replace(/\r\n[ \t]/g, '');
      expect(text).toMatch(/^DTSTART:20261215T090000Z$/m);
      expect(text).toMatch(/^DTEND:20261215T110000Z$/m);
      expect(text).toMatch(/^DTSTAMP:20261201T083000Z$/m);
      expect(text).toMatch(/^UID:0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c@meetings\.jcg$/m);
      expect(text.match(/^SEQUENCE:3$/gm)).toHaveLength(1);
      expect(text.match(/^METHOD:REQUEST$/gm)).toHaveLength(1);
      expect(text).not.toMatch(/TZID/);
    }
  });

  it('parses back with an independent parser', () => {
    const parsed = Object.values(ical.sync.parseICS(calendarText([{ ...event, cancelled: true }], 'CANCEL'))).filter(
      (c): c is ical.VEvent => c?.type === 'VEVENT',
    );
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({
      uid: event.uid,
      status: 'CANCELLED',
      summary: event.summary,
      description: event.description,
    });
    expect(new Date(parsed[0].start as Date).toISOString()).toBe('2026-12-15T09:00:00.000Z');
  });

  it('keeps hostile names and titles inside their value: one event, each address as given', () => {
    const text = calendarText(
      [
        {
          ...event,
          summary: 'x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:evil',
          organizer: { name: 'Eve "x":MAILTO:evil@example.com', email: 'eve@example.org' },
          attendees: [
            { name: 'a"b:MAILTO:evil@example.com', email: 'ana@example.org' },
            { name: 'x\r\nATTENDEE:MAILTO:evil@example.com', email: 'bo@example.org' },
          ],
        },
      ],
      'REQUEST',
    );
    const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    // A quoted CN holds no DQUOTE: the address after it is the one given.
    const addresses = lines
      .filter((l) => /^(ATTENDEE|ORGANIZER)[;:]/.test(l))
      .map((l) => /^[A-Z]+(?:;[A-Z-]+=(?:"[^"]*"|[^;:"]*))*:(.*)$/.exec(l)?.[1]?.toLowerCase());
    expect(addresses).toEqual(['mailto:eve@example.org', 'mailto:ana@example.org', 'mailto:bo@example.org']);
    expect(lines.join('\n')).toContain('CN="a\'b:MAILTO:evil@example.com"');
    expect(lines.join('\n')).not.toMatch(/^(ATTENDEE|SUMMARY):MAILTO|^SUMMARY:evil/m);
  });

  it('folds every line at 75 octets without splitting a character, and unfolds to the text given', () => {
    // Accents (2 octets), CJK (3) and emoji (4, a surrogate pair) at every offset of the fold.
    const description = Array.from({ length: 40 }, (_, i) => `${'x'.repeat(i % 7)}é漢😀`).join(' ');
    const text = calendarText([{ ...event, description }], 'REQUEST');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).not.toContain('\uFFFD');
    const [parsed] = Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT');
    expect(parsed.description).toBe(description);
  });

  it('runs the writer with our patch applied (patches/: its line folding made one TextEncoder per character)', () => {
    // The patch changes no output (the test above), only the cost: without it, npm ci skipped our
    // postinstall, and a fan-out spends about 0.9 ms per invite folding lines instead of 0.1.
    const installed = readFileSync(require.resolve('ical-generator'), 'utf8');
    expect(installed).not.toContain('new TextEncoder().encode(i)');
    expect(installed).toContain('l.encoder??=new TextEncoder');
  });
});
