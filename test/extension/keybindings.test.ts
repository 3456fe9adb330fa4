// The default keybindings Backprop adds: only in a focused spec editor or the panel, on keys VS Code's own bindings
// leave free.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { activeExtension } from './helpers';

interface Binding {
  key: string;
  command: string;
  when?: string;
}

/** A key press in one spelling: `Ctrl+Alt+.` and `alt+ctrl+.` are the same press. */
const press = (p: string): string => p.toLowerCase().split('+').sort().join('+');
/** Each press of a binding (a chord has two). */
const presses = (key: string): string[] => key.trim().split(/\s+/).map(press);

describe('keybindings', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('binds Train/Pause and Step in focused spec editors and in the panel only', async () => {
    const { extension } = await activeExtension();
    const ours = extension.packageJSON.contributes.keybindings as Binding[];
    assert.deepStrictEqual(ours.map((b) => b.command).sort(), ['backprop.pauseResume', 'backprop.step']);
    for (const b of ours) {
      assert.match(b.when ?? '', /\beditorTextFocus\b/, `${b.command} waits for the editor's focus`);
      assert.ok((b.when ?? '').includes('resourceFilename =~ /\\.nn\\.json$/'), `${b.command} only in specs`);
      assert.ok((b.when ?? '').includes("activeWebviewPanelId == 'backprop.panel'"), `${b.command} in the panel`);
    }
  });

  it("clashes with none of VS Code's default keybindings, as a key or a chord's first press", async () => {
    const { extension } = await activeExtension();
    const ours = extension.packageJSON.contributes.keybindings as Binding[];
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    const defaults = (parse(text) as Binding[] | undefined)?.filter((b) => !b.command.startsWith('backprop.')) ?? [];
    assert.ok(defaults.length > 500, `the default keybindings file lists ${defaults.length} bindings`);
    for (const b of ours) {
      const mine = presses(b.key);
      const clashes = defaults.filter((d) => {
        const theirs = presses(d.key);
        // Equal, or one is the start of the other's chord (pressing it would wait for, or cut short, the chord).
        return (
          theirs.every((p, i) => i >= mine.length || p === mine[i]) &&
          mine.every((p, i) => i >= theirs.length || p === theirs[i])
        );
      });
      assert.deepStrictEqual(
        clashes.map((d) => `${d.key} → ${d.command}${d.when ? ` when ${d.when}` : ''}`),
        [],
        `${b.key} (${b.command}) is taken`,
      );
    }
  });
});
