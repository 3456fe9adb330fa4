// UI test: the panel without a mouse. Tab reaches every control in order with a visible focus ring in every theme,
// Enter and Space press them, and the arrow keys explore the graph, each selection announced, Enter revealing it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { waitFor } from '../../scripts/wait';
import { announced, listen } from './announcements';
import { panelFrame } from './axe';
import { useWorkbench } from './fixture';
import { screenshot } from './screenshots';
import type { ThemeKind, Workbench } from './workbench';

const SPEC = 'xor.nn.json';

/** The panel's tab stops, in order, as their accessible names (the first is Train, Resume or Pause). */
const TAB_ORDER: RegExp[] = [
  /^(Train|Resume|Pause)$/,
  /^Step$/,
  /^Reset$/,
  /^Gradient check$/,
  /^Write weights$/,
  /^Export…$/,
  /^Learning rate$/,
  /^weights$/,
  /^Network 2-3-1, edges show weights$/,
  /^Show recent values$/,
  /^Show recent values$/,
  /^Sample of the batch$/,
  /^Parameter to explain$/,
  /^Reveal in spec$/,
  /^parameter/,
  /^analytic/,
  /^numeric/,
  /^abs\. error/,
  /^rel\. error/,
  /^[a-z]+\.(weights|biases)\[/,
];

/** The accessible name of the focused element of the panel (aria-label, else its text). */
function focusedName(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body) return '';
    return a.getAttribute('aria-label') ?? a.textContent?.trim() ?? a.tagName;
  });
}

/**
 * Page pixels of the band where a focus ring is drawn (2 px inside to 5 px outside) around the focused element, or
 * around tab stop `stop` (marked by the test) when given.
 */
async function ringBands(frame: Frame, page: Workbench['page'], stop?: number): Promise<Buffer[]> {
  const box = await frame.evaluate((n) => {
    const e = n === undefined ? document.activeElement : document.querySelector(`[data-e2e-stop="${n}"]`);
    const r = e!.getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height };
  }, stop);
  const frameBox = await (await frame.frameElement()).boundingBox();
  assert.ok(frameBox, 'the panel frame is on screen');
  const x = frameBox.x + box.x;
  const y = frameBox.y + box.y;
  const strips = [
    { x: x - 5, y: y - 5, width: box.w + 10, height: 7 },
    { x: x - 5, y: y + box.h - 2, width: box.w + 10, height: 7 },
    { x: x - 5, y: y - 5, width: 7, height: box.h + 10 },
    { x: x + box.w - 2, y: y - 5, width: 7, height: box.h + 10 },
  ];
  return Promise.all(strips.map((clip) => page.screenshot({ clip })));
}

describe('The panel from the keyboard', function () {
  this.timeout(5 * 60_000);
  const fixture = useWorkbench(SPEC);

  before(async () => {
    const { workbench } = fixture;
    await workbench.openFromExplorer(SPEC);
    await workbench.runCommand('Backprop: Show Panel');
    // A panel's first load in a fresh workbench can take a while on a busy machine.
    await workbench.webview().locator('h1.spec-name').waitFor({ timeout: 60_000 });
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Step');
    await workbench.readout((r) => Number.parseInt(r['step'] ?? '', 10) === 1, 'step 1');
    await workbench.runCommand('Backprop: Gradient Check');
    await workbench.webviewText('.check-summary .verdict', (t) => t.length > 0);
    await workbench.runCommand('Notifications: Clear All Notifications');
    // Tall enough for the whole panel, so tabbing never scrolls it between the two looks at each control.
    const panelHeight = await workbench
      .webview()
      .locator('body')
      .evaluate(() => document.documentElement.scrollHeight);
    const frameTop = (await workbench.page.locator('iframe.webview.ready').boundingBox())?.y ?? 0;
    await workbench.page.setViewportSize({
      width: 1400,
      height: Math.min(4000, Math.ceil(frameTop + panelHeight + 80)),
    });
  });

  /** Puts the focus at the top of the panel, before its first control. */
  async function startAtTop(frame: Frame): Promise<void> {
    await frame.locator('h1.spec-name').click();
    await waitFor(async () => ((await focusedName(frame)) === '' ? true : undefined), {
      what: 'the focus on the panel page',
      timeoutMs: 5_000,
    });
  }

  const themes: { label: string; kind: ThemeKind }[] = [
    { label: 'Light Modern', kind: 'light' },
    { label: 'Dark Modern', kind: 'dark' },
    { label: 'Dark High Contrast', kind: 'high-contrast' },
    { label: 'Light High Contrast', kind: 'high-contrast-light' },
  ];
  for (const [i, theme] of themes.entries())
    it(`reaches every control with Tab in order, each with a visible focus ring (${theme.label})`, async () => {
      const { workbench } = fixture;
      const page = workbench.page;
      if (i > 0) await workbench.panelRebuiltAfter(() => workbench.colorTheme(theme.label, theme.kind));
      const frame = await panelFrame(page);
      await startAtTop(frame);
      const names: string[] = [];
      for (let k = 0; k < TAB_ORDER.length; k++) {
        await page.keyboard.press('Tab');
        const name = await focusedName(frame);
        names.push(name);
        assert.match(name, TAB_ORDER[k], `tab stop ${k + 1}: ${names.join(' → ')}`);
        // The ring must change the pixels around the control: look with the focus, blurred, then focus it again.
        const withFocus = await ringBands(frame, page);
        // Pictures of two focus states to look at: the Step button, and the weights/gradients switch.
        if (k === 1) await screenshot(frame.locator('#app > .controls'), `focus-${theme.kind}-step`);
        if (k === 7) await screenshot(frame.locator('.block.network'), `focus-${theme.kind}-edges-switch`);
        await frame.evaluate((n) => {
          const a = document.activeElement as HTMLElement;
          a.dataset['e2eStop'] = String(n);
          a.blur();
        }, k);
        const withoutFocus = await ringBands(frame, page, k);
        const back = await frame
          .locator(`[data-e2e-stop="${k}"]`)
          .evaluate((e) => ((e as HTMLElement).focus(), document.activeElement === e));
        assert.ok(back, `stop ${k + 1} (${name}) takes the focus back`);
        const changed = withFocus.some((band, b) => !band.equals(withoutFocus[b]));
        assert.ok(changed, `no visible focus ring around "${name}" in ${theme.label}`);
      }
    });

  it('presses buttons with Enter and Space, and switches the edges with the arrow keys', async () => {
    const { workbench } = fixture;
    const frame = await panelFrame(workbench.page);
    const stepNow = async (): Promise<number> =>
      Number.parseInt((await workbench.readout(() => true, 'a readout'))['step'] ?? '', 10);
    const before = await stepNow();
    // By its own text (a locator's text of a web component includes its shadow tree).
    await frame.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('vscode-button'))
        .find((b) => b.textContent === 'Step')
        ?.focus(),
    );
    assert.strictEqual(await focusedName(frame), 'Step');
    await workbench.page.keyboard.press('Enter');
    await workbench.readout((r) => Number.parseInt(r['step'] ?? '', 10) === before + 1, `step ${before + 1}`);
    await workbench.page.keyboard.press(' ');
    await workbench.readout((r) => Number.parseInt(r['step'] ?? '', 10) === before + 2, `step ${before + 2}`);

    await frame.locator('[role="radio"][aria-checked="true"]').focus();
    await workbench.page.keyboard.press('ArrowRight');
    await frame.locator('canvas.graph-canvas[aria-label$="edges show gradients"]').waitFor({ timeout: 10_000 });
    assert.strictEqual(await focusedName(frame), 'gradients');
    await workbench.page.keyboard.press('ArrowLeft');
    await frame.locator('canvas.graph-canvas[aria-label$="edges show weights"]').waitFor({ timeout: 10_000 });

    const toggle = frame.locator('.values-toggle').first();
    await toggle.focus();
    await workbench.page.keyboard.press('Enter');
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'true');
    const rows = await frame.locator('.chart-values table tbody tr').count();
    assert.ok(rows >= 2, `the loss table lists ${rows} steps`);

    const sort = frame.locator('button.sort', { hasText: /^analytic/ });
    await sort.focus();
    await workbench.page.keyboard.press('Enter');
    await frame
      .locator('th:not([aria-sort="none"]) button.sort', { hasText: /^analytic/ })
      .waitFor({ timeout: 10_000 });
  });

  it('explores the graph with the arrow keys, announces each selection and reveals a weight with Enter', async () => {
    const { workbench } = fixture;
    const page = workbench.page;
    const frame = await panelFrame(page);
    // From the recorder, not the region's text now: a status spoken after the selection replaces it in the region.
    await listen(frame);
    const said = (needle: string): Promise<string> =>
      waitFor(async () => (await announced(frame)).map((a) => a.text).find((text) => text.includes(needle)), {
        what: `an announcement with "${needle}"`,
        timeoutMs: 10_000,
      });
    await frame.locator('canvas.graph-canvas').focus();
    // From the first input: → to the hidden layer, Shift+← onto the weights into its unit 0, ↓ to the one from x1.
    await page.keyboard.press('ArrowRight');
    assert.match(await said('hidden unit 0'), /hidden unit 0 \(sigmoid\), 1 of 3; z = /);
    await page.keyboard.press('Shift+ArrowLeft');
    await said('hidden.weights[0][0]');
    await page.keyboard.press('ArrowDown');
    const text = await said('hidden.weights[0][1]');
    assert.match(
      text,
      /hidden\.weights\[0\]\[1\], from input x1 to hidden unit 0; w = -?[\d.e-]+ \((positive|negative)\)/,
    );
    const tip = (await frame.locator('.tooltip').textContent()) ?? '';
    assert.match(tip, /^hidden\.weights\[0\]\[1\]/, 'the tooltip follows the keyboard');
    await screenshot(frame.locator('.block.network'), 'focus-graph-weight');

    await page.keyboard.press('Enter');
    // The editor shows the spec with hidden.weights[0][1] (-0.4 in the file) selected.
    const lines = fs.readFileSync(path.join(fixture.workspace, SPEC), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('"weights": [[0.5, -0.4]')) + 1;
    const status = page.locator('#status\\.editor\\.selection');
    const selection = await waitFor(
      async () => {
        const t = (await status.textContent().catch(() => '')) ?? '';
        return t.includes(`Ln ${line},`) ? t : undefined;
      },
      { what: `the editor's selection on line ${line}`, timeoutMs: 10_000 },
    );
    assert.match(selection, /\(4 selected\)/, `the weight -0.4 is selected: ${selection}`);
  });

  it('steps with Ctrl+Alt+S in the panel, and in the spec editor, where Ctrl+Alt+P trains and pauses', async () => {
    const { workbench } = fixture;
    const frame = await panelFrame(workbench.page);
    const stepNow = async (): Promise<number> =>
      Number.parseInt((await workbench.readout(() => true, 'a readout'))['step'] ?? '', 10);
    const stepped = (to: number) => workbench.readout((r) => Number.parseInt(r['step'] ?? '', 10) === to, `step ${to}`);
    // In the panel (a click on its title makes it the active editor, as a user's would).
    await startAtTop(frame);
    let before = await stepNow();
    await workbench.page.keyboard.press('Control+Alt+S');
    await stepped(before + 1);
    await workbench.focusEditor(SPEC);
    await workbench.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    before = await stepNow();
    await workbench.page.keyboard.press('Control+Alt+S');
    await stepped(before + 1);
    await listen(frame);
    await workbench.page.keyboard.press('Control+Alt+P');
    await waitFor(
      async () => {
        const said = (await announced(frame)).map((a) => a.text).join(' ');
        return /Training (started|resumed)\./.test(said) ? said : undefined;
      },
      { what: 'training started by Ctrl+Alt+P', timeoutMs: 15_000 },
    );
    // Pressed again while it runs, it pauses (XOR's short run may be done by then).
    const status = await workbench.webviewText('.status-pill', (t) => t === 'running' || t === 'done');
    if (status === 'running') {
      await workbench.page.keyboard.press('Control+Alt+P');
      await workbench.webviewText('.status-pill', (t) => t === 'paused' || t === 'done');
    }
  });
});
