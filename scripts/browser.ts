// Headless Debian Chromium through playwright-core, with the flags a container without a display needs.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './paths';
import { stopProcess } from './processGroup';
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

/**
 * The switches of Playwright's own launch that change how pages run (no throttling of hidden frames and timers), for a
 * browser this process starts itself.
 */
const PAGE_SWITCHES = [
  '--headless',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-ipc-flooding-protection',
  '--disable-hang-monitor',
  '--disable-extensions',
  '--no-default-browser-check',
  '--password-store=basic',
];

/** What closing a browser started in this session must also do: end its process, remove its profile. */
const ownedBrowsers = new WeakMap<Browser, () => Promise<void>>();

/**
 * Launches the browser; close it with `closeBrowser`. Playwright starts it in a session of its own; `inThisSession`
 * starts it in this process's session instead (and connects over CDP), as a desktop VS Code's renderers share the
 * user's session: Linux's autogroup scheduler shares the CPU between sessions before nice values count.
 */
export function launchBrowser(options: { inThisSession?: boolean } = {}): Promise<Browser> {
  if (options.inThisSession) return launchInThisSession();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS, timeout: 60_000 });
}

async function launchInThisSession(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-chromium-'));
  const child = spawn(
    CHROMIUM_PATH,
    [...FLAGS, ...PAGE_SWITCHES, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      await stopProcess(child.pid, exited);
    }
    await removeProfile(profile);
  };
  try {
    const endpoint = await withTimeout(
      new Promise<string>((resolve, reject) => {
        let said = '';
        // Read to the end: a full pipe would stall the browser.
        child.stderr.on('data', (chunk: Buffer) => {
          said = (said + chunk.toString()).slice(-4_000);
          const listening = /DevTools listening on (ws:\/\/\S+)/.exec(said);
          if (listening) resolve(listening[1]);
        });
        child.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before it listened:\n${said}`)));
      }),
      60_000,
      'Chromium to listen for DevTools',
    );
    const browser = await chromium.connectOverCDP(endpoint, { timeout: 60_000 });
    ownedBrowsers.set(browser, end);
    return browser;
  } catch (err) {
    await end();
    throw err;
  }
}

/** A page sized like a laptop screen, so screenshots are readable. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  return context.newPage();
}

/** How long a profile's removal waits for the browser's helpers to stop writing to it. */
const PROFILE_REMOVAL_MS = 30_000;

/**
 * Removes a browser profile. The browser's helper processes may still write to it after the browser exits (the
 * network service's state file, written after five seconds of retries had passed, once failed a bench run), so
 * removal retries; one that still fails leaves the folder with a warning rather than failing a run whose results
 * are measured and not yet written.
 */
async function removeProfile(profile: string): Promise<void> {
  const until = Date.now() + PROFILE_REMOVAL_MS;
  for (;;) {
    try {
      fs.rmSync(profile, { recursive: true, force: true });
      return;
    } catch (err) {
      if (Date.now() > until) {
        console.warn(`left the browser profile ${profile}: ${String(err)}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Closes the browser, bounded: a wedged browser must not hang the run. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await withTimeout(browser.close(), 15_000, 'the browser to close').catch((err: unknown) => console.warn(String(err)));
  await ownedBrowsers.get(browser)?.();
}
