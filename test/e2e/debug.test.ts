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

/** The Variables view's row labelled `name` (its expression name), expanding it when it is collapsed. */
async function expand(page: Page, name: string): Promise<void> {
  const row = page.locator('.debug-variables .monaco-list-row', { has: page.getByText(name, { exact: true }) });
  await row.first().waitFor({ timeout: TIMEOUT_MS });
  if ((await row.first().getAttribute('aria-expanded')) === 'false') await row.first().click();
  await waitFor(async () => ((await row.first().getAttribute('aria-expanded')) === 'true' ? true : undefined), {
    what: `${name} to expand`,
    timeoutMs: TIMEOUT_MS,
  });
}

async function variableNames(page: Page): Promise<string[]> {
  return page.locator('.debug-variables .monaco-list-row .name').allTextContents();
}

/**
 * Opens the spec and starts Backprop: Debug Training (F5's own path without launch.json is the extension-host test's:
 * here F5 only opened the Run and Debug view); the session stops on entry.
 */
async function debugOnEntry(workbench: Workbench, spec: string): Promise<void> {
  await workbench.runCommand('View: Show Explorer');
  await workbench.openFromExplorer(spec);
  await workbench.focusEditor(spec);
  await workbench.runCommand('Backprop: Debug Training');
  await callStack(workbench.page, (f) => f[0] === 'train step 0 (before the first)', 'the stop on entry');
}

describe('Debugging training in the workbench', function () {
  const fixture = useWorkbench();

  it('Debug Training stops on entry; Variables show z, a and δ; F10 advances the step; Step Back goes back', async () => {
    const { workbench } = fixture;
    const page = workbench.page;
    await debugOnEntry(workbench, 'xor.nn.json');
    await page.keyboard.press('F10');
    await callStack(page, (f) => f[0] === 'train step 1', 'step 1 after F10');
    await expand(page, 'Forward');
    await expand(page, 'hidden');
    await waitFor(async () => ((await variableNames(page)).includes('z') ? true : undefined), {
      what: 'z in the Variables view',
      timeoutMs: TIMEOUT_MS,
    });
    assert.ok((await variableNames(page)).includes('a'));
    await expand(page, 'Backward');
    await waitFor(
      async () => {
        const n = await variableNames(page);
        return n.filter((x) => x === 'hidden').length >= 2 ? n : undefined;
      },
      { what: 'the Backward scope’s layers', timeoutMs: TIMEOUT_MS },
    );
    await page
      .locator('.debug-variables .monaco-list-row', { has: page.locator('.name:text-is("hidden")') })
      .nth(1)
      .click();
    await waitFor(async () => ((await variableNames(page)).includes('δ') ? true : undefined), {
      what: 'δ in the Variables view',
      timeoutMs: TIMEOUT_MS,
    });
    await screenshot(page, 'debug-training', { docs: true });
    await workbench.runCommand('Debug: Step Back');
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
    await screenshot(page, 'debug-non-finite', { docs: true });
    await workbench.runCommand('Debug: Stop');
  });
});
