// The rewrite that gives the bench's panel a process of its own: the workbench may frame the webviews' sites, and its
// configuration sends each webview to a localhost subdomain the webview's page accepts; anything else is refused.
import * as assert from 'assert';
import { pageWithWebviewsOnLocalhost, policyFramingWebviews } from '../../../scripts/webviewSite';

const POLICY =
  "default-src 'self'; child-src 'self'; frame-src 'self' https://*.vscode-cdn.net data:; worker-src 'self' data: blob:;";

/** A workbench page as code-server writes it: its configuration HTML-escaped in a meta element. */
function page(settings: Record<string, unknown>): string {
  const escaped = JSON.stringify(settings).replace(/"/g, '&quot;');
  return `<html><head><meta id="vscode-workbench-web-configuration" data-settings="${escaped}"></head></html>`;
}

/** The configuration a rewritten page gives the workbench. */
function settingsOf(html: string): Record<string, unknown> {
  const value = /data-settings="([^"]*)"/.exec(html)?.[1] ?? '';
  return JSON.parse(value.replace(/&quot;/g, '"')) as Record<string, unknown>;
}

describe('scripts/webviewSite', () => {
  it("adds the webviews' sites to frame-src and leaves every other directive as it was", () => {
    const moved = policyFramingWebviews(POLICY, 4321);
    assert.strictEqual(
      moved,
      "default-src 'self'; child-src 'self'; frame-src 'self' http://*.localhost:4321 https://*.vscode-cdn.net " +
        "data:; worker-src 'self' data: blob:;",
    );
  });

  it('refuses a policy without a frame-src to extend', () => {
    assert.strictEqual(policyFramingWebviews("default-src 'self';", 4321), undefined);
  });

  it('points the webview endpoint at a {{uuid}} subdomain of localhost, keeping its path and the other settings', () => {
    const html = page({
      remoteAuthority: '127.0.0.1:4321',
      webviewEndpoint: './stable-abc/static/out/vs/workbench/contrib/webview/browser/pre',
      serverBasePath: '/',
    });
    const moved = pageWithWebviewsOnLocalhost(html, 'http://127.0.0.1:4321/?folder=%2Ftmp%2Fw', 4321);
    assert.ok(moved);
    assert.deepStrictEqual(settingsOf(moved), {
      remoteAuthority: '127.0.0.1:4321',
      webviewEndpoint: 'http://{{uuid}}.localhost:4321/stable-abc/static/out/vs/workbench/contrib/webview/browser/pre',
      serverBasePath: '/',
    });
  });

  it('resolves an endpoint relative to a page served below a base path', () => {
    const html = page({ webviewEndpoint: '../static/pre' });
    const moved = pageWithWebviewsOnLocalhost(html, 'http://127.0.0.1:9/base/sub/', 9);
    assert.strictEqual(settingsOf(moved ?? '').webviewEndpoint, 'http://{{uuid}}.localhost:9/base/static/pre');
  });

  it('refuses a page that names no webview endpoint', () => {
    assert.strictEqual(pageWithWebviewsOnLocalhost(page({ serverBasePath: '/' }), 'http://127.0.0.1:9/', 9), undefined);
  });
});
