// The digits example in the editor: real 8 × 8 handwritten digits from IDX files train to at least 95% validation
// accuracy, in the spec's float64 and in float32, shown live in the status bar and the panel's snapshots, with the
// image views' pictures. How long a run takes is printed (issue 12 wants under 30 s), never asserted.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import type { PanelSnapshot } from '../../src/protocol';
import { formatPercent } from '../../src/shared/format';
import { activeExtension, fixture, waitFor } from './helpers';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

describe('the digits example', () => {
  let api: BackpropApi;
  const spec = fixture('digits/digits.nn.json');
  const spec32 = fixture('digits/digits32.nn.json');
  before(async () => {
    ({ api } = await activeExtension());
    fs.mkdirSync(fixture('digits/data').fsPath, { recursive: true });
    const text = fs.readFileSync(path.join(EXAMPLES, 'digits.nn.json'), 'utf8');
    fs.writeFileSync(spec.fsPath, text);
    fs.writeFileSync(spec32.fsPath, applyEdits(text, modify(text, ['training', 'precision'], 'float32', {})));
    for (const file of fs.readdirSync(path.join(EXAMPLES, 'data')).filter((f) => f.startsWith('digits-')))
      fs.cpSync(path.join(EXAMPLES, 'data', file), fixture(`digits/data/${file}`).fsPath);
  });
  after(async () => {
    await vscode.commands.executeCommand('backprop.stop', spec);
    await vscode.commands.executeCommand('backprop.stop', spec32);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('trains to at least 95% validation accuracy, shown in the status bar and the snapshot', async function () {
    this.timeout(180_000);
    await vscode.window.showTextDocument(spec);
    const snapshot = await trained(spec);
    assert.strictEqual(snapshot.step, 1800, 'the 40 epochs of 45 batches');
    assert.ok(snapshot.validationAccuracy! >= 0.95, `validation accuracy ${snapshot.validationAccuracy}`);
    assert.ok(snapshot.accuracy! >= snapshot.validationAccuracy!, 'the training rows are read at least as well');
    const shown = await waitFor(
      () => {
        const s = api.sessionFor(spec);
        return s?.statusBarText?.includes('$(check)') ? s : undefined;
      },
      { what: 'the finished run in the status bar', timeoutMs: 10_000 },
    );
    assert.match(shown.statusBarText!, new RegExp(`· val\\. accuracy ${formatPercent(snapshot.validationAccuracy!)}`));
    assert.match(
      shown.statusBarLabel!,
      new RegExp(
        `training accuracy ${formatPercent(snapshot.accuracy!)}, validation accuracy ` +
          `${formatPercent(snapshot.validationAccuracy!)}`,
      ),
    );
    const images = snapshot.images!;
    assert.strictEqual(images.split, 'validation');
    assert.strictEqual(images.samples.rows.length, 32);
    assert.strictEqual(images.samples.pixels.length, 32 * 64);
    assert.strictEqual(images.units.count, 16);
    const cells = images.confusion!.flat();
    assert.strictEqual(
      cells.reduce((a, b) => a + b),
      359,
      'every validation row in the matrix',
    );
    const right = images.confusion!.reduce((a, row, i) => a + row[i], 0);
    assert.strictEqual(right / 359, snapshot.validationAccuracy);
  });

  it('trains to at least 95% validation accuracy in float32 too', async function () {
    this.timeout(180_000);
    await vscode.window.showTextDocument(spec32);
    const snapshot = await trained(spec32);
    assert.strictEqual(snapshot.step, 1800);
    assert.ok(snapshot.validationAccuracy! >= 0.95, `validation accuracy ${snapshot.validationAccuracy}`);
  });

  /** Trains `uri` to the end of its epochs; prints how long that took, from the command to the finished status. */
  async function trained(uri: vscode.Uri): Promise<PanelSnapshot> {
    const started = performance.now();
    await vscode.commands.executeCommand('backprop.train', uri);
    const done = await api.whenStatus(uri, 'done', 150_000);
    const seconds = (performance.now() - started) / 1000;
    console.log(`      ${path.basename(uri.fsPath)}: ${done.view.snapshot!.step} steps in ${seconds.toFixed(2)} s`);
    return done.view.snapshot!;
  }
});
