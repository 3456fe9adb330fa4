// Headless Debian Chromium through playwright-core, with the flags a container without a display needs.
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './paths';
import { withTimeout } from './wait';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // A workbench page served through page.route (scripts/webviewSite.ts) has no address space of its own, and Chromium's
  // local network access checks would then block its WebSocket to the loopback server.
  '--disable-features=LocalNetworkAccessChecks',
];

/** Launches the browser; close it with `closeBrowser`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS, timeout: 60_000 });
}

/** A page sized like a laptop screen, so screenshots are readable. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  return context.newPage();
}

/** Closes the browser, bounded: a wedged browser must not hang the run. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await withTimeout(browser.close(), 15_000, 'the browser to close').catch((err: unknown) => console.warn(String(err)));
}
