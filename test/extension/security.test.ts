// The panel's security: a strict CSP with a fresh nonce per render, explicit resource roots, and garbage from the
// webview dropped.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import { activeExtension, closePanels, fixture, waitFor } from './helpers';

/** Renders the spec's panel and returns its HTML and resource roots. */
async function render(api: BackpropApi, spec: vscode.Uri): Promise<{ html: string; localResourceRoots: string[] }> {
  await vscode.commands.executeCommand('backprop.showPanel', spec);
  return waitFor(() => api.panelHtml(spec), { what: 'the panel', timeoutMs: 10_000 });
}

function csp(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'a CSP meta tag');
  return new Map(
    content
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
}

describe('panel security', () => {
  let api: BackpropApi;
  const spec = fixture('tiny.nn.json');
  before(async () => ({ api } = await activeExtension()));
  after(() => closePanels());

  it('renders a strict CSP whose script nonce is fresh for every render, with no inline handlers', async () => {
    const first = await render(api, spec);
    const policy = csp(first.html);
    assert.deepStrictEqual(policy.get('default-src'), ["'none'"]);
    const scripts = policy.get('script-src') ?? [];
    assert.strictEqual(scripts.length, 1, `script-src is only the nonce: ${scripts.join(' ')}`);
    assert.match(scripts[0], /^'nonce-[A-Za-z0-9+/]{22}==' *$/);
    for (const [name, values] of policy)
      assert.ok(!values.includes("'unsafe-inline'") && !values.includes("'unsafe-eval'"), `${name} allows unsafe code`);
    const nonce = scripts[0].slice("'nonce-".length, -1);
    const tags = [...first.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(
      tags.length > 0 && tags.every((t) => t.includes(`nonce="${nonce}"`) && /\ssrc="/.test(t)),
      `every script carries the nonce and is a file: ${tags.join(' ')}`,
    );
    assert.doesNotMatch(first.html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.deepStrictEqual(first.localResourceRoots.map((r) => r.split('/').slice(-1)[0]).sort(), ['dist', 'media']);
    // NOTE: a panel's tab appears a moment after the panel: close until the panel is really gone.
    await waitFor(
      async () => {
        await closePanels();
        return api.panelHtml(spec) === undefined ? true : undefined;
      },
      { what: 'the panel to close', timeoutMs: 10_000, intervalMs: 200 },
    );
    const second = await render(api, spec);
    assert.notStrictEqual(csp(second.html).get('script-src')?.[0], scripts[0], 'a new nonce for the new render');
  });

  it('drops unknown and malformed webview messages without acting or throwing', async () => {
    await vscode.commands.executeCommand('backprop.reset', spec);
    await api.whenStatus(spec, 'ready');
    const before = api.sessionFor(spec)!;
    const errors = api.errors.length;
    const since = api.messageCount;
    const garbage: unknown[] = [
      undefined,
      null,
      0,
      'train/run',
      [],
      [{ type: 'train/run' }],
      {},
      { type: 42 },
      { type: 'train/explode' },
      { type: '__proto__' },
      { type: 'constructor' },
      { type: 'toString' },
      { type: 'TRAIN/RUN' },
      { type: 'train/setLearningRate' },
      { type: 'train/setLearningRate', value: NaN },
      { type: 'train/setLearningRate', value: '0.1' },
      { type: 'train/setLearningRate', value: -0.1 },
      { type: 'train/setLearningRate', value: 0 },
      { type: 'train/setLearningRate', value: Infinity },
      { type: 'spec/reveal' },
      { type: 'spec/reveal', ref: 'layer 0' },
      { type: 'spec/reveal', ref: { layer: 1e9, kind: 'bias', row: 0 } },
      { type: 'spec/reveal', ref: { layer: -1, kind: 'bias', row: 0 } },
      { type: 'spec/reveal', ref: { layer: 0, kind: 'weight', row: 0, col: 2 ** 53 } },
      { type: 'spec/reveal', ref: { layer: 0, kind: 'weight', row: -0.5, col: 0 } },
      { type: 'spec/reveal', ref: { layer: '0', kind: 'bias', row: '0' } },
      { type: 'spec/reveal', ref: { layer: 0, kind: 'weight', row: 0 } },
      { type: 'spec/reveal', ref: { layer: 0, kind: 'gradient', row: 0 } },
      Object.create(null),
      { type: 'spec/reveal', ref: null },
    ];
    for (const raw of garbage) assert.doesNotThrow(() => api.receiveFromPanel(spec, raw), String(JSON.stringify(raw)));
    const logged = api.messagesSince(since);
    assert.deepStrictEqual(
      logged.map((m) => m.direction),
      garbage.map(() => 'rejected'),
      'each one refused, nothing routed',
    );
    await new Promise((r) => setTimeout(r, 200));
    const after = api.sessionFor(spec)!;
    assert.strictEqual(after.status, 'ready');
    assert.strictEqual(after.view.learningRate, before.view.learningRate);
    assert.strictEqual(api.errors.length, errors, 'no error shown');
  });
});
