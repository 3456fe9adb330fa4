// A code-server and a headless browser page on it, started together and always stopped together.
import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, newPage } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import type { TestHost } from './testHost';

export interface Session {
  server: CodeServer;
  browser: Browser;
  page: Page;
  /** Closes the browser, then stops the server's process group; safe to call twice. */
  close(): Promise<void>;
}

/** Starts both; if the browser fails to start, the server is stopped before the error propagates. */
export async function startSession(host: TestHost, workspace: string, options: CodeServerOptions): Promise<Session> {
  const server = await startCodeServer(host, workspace, options);
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await closeBrowser(browser);
    await server.stop();
  };
  try {
    browser = await launchBrowser({ inThisSession: options.inThisSession });
    const page = await newPage(browser);
    return { server, browser, page, close };
  } catch (err) {
    await close();
    throw err;
  }
}
