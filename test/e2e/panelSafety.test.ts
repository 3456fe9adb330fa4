// UI test: a spec's strings reach the panel as text, never as HTML.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { useWorkbench } from './fixture';
import { screenshot } from './screenshots';
import { XOR_DATA } from './specs';

const HOSTILE = '<img src=x onerror=alert(1)>';
const SPEC = 'hostile.nn.json';

/** A valid spec whose name and first layer's name are HTML that would run script if inserted as markup. */
const hostileSpec = JSON.stringify(
  {
    name: HOSTILE,
    seed: 1,
    input: 2,
    layers: [
      { name: HOSTILE, units: 2, activation: 'tanh' },
      { name: 'output', units: 1, activation: 'sigmoid' },
    ],
    loss: 'binary-cross-entropy',
    training: { epochs: 10, batchSize: 4 },
    data: XOR_DATA,
  },
  null,
  2,
);

describe('The panel with hostile spec text', function () {
  const fixture = useWorkbench('xor.nn.json');
  const dialogs: string[] = [];

  before(() => {
    fs.writeFileSync(path.join(fixture.workspace, SPEC), hostileSpec);
    fixture.workbench.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  it('shows a spec and layer named like an <img> tag as literal text, creating no element from it', async () => {
    const { workbench } = fixture;
    await workbench.openFromExplorer('xor.nn.json');
    // Opened through the palette (it searches the disk): the explorer lists a file created after load only later.
    await workbench.runCommand('Backprop: Open Network Spec…');
    await workbench.pick(SPEC, SPEC);
    const name = await workbench.webviewText('h1.spec-name', (t) => t.length > 0);
    assert.strictEqual(name, HOSTILE);
    const view = workbench.webview();
    await view.locator('h1.spec-name', { hasText: HOSTILE }).waitFor({ state: 'visible', timeout: 20_000 });
    // A step draws the step view, whose headings name each layer.
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Step');
    await view
      .locator('h4', { hasText: `${HOSTILE} · tanh` })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    assert.strictEqual(await view.locator('img').count(), 0, 'no <img> in the panel');
    assert.strictEqual(await view.locator('[onerror]').count(), 0, 'no element with an onerror attribute');
    const text = await view.locator('body').textContent();
    assert.ok((text ?? '').split(HOSTILE).length > 2, 'the name and the layer name both appear as text');
    assert.deepStrictEqual(dialogs, [], 'no alert ran');
    await screenshot(workbench.page, 'panel-hostile-text');
  });
});
