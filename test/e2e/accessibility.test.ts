// UI test: axe-core's WCAG 2.1 A/AA audit of the panel finds nothing serious or critical, in the light, dark and
// both high-contrast themes, in every state a learner meets.
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import { waitFor } from '../../scripts/wait';
import { announced, listen } from './announcements';
import { describeViolations, panelFrame, seriousViolations } from './axe';
import { useWorkbench } from './fixture';
import { DIVERGING_SPEC, ENDLESS_SPEC, WIDE_SPEC, writeTestSpecs } from './specs';
import type { ThemeKind, Workbench } from './workbench';
import { MIN_GAP_MS, PROGRESS_GAP_MS } from '../../webview/views/announcer';

const THEMES: { label: string; kind: ThemeKind }[] = [
  { label: 'Light Modern', kind: 'light' },
  { label: 'Dark Modern', kind: 'dark' },
  { label: 'Dark High Contrast', kind: 'high-contrast' },
  { label: 'Light High Contrast', kind: 'high-contrast-light' },
];

/** Every canvas of the panel without a role or an accessible name, described by its class. */
function unnamedCanvases(frame: Frame): Promise<string[]> {
  return frame.evaluate(() =>
    Array.from(document.querySelectorAll('canvas'))
      .filter((c) => !c.getAttribute('role') || !c.getAttribute('aria-label')?.trim())
      .map((c) => `canvas.${c.className || '(no class)'} role=${c.getAttribute('role')}`),
  );
}

/** The accessible name of the panel's canvas matching `selector`. */
function canvasLabel(frame: Frame, selector: string): Promise<string> {
  return frame
    .locator(selector)
    .first()
    .evaluate((c) => c.getAttribute('aria-label') ?? '');
}

/** Waits until the live region has said something matching `pattern` since `listen`; returns all it said. */
async function heard(frame: Frame, pattern: RegExp): Promise<string> {
  return waitFor(
    async () => {
      const all = (await announced(frame)).map((a) => a.text).join(' | ');
      return pattern.test(all) ? all : undefined;
    },
    { what: `an announcement matching ${pattern}`, timeoutMs: 15_000 },
  );
}

describe('The panel passes a WCAG 2.1 AA audit', function () {
  this.timeout(5 * 60_000);
  const fixture = useWorkbench('xor.nn.json');
  /** The workbench starts in the light theme. */
  let current: ThemeKind = 'light';

  /** What the panel said in its console (it warns there when it must ignore a message). */
  const panelLog: string[] = [];

  before(() => {
    writeTestSpecs(fixture.workspace);
    fixture.workbench.page.on('console', (m) => {
      if (m.text().includes('Backprop panel')) panelLog.push(m.text());
    });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && panelLog.length > 0)
      console.log(`The panel's console:\n${panelLog.join('\n')}`);
    panelLog.length = 0;
  });

  /** Audits the panel in each theme (the current one first, so each state switches theme twice). */
  async function auditEveryTheme(workbench: Workbench, state: string): Promise<void> {
    const order = [...THEMES].sort((a, b) => Number(b.kind === current) - Number(a.kind === current));
    const failures: string[] = [];
    for (const theme of order) {
      if (theme.kind !== current) {
        await workbench.panelRebuiltAfter(() => workbench.colorTheme(theme.label, theme.kind));
        current = theme.kind;
      }
      const violations = await seriousViolations(await panelFrame(workbench.page));
      if (violations.length > 0) failures.push(`${theme.label}:\n${describeViolations(violations)}`);
    }
    assert.ok(failures.length === 0, `Serious or critical violations ${state}:\n${failures.join('\n')}`);
  }

  /** Closes every editor, then opens `spec` with its panel beside it (one panel on screen). */
  async function openAlone(workbench: Workbench, spec: string): Promise<void> {
    await workbench.runCommand('View: Close All Editors');
    await workbench.page.locator('.editor-instance').first().waitFor({ state: 'detached', timeout: 20_000 });
    await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 20_000 });
    await workbench.runCommand('Backprop: Open Network Spec…');
    await workbench.pick(spec, spec);
    // A panel's first load in a fresh workbench can take a while on a busy machine.
    await workbench.webview().locator('h1.spec-name').waitFor({ timeout: 60_000 });
    await workbench.focusEditor(spec);
  }

  it('with no session yet', async () => {
    const { workbench } = fixture;
    await workbench.openFromExplorer('xor.nn.json');
    await openAlone(workbench, 'xor.nn.json');
    await workbench.webviewText('.status-pill', (t) => t === 'no session');
    await auditEveryTheme(workbench, 'with no session yet');
  });

  it('when training is done', async () => {
    const { workbench } = fixture;
    await workbench.focusEditor('xor.nn.json');
    const frame = await panelFrame(workbench.page);
    await listen(frame);
    await workbench.runCommand('Backprop: Train');
    await workbench.webviewText('.status-pill', (t) => t === 'done');
    // What a screen reader hears and reads: the run's start and end, and each picture in words.
    await heard(frame, /Training started\..*Training done at step \d+, loss /);
    assert.deepStrictEqual(await unnamedCanvases(frame), [], 'every canvas has a role and an accessible name');
    const number = String.raw`-?\d[\d.]*(e[+-]?\d+)?`;
    const graph = (await frame.locator('#graph-description').textContent()) ?? '';
    assert.match(
      graph,
      new RegExp(
        String.raw`^2-3-1 network \(hidden \w+, output sigmoid\); strongest weight \w+\.weights\[\d\]\[\d\] = ` +
          String.raw`${number} \((positive|negative)\); loss ${number} at step \d+, (falling|flat|rising)` +
          // Any unhealthy units last, e.g. "output: 1 saturated unit".
          String.raw`(; \w+: \d+ (dead|saturated) units?(, \d+ saturated units?)?)*\.$`,
      ),
    );
    assert.match(
      await canvasLabel(frame, '.chart:nth-of-type(1) canvas'),
      new RegExp(String.raw`^Loss chart: training loss ${number} at step \d+, (falling|flat|rising), from `),
    );
    assert.match(
      await canvasLabel(frame, '.chart:nth-of-type(2) canvas'),
      new RegExp(String.raw`^Gradient norm chart \(log scale\), at step \d+: hidden ${number}, output ${number}\.$`),
    );
    assert.match(
      (await frame.locator('#boundary-score').textContent()) ?? '',
      /^Accuracy on the 4 data points shown: \d+(\.\d)?% \([0-4] of 4\)\.$/,
    );
    await auditEveryTheme(workbench, 'when training is done');
  });

  it('after a gradient check', async () => {
    const { workbench } = fixture;
    await workbench.focusEditor('xor.nn.json');
    const frame = await panelFrame(workbench.page);
    await listen(frame);
    await workbench.runCommand('Backprop: Gradient Check');
    await workbench.webviewText('.check-summary .verdict', (t) => t.length > 0);
    await heard(
      frame,
      /Gradient check: \w+; overall relative error \S+; \d+ mismatch(es)? of \d+ parameters checked\./,
    );
    await auditEveryTheme(workbench, 'after a gradient check');
  });

  it('with a large layer drawn as a heatmap', async () => {
    const { workbench } = fixture;
    await openAlone(workbench, WIDE_SPEC);
    await workbench.runCommand('Backprop: Step');
    await workbench.readout((r) => Number.parseInt(r['step'] ?? '', 10) === 1, 'step 1');
    const frame = await panelFrame(workbench.page);
    assert.deepStrictEqual(await unnamedCanvases(frame), [], 'every canvas has a role and an accessible name');
    // Which layer is a heatmap (a pooled block's weight would be told as a range and approximately).
    assert.match(
      (await frame.locator('#graph-description').textContent()) ?? '',
      new RegExp(
        String.raw`^300-20-1 network \(wide tanh, output sigmoid\); strongest weight \w+\.weights\[\d+\]\[[\d–]+\] ` +
          String.raw`[=≈] \S+ \((positive|negative)\); loss \S+ at step 1; drawn as a heatmap: wide\.$`,
      ),
    );
    await auditEveryTheme(workbench, 'with a large layer drawn as a heatmap');
  });

  it('when training diverged', async () => {
    const { workbench } = fixture;
    await openAlone(workbench, DIVERGING_SPEC);
    const frame = await panelFrame(workbench.page);
    await listen(frame);
    await workbench.runCommand('Backprop: Train');
    await workbench.webviewText('.status-pill', (t) => t === 'diverged');
    await heard(frame, /Training diverged: /);
    await auditEveryTheme(workbench, 'when training diverged');
  });

  it('with the image views of the digits example and a confusion cell shown', async () => {
    const { workbench } = fixture;
    await openAlone(workbench, 'digits.nn.json');
    await workbench.runCommand('Backprop: Train');
    await workbench.webviewText('.status-pill', (t) => t === 'done');
    await workbench.webview().locator('table.confusion button.cell:not([disabled])').first().click();
    await workbench.webviewText('.cell-examples .cell-title', (t) => t.length > 0);
    await auditEveryTheme(workbench, 'with the image views');
  });

  it('while training', async () => {
    const { workbench } = fixture;
    await openAlone(workbench, ENDLESS_SPEC);
    const frame = await panelFrame(workbench.page);
    await listen(frame);
    await workbench.runCommand('Backprop: Train');
    await workbench.webviewText('.status-pill', (t) => t === 'running');
    try {
      await auditEveryTheme(workbench, 'while training');
      await workbench.webviewText('.status-pill', (t) => t === 'running');
      // Not flooded: the start, then progress now and then (the panel's timers never fire early, so the gaps hold
      // on any machine).
      const said = await announced(frame);
      assert.match(said[0]?.text ?? '', /^Training started\./);
      const gaps = said.slice(1).map((a, i) => a.at - said[i].at);
      assert.ok(
        gaps.every((g) => g >= MIN_GAP_MS - 50),
        `announcements closer than ${MIN_GAP_MS} ms: ${JSON.stringify(said)}`,
      );
      const progress = said.filter((a) => /^Step \d+ of \d+, loss /.test(a.text));
      const progressGaps = progress.slice(1).map((a, i) => a.at - progress[i].at);
      assert.ok(
        progressGaps.every((g) => g >= PROGRESS_GAP_MS - 50),
        `progress closer than ${PROGRESS_GAP_MS} ms: ${JSON.stringify(said)}`,
      );
    } finally {
      // By its own text (a locator's text of a web component includes its shadow tree).
      await (
        await panelFrame(workbench.page)
      ).evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('vscode-button'))
          .find((b) => b.textContent === 'Pause')
          ?.click(),
      );
      await workbench.webviewText('.status-pill', (t) => t === 'paused');
    }
  });
});
