import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it): Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  // As root (CI, this machine) Chromium needs --no-sandbox.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function seriousViolations(page: Page, name: string): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: name,
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** The browser's globals, for code run in the page (this file is compiled without the DOM's types). */
interface PageElement {
  tagName: string;
  id: string;
  className: unknown;
  textContent: string | null;
  parentElement: PageElement | null;
  getBoundingClientRect(): { right: number; width: number };
}
interface PageWindow {
  innerWidth: number;
  getComputedStyle(element: PageElement): { overflowX: string };
  document: {
    documentElement: { scrollWidth: number };
    querySelector(selector: string): unknown;
    querySelectorAll(selector: string): Iterable<PageElement>;
  };
}

/**
 * What sticks out of the window sideways (a 360 px phone would scroll): none when the page
 * fits, else the outermost elements that overflow, named for the failure message. Content that
 * scrolls inside its own box (a wide table in `.table-wrap`) does not count.
 */
export async function sidewaysOverflow(page: Page): Promise<string[]> {
  // A function, not a string: the console's CSP forbids eval, and the tests run under it.
  return page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    if (w.document.documentElement.scrollWidth <= w.innerWidth + 1) return [];
    const name = (e: PageElement) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.split(' ').join('.')}` : ''} "${(e.textContent ?? '').trim().slice(0, 40)}" (${Math.round(e.getBoundingClientRect().width)} px)`;
    const clipped = (e: PageElement): boolean => {
      for (let p = e.parentElement; p; p = p.parentElement)
        if (w.getComputedStyle(p).overflowX !== 'visible') return p.getBoundingClientRect().right <= w.innerWidth + 1;
      return false;
    };
    return [...w.document.querySelectorAll('main *, header *')]
      .filter((e) => e.getBoundingClientRect().right > w.innerWidth + 1 && !clipped(e))
      .slice(0, 5)
      .map(name);
  });
}

/** Waits until nothing on the page is still loading (`aria-busy`). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !(globalThis as unknown as PageWindow).document.querySelector('[aria-busy="true"]'));
}
