// UI test: training as a debug session in the real workbench: Debug Training on a spec, the Call Stack and
// Variables views, F10, Step Back, and the Non-finite value breakpoint stopping on the diverging example at the
// layer it names.
import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { useWorkbench } from './fixture';
import { screenshot } from './screenshots';
import type { Workbench } from './workbench';
import { waitFor } from '../../scripts/wait';

const TIMEOUT_MS = 60_000;

/** The Call Stack's frame names, top first, once `accept` holds. */
function callStack(page: Page, accept: (frames: string[]) => boolean, what: string): Promise<string[]> {
  return waitFor(
    async () => {
      const frames = await page
        .locator('.debug-call-stack .monaco-list-row .stack-frame .label')
        .allTextContents()
        .catch(() => []);
      return accept(frames) ? frames : undefined;
    },
    { what: `the Call Stack to show ${what}`, timeoutMs: TIMEOUT_MS, intervalMs: 200 },
  );
}

/** A row of the Variables view as its aria label tells it ("hidden, value W 3 × 2, …"; "Scope Forward"). */
interface VariableRow {
  index: string;
  level: number;
  name: string;
  expanded: string | null;
}

async function variableRows(page: Page): Promise<VariableRow[]> {
  return page.locator('.debug-variables .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => {
      const label = r.getAttribute('aria-label') ?? '';
      return {
        index: r.getAttribute('data-index') ?? '',
        level: Number(r.getAttribute('aria-level')),
        name: label.startsWith('Scope ') ? label.slice(6) : label.split(', value')[0],
        expanded: r.getAttribute('aria-expanded'),
      };
    }),
  );
}

/** The rows directly under `path` (a scope, then variable names), in order; undefined while one is not listed. */
function under(rows: VariableRow[], path: string[]): { row: VariableRow; children: VariableRow[] } | undefined {
  let at = -1;
  for (const [depth, name] of path.entries()) {
    const next = rows.findIndex((r, i) => i > at && r.level === depth + 1 && r.name === name);
    // A match past the end of the parent's subtree belongs to another parent.
    const end = rows.findIndex((r, i) => i > at && r.level <= depth);
    if (next < 0 || (at >= 0 && end >= 0 && next > end)) return undefined;
    at = next;
  }
  const row = rows[at];
  const children: VariableRow[] = [];
  for (let i = at + 1; i < rows.length && rows[i].level > row.level; i++)
    if (rows[i].level === row.level + 1) children.push(rows[i]);
  return { row, children };
}

/**
 * Expands the Variables view's rows along `path`; returns the last one's children. A collapsed row is clicked again
 * after a while: a stop refreshes the tree, which can fold a row clicked just before.
 */
async function expand(page: Page, path: string[]): Promise<string[]> {
  let children: string[] = [];
  for (let depth = 1; depth <= path.length; depth++) {
    const prefix = path.slice(0, depth);
    let clicked = 0;
    children = await waitFor(
      async () => {
        const now = under(await variableRows(page), prefix);
        if (now?.row.expanded === 'false' && Date.now() - clicked > 2_000) {
          await page.locator(`.debug-variables .monaco-list-row[data-index="${now.row.index}"]`).click();
          clicked = Date.now();
        }
        return now?.row.expanded === 'true' && now.children.length > 0 ? now.children.map((c) => c.name) : undefined;
      },
      { what: `${prefix.join(' › ')} expanded in the Variables view`, timeoutMs: TIMEOUT_MS, intervalMs: 200 },
    );
  }
  return children;
}

/**
 * Opens the spec and presses F5 in its editor once the extension is active (its Debug lens shows): with no
 * launch.json the configuration provider debugs the open spec, which stops on entry.
 */
async function debugOnEntry(workbench: Workbench, spec: string): Promise<void> {
  const page = workbench.page;
  await workbench.runCommand('View: Show Explorer');
  await workbench.openFromExplorer(spec);
  await workbench.focusEditor(spec);
  await page.locator('.editor-instance .codelens-decoration a', { hasText: 'Debug' }).first().waitFor({
    timeout: TIMEOUT_MS,
  });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('F5');
  // VS Code shows the Run and Debug view by itself only for a window's first session. A busy workbench can drop the
  // command (focus moving as the session starts): shown again until the Call Stack is on screen.
  await page.locator('.debug-toolbar').waitFor({ timeout: TIMEOUT_MS });
  await waitFor(
    async () => {
      if (await page.locator('.debug-call-stack').isVisible()) return true;
      await workbench.runCommand('View: Show Run and Debug');
      return undefined;
    },
    { what: 'the Run and Debug view', timeoutMs: TIMEOUT_MS, intervalMs: 1000 },
  );
  await callStack(page, (f) => f[0] === 'train step 0 (before the first)', 'the stop on entry');
}

describe('Debugging training in the workbench', function () {
  const fixture = useWorkbench();

  // A failed test leaves its session paused: the next one's F5 would continue it instead of starting its own.
  afterEach(async () => {
    const page = fixture.workbench.page;
    if (await page.locator('.debug-toolbar').isVisible()) await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  });

  it('F5 stops on entry; Variables show z, a and δ; F10 advances the step; Step Back goes back', async () => {
    const { workbench } = fixture;
    const page = workbench.page;
    await debugOnEntry(workbench, 'xor.nn.json');
    await page.keyboard.press('F10');
    await callStack(page, (f) => f[0] === 'train step 1', 'step 1 after F10');
    assert.deepEqual(await expand(page, ['Forward', 'hidden']), ['z', 'a']);
    // The view is short and its list virtual: rows below the fold (dW, db) are not in the page.
    assert.equal((await expand(page, ['Backward', 'hidden']))[0], 'δ');
    await screenshot(page, 'debug-training', { docs: true });
    // Step Back is the debug toolbar's (the palette does not list it).
    await page.locator('.debug-toolbar .codicon-debug-step-back').click();
    await callStack(page, (f) => f[0] === 'train step 0 (before the first)', 'step 0 after Step Back');
    await workbench.runCommand('Debug: Stop');
    await page
      .locator('.debug-call-stack .monaco-list-row')
      .first()
      .waitFor({ state: 'detached', timeout: TIMEOUT_MS });
  });

  it('the Non-finite value breakpoint stops the diverging example at output.forward, the layer highlighted', async () => {
    const { workbench } = fixture;
    const page = workbench.page;
    await workbench.runCommand('View: Show Explorer');
    await workbench.openFromExplorer('diverging.nn.json');
    await workbench.runCommand('Backprop: Show Panel');
    await workbench.webviewText('.status-pill', (t) => t.length > 0);
    await debugOnEntry(workbench, 'diverging.nn.json');
    await page.keyboard.press('F5');
    await callStack(page, (f) => f[0] === 'output.forward' && f[1] === 'train step 7', 'the non-finite stop');
    const widget = page.locator('.zone-widget .exception-widget');
    await widget.waitFor({ timeout: TIMEOUT_MS });
    assert.match((await widget.textContent()) ?? '', /output\.z\[0\]\[0\] = NaN \(sample 0, unit 0\)/);
    // The top frame's line is the output layer's object.
    const highlighted = await page
      .locator('.editor-instance .monaco-editor')
      .first()
      .evaluate((editor) => {
        const mark = editor.querySelector<HTMLElement>('.view-overlays .debug-top-stack-frame-line');
        const top = mark?.parentElement?.style.top;
        const line = Array.from(editor.querySelectorAll<HTMLElement>('.view-line')).find((l) => l.style.top === top);
        return line?.textContent?.replace(/\u00a0/g, ' ') ?? '';
      });
    assert.match(highlighted, /"name": "output"/);
    // The panel follows the selected frame: the output layer (index 1) highlighted, then none for the step frame.
    await workbench.webviewText('.debug-frame', (t) => t.includes('output.forward in train step 7'));
    await workbench.webview().locator('canvas.graph-canvas[data-debug-layer="1"]').waitFor({ timeout: TIMEOUT_MS });
    await screenshot(page, 'debug-non-finite', { docs: true });
    await page.locator('.debug-call-stack .monaco-list-row', { hasText: 'train step 7' }).click();
    await workbench.webviewText('.debug-frame', (t) => t === 'Debugger paused at train step 7');
    await workbench.webview().locator('canvas.graph-canvas:not([data-debug-layer])').waitFor({ timeout: TIMEOUT_MS });
    await workbench.runCommand('Debug: Stop');
    await workbench.webview().locator('.debug-frame').waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  });
});
