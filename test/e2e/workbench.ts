// Drives the VS Code workbench in the browser the way a user does: explorer, palette, quick picks, hovers, webviews.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { waitFor } from '../../scripts/wait';

const STEP_TIMEOUT_MS = 20_000;
const RETYPE_MS = 2_000;

/**
 * Types `typed` into a quick input again when the awaited row has not been listed for a while: the palette lists an
 * extension's commands only once VS Code has registered the extension, which can come seconds after the workbench
 * shows, and a list already filtered is not refreshed by itself.
 */
function retyping(input: Locator, typed: string): (listed: boolean) => Promise<void> {
  let typedAt = Date.now();
  return async (listed) => {
    if (listed || Date.now() - typedAt < RETYPE_MS) return;
    await input.fill('');
    await input.fill(typed);
    typedAt = Date.now();
  };
}

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
/** The class the workbench wears for each kind of theme. */
const WORKBENCH_THEME_CLASS: Record<ThemeKind, string> = {
  light: 'vs',
  dark: 'vs-dark',
  'high-contrast': 'hc-black',
  'high-contrast-light': 'hc-light',
};

export class Workbench {
  constructor(readonly page: Page) {}

  /** Loads the workbench on `url` and waits until the explorer lists `firstFile`. */
  async load(url: string, firstFile: string): Promise<void> {
    // NOTE: 2 minutes, not Playwright's 30 s: on a machine shared with other test runs the page loads more slowly.
    await this.page.goto(url, { timeout: 120_000 });
    await this.explorerRow(firstFile).waitFor({ timeout: 60_000 });
  }

  explorerRow(name: string): Locator {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
  }

  /** Opens a file from the explorer and waits for its editor tab to be the active one. */
  async openFromExplorer(name: string): Promise<void> {
    await this.explorerRow(name).click();
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: STEP_TIMEOUT_MS });
    await this.page
      .locator('.editor-instance .monaco-editor .view-lines')
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** Opens a file from the explorer's context menu in a new editor group beside the active one. */
  async openToSide(name: string): Promise<void> {
    await this.explorerRow(name).click({ button: 'right' });
    const item = this.page.locator('.monaco-menu .action-label', { hasText: 'Open to the Side' });
    await item.click({ timeout: STEP_TIMEOUT_MS });
    const opened = this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`);
    // A click Playwright reports as done can leave the menu open (seen on a busy machine: the menu drops a click that
    // lands while it is still opening); the item, hovered, is then the focused one and Enter runs it.
    const shown = await opened.waitFor({ timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (!shown && (await item.isVisible())) {
      await item.hover();
      await this.page.keyboard.press('Enter');
    }
    await opened.waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** The editor tab of `name` (its aria-label starts with the file name). */
  tab(name: string): Locator {
    return this.page.locator(`.tabs-container .tab[aria-label^="${name}"]`);
  }

  /** Makes `name`'s editor the active one, so commands that act on "the active spec" act on it. */
  async focusEditor(name: string): Promise<void> {
    await this.tab(name).click({ timeout: STEP_TIMEOUT_MS });
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** The lines of the active editor that contain `needle`, in line order (Monaco's DOM order is not line order). */
  async editorLines(needle: string): Promise<string[]> {
    const lines = await this.page
      .locator('.editor-instance .monaco-editor .view-lines')
      .first()
      .evaluate((root) =>
        Array.from(root.querySelectorAll<HTMLElement>('.view-line'))
          .map((line) => ({
            top: parseFloat(line.style.top) || 0,
            text: (line.textContent ?? '').replace(/\u00a0/g, ' '),
          }))
          .sort((a, b) => a.top - b.top)
          .map((line) => line.text),
      );
    return lines.filter((line) => line.includes(needle));
  }

  /**
   * Types into the open quick input, moves the focus to the row labelled exactly `label` (a recently used entry
   * can rank above it), waits until that row is the focused one, then accepts it.
   */
  async pick(typed: string, label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    // NOTE: a minute: a quick pick an extension builds from a workspace search shows late on a busy machine.
    await input.fill(typed, { timeout: 60_000 });
    const retype = retyping(input, typed);
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    await waitFor(
      async () => {
        const listed = await rows.evaluateAll((nodes) =>
          nodes.map((row) => ({
            focused: row.classList.contains('focused'),
            name: (row.querySelector('.label-name') ?? row).textContent?.trim() ?? '',
          })),
        );
        const focused = listed.find((row) => row.focused);
        if (focused?.name === label) return true;
        // NOTE: one row per probe, then look again: the list may still be filtering what was typed.
        const present = listed.some((row) => row.name === label);
        if (present) await input.press('ArrowDown');
        await retype(present);
        return undefined;
      },
      {
        what: `the quick pick's focused row to read "${label}" after typing "${typed}"`,
        timeoutMs: STEP_TIMEOUT_MS,
        intervalMs: 50,
      },
    );
    await input.press('Enter');
  }

  /** Runs a command from the palette by its title, as a user would. */
  async runCommand(title: string): Promise<void> {
    await this.openPalette();
    await this.pick(`>${title}`, title);
  }

  /**
   * Types a command's full title into the palette and, without moving the focus, waits until the focused row reads
   * `title`; returns the rows listed then (label, focused, and whether the typed text is highlighted in it). Leaves the
   * palette open.
   */
  async typeInPalette(title: string): Promise<{ label: string; focused: boolean; matched: boolean }[]> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    // The palette can close as it opens (focus moving to a view that just updated): open it until it takes the text.
    await waitFor(
      async () => {
        await this.openPalette();
        return input.fill(`>${title}`, { timeout: 2000 }).then(
          () => true,
          () => undefined,
        );
      },
      { what: `the command palette to take "${title}"`, timeoutMs: STEP_TIMEOUT_MS },
    );
    const retype = retyping(input, `>${title}`);
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    let listed: { label: string; focused: boolean; matched: boolean }[] = [];
    return waitFor(
      async () => {
        listed = await rows.evaluateAll((nodes) =>
          nodes.map((row) => ({
            label: (row.querySelector('.label-name') ?? row).textContent?.trim() ?? '',
            focused: row.classList.contains('focused'),
            matched: row.querySelector('.label-name .highlight') !== null,
          })),
        );
        if (listed.find((row) => row.focused)?.label === title) return listed;
        await retype(listed.some((row) => row.label === title));
        return undefined;
      },
      {
        what: `the palette's focused row to read "${title}" (rows: ${JSON.stringify(listed)})`,
        timeoutMs: STEP_TIMEOUT_MS,
        intervalMs: 50,
      },
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}; rows listed: ${JSON.stringify(listed)}`);
    });
  }

  private async openPalette(): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    // A key pressed while the focus is inside the panel's frames can be dropped: press it again until the palette
    // shows.
    await waitFor(
      async () => {
        if (await input.isVisible()) return true;
        await this.page.keyboard.press('F1');
        return input.waitFor({ state: 'visible', timeout: 2000 }).then(
          () => true,
          () => undefined,
        );
      },
      { what: 'the command palette to open', timeoutMs: STEP_TIMEOUT_MS },
    );
  }

  /** The Problems panel's rows, grouped under the file rows they belong to, once `accept` holds for them. */
  async problems(
    accept: (groups: Map<string, string[]>) => boolean,
    what: string,
    timeoutMs = STEP_TIMEOUT_MS,
  ): Promise<Map<string, string[]>> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.locator('#status\\.problems').click();
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    return waitFor(
      async () => {
        const listed = await rows.evaluateAll((nodes) =>
          nodes.map((n) => ({ level: n.getAttribute('aria-level'), text: n.textContent ?? '' })),
        );
        const groups = new Map<string, string[]>();
        let current: string[] | undefined;
        for (const row of listed) {
          if (row.level === '1') groups.set(row.text, (current = []));
          else current?.push(row.text);
        }
        return accept(groups) ? groups : undefined;
      },
      { what: `the Problems panel to list ${what}`, timeoutMs },
    );
  }

  /** The labels of the suggest widget's rows, once it shows `expected`. */
  suggestions(expected: string): Promise<string[]> {
    const rows = this.page.locator('.editor-widget.suggest-widget .monaco-list-row .label-name');
    return waitFor(
      async () => {
        const labels = (await rows.allTextContents()).map((t) => t.trim());
        return labels.includes(expected) ? labels : undefined;
      },
      { what: `a suggestion reading ${expected}`, timeoutMs: STEP_TIMEOUT_MS },
    );
  }

  /** The panel's document, inside the webview's two nested frames. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** The panel's readout (epoch, step, loss, …) as label → text, once `accept` holds for it. */
  readout(accept: (items: Record<string, string>) => boolean, what: string): Promise<Record<string, string>> {
    const items = this.webview().locator('.controls .readout .readout-item');
    return waitFor(
      async () => {
        const pairs = await items.evaluateAll((nodes) =>
          nodes.map((n) => [
            n.querySelector('.label')?.textContent ?? '',
            n.querySelector('.value')?.textContent ?? '',
          ]),
        );
        const readout = Object.fromEntries(pairs) as Record<string, string>;
        return pairs.length > 0 && accept(readout) ? readout : undefined;
      },
      { what: `the panel's readout to show ${what}`, timeoutMs: STEP_TIMEOUT_MS },
    );
  }

  /**
   * Runs `change` and waits until the panel has rebuilt its view (it does so on every theme change): the
   * current view is marked first, and a view without the mark is a new one.
   */
  async panelRebuiltAfter(change: () => Promise<void>): Promise<void> {
    await this.webview()
      .locator('#app > .controls')
      .evaluate((node) => node.setAttribute('data-e2e-old', ''), undefined, { timeout: STEP_TIMEOUT_MS });
    await change();
    await this.webview().locator('#app > .controls:not([data-e2e-old])').waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /**
   * Switches the colour theme from the palette's "Preferences: Color Theme" picker; waits until the workbench wears
   * it.
   */
  async colorTheme(label: string, kind: ThemeKind): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.pick(label, label);
    await this.page.locator(`.monaco-workbench.${WORKBENCH_THEME_CLASS[kind]}`).waitFor({ timeout: STEP_TIMEOUT_MS });
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /** Text of the first element matching `selector` in the webview, once it satisfies `accept`. */
  webviewText(selector: string, accept: (text: string) => boolean): Promise<string> {
    const node = this.webview().locator(selector).first();
    return waitFor(
      async () => {
        const text = (await node.textContent({ timeout: 1_000 })) ?? '';
        return accept(text) ? text : undefined;
      },
      { what: `webview ${selector}`, timeoutMs: STEP_TIMEOUT_MS },
    );
  }

  /**
   * Hovers the first editor token reading exactly `token` until a hover containing `expected` shows; returns its text.
   */
  hover(token: string, expected: string): Promise<string> {
    // A token's span holds exactly its text; the line's own span holds the whole line and must not match.
    const exact = new RegExp(`^${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const span = this.page.locator('.editor-instance .monaco-editor .view-line span span', { hasText: exact }).first();
    const hover = this.page.locator('.monaco-hover:visible', { hasText: expected });
    // Retried: the provider exists only once the extension is active, and a hover can land before.
    const anyHover = this.page.locator('.monaco-hover:visible').first();
    return waitFor(
      async () => {
        // Leave the editor until an earlier hover is gone: a hover shown before activation (the JSON schema's
        // text alone) stays up while the mouse stays in the editor, and would be what the next try sees.
        await this.page.mouse.move(0, 0);
        await anyHover.waitFor({ state: 'hidden', timeout: 3_000 });
        const box = await span.boundingBox({ timeout: 2_000 });
        if (!box) return undefined;
        // NOTE: like a hand on a mouse: approach from the left in steps; a single jump onto the token is often ignored.
        await this.page.mouse.move(box.x - 40, box.y + box.height / 2);
        await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
        await hover.waitFor({ timeout: 3_000 });
        return (await hover.first().textContent()) ?? '';
      },
      { what: `a hover over ${token} saying "${expected}"`, timeoutMs: 30_000, intervalMs: 250 },
    );
  }

  /** Waits until at least one element matches `selector`; returns how many do. */
  count(selector: string, what: string): Promise<number> {
    const nodes = this.page.locator(selector);
    return waitFor(
      async () => {
        const n = await nodes.count();
        return n > 0 ? n : undefined;
      },
      { what, timeoutMs: STEP_TIMEOUT_MS },
    );
  }
}
