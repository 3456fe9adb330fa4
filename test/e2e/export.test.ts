// UI test: the panel's Export… button asks the format, then the file, and writes the model beside the spec.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { waitFor } from '../../scripts/wait';
import { useWorkbench } from './fixture';

describe('Exporting from the panel', function () {
  const fixture = useWorkbench('xor.nn.json');

  it('exports XOR as ONNX through the Export… button, the format pick and the save dialog', async () => {
    const { workbench } = fixture;
    await workbench.openFromExplorer('xor.nn.json');
    await workbench.runCommand('Backprop: Show Panel');
    await workbench.webviewText('.status-pill', (t) => t === 'no session');
    await workbench.webview().locator('vscode-button', { hasText: 'Export…' }).click();
    await workbench.pick('ONNX', 'ONNX');
    // The save dialog (VS Code's own in the browser) proposes xor.onnx beside the spec: accept it.
    const input = workbench.page.locator('.quick-input-widget .quick-input-box input');
    await waitFor(async () => ((await input.inputValue()).endsWith('xor.onnx') ? true : undefined), {
      what: 'the save dialog to propose xor.onnx',
      timeoutMs: 20_000,
    });
    await input.press('Enter');
    const file = path.join(fixture.workspace, 'xor.onnx');
    await waitFor(() => (fs.existsSync(file) && fs.statSync(file).size > 0 ? true : undefined), {
      what: 'xor.onnx to be written',
      timeoutMs: 20_000,
    });
    const toast = workbench.page.locator('.notifications-toasts', { hasText: "Exported XOR with the spec's weights" });
    await toast.waitFor({ timeout: 20_000 });
    // ONNX starts with field 1 (ir_version, a varint): tag byte 0x08.
    assert.strictEqual(fs.readFileSync(file)[0], 0x08);
  });
});
