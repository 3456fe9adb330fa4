// UI tests: a user trains the XOR example from the command palette and inspects it in the panel and the editor.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { waitFor } from '../../scripts/wait';
import { useWorkbench } from './fixture';
import { screenshot } from './screenshots';

const SPEC = 'xor.nn.json';
/** The first weight the example writes out (hidden unit 0, from x1) and the line holding the hidden layer's weights. */
const FIRST_WEIGHT = '0.5';
const HIDDEN_WEIGHTS = '"weights": [[0.5, -0.4], [0.3, 0.8], [-0.6, 0.1]],';
/** xor.nn.json trains 3000 epochs of one full batch. */
const TOTAL_STEPS = 3000;

/** The leading step number of a readout like `12 / 3000`. */
function stepOf(text: string | undefined): number {
  return Number.parseInt(text ?? '', 10);
}

/** A readout or hover number (`0.6931`, `-1.234e-5`), NaN when it is not one. */
function numberOf(text: string | undefined): number {
  return text !== undefined && /^-?\d/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

describe('Training XOR in the workbench', function () {
  // NOTE: VS Code for the Web saves after a delay by default (files.autoSave "afterDelay"); the desktop default is
  // "off", as here, so a write-back stays an unsaved edit (a dirty tab) until undone.
  const fixture = useWorkbench(SPEC, { '.vscode/settings.json': '{ "files.autoSave": "off" }' });
  /** The loss of the first step, at the spec's own weights. */
  let initialLoss = Number.NaN;

  it('steps once from the palette and shows the first loss in the panel', async () => {
    const { workbench } = fixture;
    await workbench.openFromExplorer(SPEC);
    await workbench.runCommand('Backprop: Show Panel');
    await workbench.webviewText('.status-pill', (t) => t === 'no session');
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Step');
    const readout = await workbench.readout(
      (r) => stepOf(r['step']) === 1 && Number.isFinite(numberOf(r['loss'])),
      'step 1 with a loss',
    );
    initialLoss = numberOf(readout['loss']);
    // Binary cross-entropy of sigmoid outputs near 0.5 on XOR: about ln 2.
    assert.ok(initialLoss > 0.5 && initialLoss < 1, `the first loss is ${initialLoss}`);
  });

  it('trains from the palette until done, and the loss falls', async () => {
    const { workbench } = fixture;
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Train');
    // Any step past the first, then the end of the run: the readout and the status both say so.
    await workbench.readout((r) => stepOf(r['step']) > 1, 'a step past the first');
    await workbench.webviewText('.status-pill', (t) => t === 'done');
    const readout = await workbench.readout((r) => stepOf(r['step']) === TOTAL_STEPS, `step ${TOTAL_STEPS}`);
    const finalLoss = numberOf(readout['loss']);
    assert.ok(Number.isFinite(finalLoss), `the final loss reads "${readout['loss']}"`);
    assert.ok(finalLoss < initialLoss / 10, `the loss fell from ${initialLoss} to only ${finalLoss}`);
    // The loss chart has data now (its placeholder is hidden and uPlot drew its canvas).
    await workbench.webview().locator('.training .chart .chart-body canvas').first().waitFor({ timeout: 10_000 });
  });

  it('runs a gradient check from the palette and shows the verdict', async () => {
    const { workbench } = fixture;
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Gradient Check');
    const verdict = await workbench.webviewText('.check-summary .verdict', (t) => t.length > 0);
    assert.strictEqual(verdict, 'good', `the verdict of a sigmoid network's gradient check is "${verdict}"`);
    const summary = await workbench.webviewText('.check-summary', (t) => t.includes('parameters checked'));
    assert.match(summary, /13 of 13 parameters checked/);
    assert.match(summary, /0 mismatches/);
    const rows = await workbench.webview().locator('.gradcheck-table tbody tr').count();
    assert.strictEqual(rows, 13, `the table lists ${rows} parameters`);
  });

  it('shows the gradient of the weight under the mouse', async () => {
    const { workbench } = fixture;
    // The gradient check's toast would sit in the screenshot.
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.page
      .locator('.notifications-toasts .notification-toast')
      .first()
      .waitFor({ state: 'hidden', timeout: 10_000 });
    await workbench.focusEditor(SPEC);
    const text = await workbench.hover(FIRST_WEIGHT, 'gradient:');
    assert.match(text, /hidden\.weights\[0\]\[0\]/);
    const gradient = /gradient: (\S+) at step (\d+)/.exec(text);
    assert.ok(gradient, `the hover reads: ${text}`);
    assert.ok(Number.isFinite(numberOf(gradient[1])), `the gradient reads "${gradient[1]}"`);
    assert.strictEqual(Number(gradient[2]), TOTAL_STEPS);
    // Trained, the weight is no longer the file's, and the gradient check's row for it is there too.
    assert.match(text, /value: \S+ \(in the file: 0\.5\)/);
    assert.match(text, /gradient check: numerical \S+, backprop \S+, relative error \S+ ✓/);
    await screenshot(workbench.page, 'hover', { docs: true });
    await workbench.page.keyboard.press('Escape');
    await workbench.page.mouse.move(0, 0);
    await workbench.page.locator('.monaco-hover:visible').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('shows the trained panel in a light and a dark theme', async () => {
    const { workbench } = fixture;
    const page = workbench.page;
    const panel = page.locator('iframe.webview.ready');
    const original = page.viewportSize();
    // As tall as the whole panel (header, network, charts, decision boundary, step view, the check's verdict).
    const panelHeight = await workbench
      .webview()
      .locator('body')
      .evaluate(() => document.documentElement.scrollHeight);
    const frameTop = (await panel.boundingBox())?.y ?? 0;
    await page.setViewportSize({ width: 1400, height: Math.min(4000, Math.ceil(frameTop + panelHeight + 60)) });
    try {
      await waitFor(
        () =>
          workbench
            .webview()
            .locator('body')
            .evaluate(
              () => document.documentElement.scrollHeight <= document.documentElement.clientHeight || undefined,
            ),
        { what: 'the panel to fit its frame', timeoutMs: 10_000 },
      );
      await page.locator('.monaco-workbench.vs').waitFor({ timeout: 10_000 });
      await workbench.webview().locator('body.vscode-light').waitFor({ timeout: 10_000 });
      await workbench.webviewText('.check-summary .verdict', (t) => t === 'good');
      await screenshot(panel, 'panel-light', { docs: true });
      await workbench.panelRebuiltAfter(() => workbench.colorTheme('Dark Modern', 'dark'));
      await workbench.webview().locator('body.vscode-dark').waitFor({ timeout: 10_000 });
      await workbench.webviewText('.check-summary .verdict', (t) => t === 'good');
      await screenshot(panel, 'panel-dark', { docs: true });
    } finally {
      if (original) await page.setViewportSize(original);
    }
  });

  it('writes the trained weights into the spec as one edit that undo takes back', async () => {
    const { workbench } = fixture;
    const onDisk = (): string => fs.readFileSync(path.join(fixture.workspace, SPEC), 'utf8');
    const saved = onDisk();
    await workbench.focusEditor(SPEC);
    assert.deepStrictEqual((await workbench.editorLines('"weights"'))[0]?.trim(), HIDDEN_WEIGHTS);
    await workbench.runCommand('Backprop: Write Weights to Spec');
    const dirty = workbench.page.locator(`.tabs-container .tab.dirty[aria-label^="${SPEC}"]`);
    await dirty.waitFor({ timeout: 20_000 });
    const written = (await workbench.editorLines('"weights"'))[0]?.trim() ?? '';
    assert.notStrictEqual(written, HIDDEN_WEIGHTS);
    assert.match(written, /^"weights": \[\[-?\d/, `the hidden layer's weights now read: ${written}`);
    assert.ok(!written.startsWith('"weights": [[0.5,'), `the first weight is still 0.5: ${written}`);
    assert.strictEqual(onDisk(), saved, 'the write-back saved the file: it should only edit it');
    await screenshot(workbench.page, 'written-weights');

    await workbench.focusEditor(SPEC);
    await workbench.page.keyboard.press('Control+Z');
    await dirty.waitFor({ state: 'hidden', timeout: 20_000 });
    assert.strictEqual((await workbench.editorLines('"weights"'))[0]?.trim(), HIDDEN_WEIGHTS);
    assert.strictEqual(onDisk(), saved);
  });
});
