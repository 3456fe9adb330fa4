// Serves the workbench's webviews from another site than the workbench, as VS Code desktop (vscode-webview://) and
// vscode.dev ({{uuid}}.vscode-cdn.net) do. code-server serves them from the workbench's own origin, so Chromium runs
// a panel in the workbench's renderer process and every draw of it delays the workbench (hovers, typing); on another
// site, site isolation gives the panel a process of its own, as on the desktop. "*.localhost" and "127.0.0.1" are two
// sites of one server.
import type { Page } from 'playwright-core';

/**
 * The workbench page's Content-Security-Policy with the webviews' sites added to frame-src (it lets the page frame
 * its own origin only), or undefined when it has no frame-src to extend.
 */
export function policyFramingWebviews(policy: string, port: number): string | undefined {
  if (!policy.includes("frame-src 'self'")) return undefined;
  return policy.replace("frame-src 'self'", `frame-src 'self' http://*.localhost:${port}`);
}

/**
 * The workbench page with its webview endpoint (in the configuration its first script reads, a meta element's
 * HTML-escaped JSON) on a subdomain of localhost per webview: the webview's own page accepts an origin other than its
 * parent's only when its host name starts with the hash of the parent's origin, which the workbench puts for
 * {{uuid}}. Undefined when the page names no endpoint.
 */
export function pageWithWebviewsOnLocalhost(html: string, pageUrl: string, port: number): string | undefined {
  const endpoint = /(&quot;webviewEndpoint&quot;:&quot;)(.*?)(&quot;)/;
  if (!endpoint.test(html)) return undefined;
  return html.replace(endpoint, (_, open: string, value: string, close: string) => {
    const { pathname } = new URL(value, pageUrl);
    return `${open}http://{{uuid}}.localhost:${port}${pathname}${close}`;
  });
}

/**
 * Serves `page`'s workbench (from 127.0.0.1:`port`) with its webviews on another site. Chromium must run without its
 * local network access checks (scripts/browser.ts): a page fulfilled by a route has no address space of its own.
 */
export async function webviewsOnAnotherSite(page: Page, port: number): Promise<void> {
  await page.route(
    (url) => url.host === `127.0.0.1:${port}` && url.pathname === '/' && !url.searchParams.has('reconnectionToken'),
    async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      const policy = policyFramingWebviews(headers['content-security-policy'] ?? '', port);
      const body = pageWithWebviewsOnLocalhost(await response.text(), route.request().url(), port);
      if (!policy || !body) throw new Error('the workbench page has no frame-src or webview endpoint to move');
      await route.fulfill({
        status: response.status(),
        headers: { 'content-type': headers['content-type'] ?? 'text/html', 'content-security-policy': policy },
        body,
      });
    },
  );
}
