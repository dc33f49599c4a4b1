import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@jcg/testing';
import type { CapturedMessage } from '../../tools/mail-sink/mail-sink';
import { startDrillSystem, type DrillSystem } from '../drills/drill-system';
import { findPart, parseMime, textOf } from '../support/mime';
import { launchChromium, seriousViolations, settled, sidewaysOverflow } from './browser';
import { fairnessOf } from '../../apps/console/src/time/fairness';
import { consoleScene, type ConsoleScene } from './console-scene';

const IMAGES = path.resolve(__dirname, '../../docs/images');
const DAY = 24 * 3600_000;

/** The day `days` from now (UTC), as the planner's date input takes it. */
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/**
 * The console end to end, in Debian's Chromium against every service as a process: two
 * co-convenors plan, concur, announce and move a meeting; the mail sink counts what went out; a
 * participant finds the meeting and their calendar feed; every page passes axe-core.
 */
describe('the web console in a real browser', () => {
  let env: TestEnvironment;
  let system: DrillSystem;
  let browser: Browser;
  let scene: ConsoleScene;
  let api: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment('console');
    system = await startDrillSystem(env);
    api = system.drill.url('api');
    scene = await consoleScene(system.cast, system.http);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await system?.stop();
    await env?.cleanup();
  });

  async function newPage(width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, baseURL: api });
    contexts.push(context);
    return context.newPage();
  }

  const mailsTo = (address: string, after = 0): CapturedMessage[] =>
    system.sink.messages.slice(after).filter((m) => m.envelopeTo.includes(address.toLowerCase()));

  /** Signs in the way a person does: asks for a link, takes it from the mail sink, presses the button. */
  async function signIn(page: Page, email: string): Promise<void> {
    const before = system.sink.messages.length;
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByRole('button', { name: 'Mail me a sign-in link' }).click();
    await page.getByRole('status').filter({ hasText: 'sign-in link is on its way' }).waitFor();
    const mail = await waitFor(() => mailsTo(email, before)[0], `the sign-in mail to ${email}`);
    const link = /(https?:\/\/\S+\/sign-in#token=[A-Za-z0-9_-]{43})/.exec(
      textOf(findPart(parseMime(mail.raw), 'text/plain')!),
    )?.[1];
    expect(link).toBeDefined();
    await page.goto(`/sign-in${new URL(link!).hash}`);
    await page.getByRole('button', { name: 'Sign in on this browser' }).click();
    await page.waitForURL(`**/groups/${scene.group.id}`);
  }

  /** axe-core on the page as it is, and the same page at 360 px: nothing serious, nothing wider than the phone. */
  async function checkPage(page: Page, name: string): Promise<void> {
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await settled(page);
    expect(await seriousViolations(page, name)).toEqual([]);
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: 360, height: 800 });
    expect({ page: name, overflowing: await sidewaysOverflow(page) }).toEqual({ page: name, overflowing: [] });
    // At 360 px wide tables scroll in their own region: it must be reachable by keyboard.
    expect(await seriousViolations(page, `${name} at 360 px`)).toEqual([]);
    await page.setViewportSize(size);
  }

  async function screenshot(page: Page, file: string): Promise<void> {
    mkdirSync(IMAGES, { recursive: true });
    await page.screenshot({ path: path.join(IMAGES, file), fullPage: true });
  }

  let meetingUrl: string;
  const title = 'IoT security: quarterly e-meeting';

  it('a co-convenor signs in through the mailed link and sees the group at a glance', async () => {
    const ana = await newPage();
    await signIn(ana, scene.ana.email);
    await ana.getByRole('heading', { level: 1, name: new RegExp(scene.group.acronym) }).waitFor();
    await expectText(ana.getByTestId('participant-count'), String(2 + scene.people.length));
    await ana.getByRole('heading', { name: 'Co-convenors' }).waitFor();
    await ana.getByRole('main').getByText(scene.ana.name).waitFor();
    // Whose session this is, always in sight (a link someone else mailed would sign in as them).
    await ana.getByRole('banner').getByText(`${scene.ana.name} (co-convenor)`).waitFor();
    await checkPage(ana, 'group home');

    // The planner: a slot 20 days ahead at 12:00 UTC, shown in UTC, Geneva and every zone of the group.
    await ana.getByRole('link', { name: 'Planner' }).click();
    await ana.getByRole('heading', { level: 1 }).waitFor();
    await ana.getByLabel('Title').fill(title);
    await ana.getByLabel('Date (UTC)').fill(dayFromNow(20));
    await ana.getByLabel('Start time (UTC)').selectOption('12:00');
    await ana.getByLabel('Join URL').fill('https://meet.example.org/cg-ui');
    // The strip counts as the planner's rule does, for this very slot and these nine people.
    const zones = [scene.ana, scene.bo, ...scene.people].map((p) => p.timeZone);
    const inside = fairnessOf(`${dayFromNow(20)}T12:00:00.000Z`, 60, zones).inside;
    await ana.getByText(`${inside} of 9 participants inside 07:00`).waitFor();
    for (const city of ['Los Angeles', 'Chatham', 'Geneva']) await ana.getByText(city).first().waitFor();
    // Suggestions for the week after: the API's best times, each ready to use.
    const finder = ana.getByRole('form', { name: 'Find good times' });
    await finder.getByLabel('From').fill(dayFromNow(14));
    await finder.getByLabel('To').fill(dayFromNow(20));
    await finder.getByRole('button', { name: 'Find good times' }).click();
    await ana.getByRole('button', { name: /^Use / }).first().waitFor();
    await checkPage(ana, 'planner');
    await screenshot(ana, 'console-planner.png');
    await ana.getByRole('button', { name: 'Propose meeting' }).click();
    await ana.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    meetingUrl = new URL(ana.url()).pathname;
    const proposed = await system.http.get<{ startsAt: string; endsAt: string; joinDetails: { url: string } }>(
      `/v1${meetingUrl}`,
      system.cast.adminKey,
    );
    expect(proposed.body).toMatchObject({
      startsAt: `${dayFromNow(20)}T12:00:00.000Z`,
      endsAt: `${dayFromNow(20)}T13:00:00.000Z`,
      joinDetails: { url: 'https://meet.example.org/cg-ui' },
    });
    await ana.getByRole('heading', { level: 1, name: title }).waitFor();
    await checkPage(ana, 'meeting');
  });

  it('the other co-convenor concurs in a second browser; the first announces; the list and every invite arrive', async () => {
    const bo = await newPage();
    await signIn(bo, scene.bo.email);
    await bo.goto(meetingUrl);
    await bo.getByRole('button', { name: 'Concur' }).click();
    await bo.getByRole('button', { name: 'Concur' }).waitFor({ state: 'detached' });

    const ana = await newPage();
    await signIn(ana, scene.ana.email);
    await ana.goto(meetingUrl);
    const before = system.sink.messages.length;
    await ana.getByRole('button', { name: 'Announce now' }).click();
    await waitForValue(async () => (await ana.getByTestId('meeting-state').textContent())?.trim() === 'announced');

    const everyone = [scene.ana, scene.bo, ...scene.people];
    await waitFor(
      () =>
        mailsTo(scene.group.mailingList, before).length >= 1 &&
        everyone.every((p) => mailsTo(p.email, before).some((m) => m.raw.includes('text/calendar'))),
      'the list announcement and an invite for each participant',
      60_000,
    );
    for (const p of everyone) {
      const invite = mailsTo(p.email, before).find((m) => m.raw.includes('text/calendar'))!;
      expect(invite.raw).toContain('METHOD:REQUEST');
    }

    // The delivery summary, then a move: the updated invites go out and the summary rises.
    const deliveries = ana.getByRole('region', { name: 'Deliveries' });
    const sent = async () => Number((await deliveries.getByTestId('deliveries-sent').textContent())?.trim());
    await waitForValue(async () => {
      await deliveries.getByRole('button', { name: 'Refresh' }).click();
      return (await sent()) >= everyone.length;
    });
    const sentBeforeMove = await sent();
    const beforeMove = system.sink.messages.length;
    await ana.getByRole('button', { name: 'Move' }).click();
    await ana.getByLabel('New date (UTC)').fill(dayFromNow(21));
    await ana.getByLabel('New start time (UTC)').selectOption('13:00');
    await ana.getByRole('button', { name: 'Save new time' }).click();
    await waitFor(
      () => everyone.every((p) => mailsTo(p.email, beforeMove).some((m) => m.raw.includes('text/calendar'))),
      'an updated invite for each participant',
      60_000,
    );
    await waitForValue(async () => {
      await deliveries.getByRole('button', { name: 'Refresh' }).click();
      return (await sent()) >= sentBeforeMove + everyone.length;
    });
    await checkPage(ana, 'meeting, announced and moved');
    await ana.getByRole('link', { name: 'Home', exact: true }).click();
    await ana.getByRole('link', { name: title }).waitFor();
    await ana.getByRole('link', { name: new RegExp(scene.bodyMeeting) }).waitFor();
    await settled(ana);
    await screenshot(ana, 'console-home.png');
  });

  it('a participant signs in, finds the meeting on their page, and their calendar feed address', async () => {
    const person = scene.people[0];
    const page = await newPage();
    await signIn(page, person.email);
    await page.getByRole('link', { name: 'My page' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('link', { name: title }).waitFor();
    await page.getByRole('button', { name: /feed/i }).first().click();
    const feed = page.getByLabel('My calendar feed address');
    await waitForValue(async () => /\/v1\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/.test(await feed.inputValue()));
    const ics = await fetch(await feed.inputValue());
    expect(ics.status).toBe(200);
    const text = (await ics.text()).replace(/\r\n[ \t]/g, '');
    // The meeting as it was moved: the day 21 days ahead, 13:00 UTC.
    expect(text).toContain(`SUMMARY:${scene.group.acronym}: ${title}`);
    expect(text).toContain(`DTSTART:${dayFromNow(21).replace(/-/g, '')}T130000Z`);
    await checkPage(page, 'my page');
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    // A participant sees the meeting, but none of a co-convenor's actions.
    expect(await page.getByRole('button', { name: 'Edit agenda', exact: true }).isDisabled()).toBe(true);
    for (const action of ['Move', 'Cancel meeting', 'Concur'])
      expect({ action, shown: await page.getByRole('button', { name: action, exact: true }).count() }).toEqual({
        action,
        shown: 0,
      });
  });

  it('every other page passes axe-core and fits a 360 px screen', async () => {
    const ana = await newPage();
    await signIn(ana, scene.ana.email);
    for (const [name, link] of [
      ['reports', 'Reports'],
      ['register', 'Register'],
      ['administration', 'Administration'],
      ['my page (co-convenor)', 'My page'],
    ] as const) {
      await ana.getByRole('link', { name: link, exact: true }).click();
      await checkPage(ana, name);
    }
    // The report the group owes (R6), from the list of reports.
    await ana.getByRole('link', { name: 'Reports', exact: true }).click();
    await ana
      .getByRole('link', { name: new RegExp(scene.bodyMeeting) })
      .first()
      .click();
    await checkPage(ana, 'report');

    // An administrator signs in with their key, chooses the group and opens its administration.
    const admin = await newPage();
    await admin.goto('/sign-in');
    await checkPage(admin, 'sign-in');
    await admin.getByText('Administrators: sign in with an API key').click();
    await admin.getByLabel('API key').fill(system.cast.adminKey);
    await admin.getByRole('button', { name: 'Sign in with the key' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    await checkPage(admin, 'groups');
    await admin.getByRole('link', { name: new RegExp(scene.group.acronym) }).click();
    await admin.getByRole('link', { name: 'Administration', exact: true }).click();
    await admin.getByRole('heading', { name: 'API keys' }).first().waitFor();
    await checkPage(admin, 'administration (administrator)');
  });

  it('the OpenAPI explorer renders under its content security policy', async () => {
    const page = await newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto('/docs');
    await page.waitForSelector('.opblock', { timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
    expect(blocked).toEqual([]);
  });

  async function expectText(locator: ReturnType<Page['getByTestId']>, text: string) {
    await waitForValue(async () => (await locator.textContent())?.trim() === text);
  }
});

/** Polls a condition of the page (a count that rises after Refresh) for up to 30 s. */
async function waitForValue(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('The page never showed the expected value');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
