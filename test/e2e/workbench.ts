// Drives the VS Code workbench in the browser the way a user does: explorer, palette, quick picks, hovers, webviews.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { waitFor } from '../../scripts/wait';

const STEP_TIMEOUT_MS = 20_000;

export class Workbench {
  constructor(readonly page: Page) {}

  /** Loads the workbench on `url` and waits until the explorer lists `firstFile`. */
  async load(url: string, firstFile: string): Promise<void> {
    await this.page.goto(url);
    await this.explorerRow(firstFile).waitFor({ timeout: 60_000 });
  }

  explorerRow(name: string): Locator {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
  }

  /** Opens a file from the explorer and waits for its editor tab to be the active one. */
  async openFromExplorer(name: string): Promise<void> {
    await this.explorerRow(name).click();
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: STEP_TIMEOUT_MS });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** Types into the open quick input, waits until the focused row shows `label`, then accepts it. */
  async pick(typed: string, label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(typed, { timeout: STEP_TIMEOUT_MS });
    await this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: label }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await input.press('Enter');
  }

  /** Runs a command from the palette by its title, as a user would. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.pick(`>${title}`, title);
  }

  /** The panel's document, inside the webview's two nested frames. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Text of the first element matching `selector` in the webview, once it satisfies `accept`. */
  webviewText(selector: string, accept: (text: string) => boolean): Promise<string> {
    const node = this.webview().locator(selector).first();
    return waitFor(async () => {
      const text = (await node.textContent({ timeout: 1_000 })) ?? '';
      return accept(text) ? text : undefined;
    }, { what: `webview ${selector}`, timeoutMs: STEP_TIMEOUT_MS });
  }

  /** Hovers the first editor token reading exactly `token` until a hover containing `expected` shows; returns its text. */
  hover(token: string, expected: string): Promise<string> {
    // A token's span holds exactly its text; the line's own span holds the whole line and must not match.
    const exact = new RegExp(`^${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const span = this.page.locator('.editor-instance .monaco-editor .view-line span span', { hasText: exact }).first();
    const hover = this.page.locator('.monaco-hover:visible', { hasText: expected });
    // Retried: the provider exists only once the extension is active, and a hover can land before.
    const anyHover = this.page.locator('.monaco-hover:visible').first();
    return waitFor(async () => {
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
    }, { what: `a hover over ${token} saying "${expected}"`, timeoutMs: 30_000, intervalMs: 250 });
  }

  /** Waits until at least one element matches `selector`; returns how many do. */
  count(selector: string, what: string): Promise<number> {
    const nodes = this.page.locator(selector);
    return waitFor(async () => {
      const n = await nodes.count();
      return n > 0 ? n : undefined;
    }, { what, timeoutMs: STEP_TIMEOUT_MS });
  }
}
