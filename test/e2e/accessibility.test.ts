// UI test: axe-core's WCAG 2.1 A/AA audit of the panel finds nothing serious or critical, in the light, dark and
// high-contrast themes, in every state a learner meets.
import * as assert from 'assert';
import { describeViolations, panelFrame, seriousViolations } from './axe';
import { useWorkbench } from './fixture';
import { DIVERGING_SPEC, ENDLESS_SPEC, WIDE_SPEC, writeTestSpecs } from './specs';
import type { ThemeKind, Workbench } from './workbench';

const THEMES: { label: string; kind: ThemeKind }[] = [
  { label: 'Light Modern', kind: 'light' },
  { label: 'Dark Modern', kind: 'dark' },
  { label: 'Dark High Contrast', kind: 'high-contrast' },
];

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
    await workbench.runCommand('Backprop: Train');
    await workbench.webviewText('.status-pill', (t) => t === 'done');
    await auditEveryTheme(workbench, 'when training is done');
  });

  it('after a gradient check', async () => {
    const { workbench } = fixture;
    await workbench.focusEditor('xor.nn.json');
    await workbench.runCommand('Backprop: Gradient Check');
    await workbench.webviewText('.check-summary .verdict', (t) => t.length > 0);
    await auditEveryTheme(workbench, 'after a gradient check');
  });

  it('with a large layer drawn as a heatmap', async () => {
    const { workbench } = fixture;
    await openAlone(workbench, WIDE_SPEC);
    await workbench.runCommand('Backprop: Step');
    await workbench.readout((r) => Number.parseInt(r['step'] ?? '', 10) === 1, 'step 1');
    await auditEveryTheme(workbench, 'with a large layer drawn as a heatmap');
  });

  it('when training diverged', async () => {
    const { workbench } = fixture;
    await openAlone(workbench, DIVERGING_SPEC);
    await workbench.runCommand('Backprop: Train');
    await workbench.webviewText('.status-pill', (t) => t === 'diverged');
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
    await workbench.runCommand('Backprop: Train');
    await workbench.webviewText('.status-pill', (t) => t === 'running');
    try {
      await auditEveryTheme(workbench, 'while training');
      await workbench.webviewText('.status-pill', (t) => t === 'running');
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
