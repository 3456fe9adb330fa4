// UI test: the digits example's image views: 32 samples with labels and answers (wrong ones marked), a picture per
// first-layer unit (weights or gradients on a switch), a confusion matrix counting every validation row, and a cell
// whose click shows that cell's examples. Screenshots for the README in the light and dark themes.
import * as assert from 'assert';
import { useWorkbench } from './fixture';
import { screenshot } from './screenshots';

describe('The image views of the digits example', function () {
  this.timeout(5 * 60_000);
  const fixture = useWorkbench('digits.nn.json');

  it('draw the samples, the units and a confusion matrix whose cell click shows its examples', async () => {
    const { workbench } = fixture;
    await workbench.openFromExplorer('digits.nn.json');
    await workbench.runCommand('Backprop: Open Network Spec…');
    await workbench.pick('digits.nn.json', 'digits.nn.json');
    const view = workbench.webview();
    await view.locator('.images-block').waitFor({ timeout: 60_000 });
    await workbench.focusEditor('digits.nn.json');
    const started = performance.now();
    await workbench.runCommand('Backprop: Train');
    await workbench.webviewText('.status-pill', (t) => t === 'done');
    // Issue 12 wants the run under 30 s with the panel open: printed, never asserted.
    console.log(`      trained with the panel open in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const readout = await workbench.readout((r) => r['step'] === '1800 / 1800', 'the end of the run');
    assert.ok(Number.parseFloat(readout['val. accuracy'] ?? '') >= 95, JSON.stringify(readout));
    await workbench.webviewText('.images-block .note', (t) =>
      /^32 validation samples, \d+ answered wrong .* step 1800$/.test(t),
    );

    const samples = view.locator('.images-block .image-part').nth(0);
    assert.strictEqual(await samples.locator('canvas[role="img"]').count(), 32);
    const labels = await samples.locator('canvas').evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label')));
    assert.ok(
      labels.every((l) => /^row \d+: \d, the network says \d(, wrong)?$/.test(l ?? '')),
      labels.join('\n'),
    );
    const wrong = labels.filter((l) => l?.endsWith(', wrong')).length;
    assert.strictEqual(await samples.locator('.sample.wrong').count(), wrong, 'each wrong answer is marked');
    assert.match(
      await workbench.webviewText('.images-block .note', () => true),
      new RegExp(`, ${wrong} answered wrong`),
    );

    const units = view.locator('.images-block .image-part').nth(1);
    assert.strictEqual(await units.locator('canvas[role="img"]').count(), 16);
    assert.match(
      (await units.locator('canvas').first().getAttribute('aria-label')) ?? '',
      /^Unit 0 of strokes: incoming weights/,
    );
    await view.locator('.images-block [role="radio"]', { hasText: 'gradients' }).click();
    await workbench.webviewText('.images-block [role="list"][aria-label^="Units"]', () => true);
    assert.match((await units.locator('canvas').first().getAttribute('aria-label')) ?? '', /incoming gradients/);
    await view.locator('.images-block [role="radio"]', { hasText: 'weights' }).click();

    const cells = view.locator('table.confusion button.cell');
    assert.strictEqual(await cells.count(), 100);
    const counts = (await cells.allTextContents()).map(Number);
    assert.strictEqual(
      counts.reduce((a, b) => a + b),
      359,
      'every validation row is counted once',
    );
    // The largest off-diagonal cell (a digit read as another), or a diagonal one when the network makes no mistake.
    let pick = 0;
    counts.forEach((c, i) => {
      const off = Math.floor(i / 10) !== i % 10;
      if (off && c > (Math.floor(pick / 10) !== pick % 10 ? counts[pick] : 0)) pick = i;
    });
    const [actual, predicted, count] = [Math.floor(pick / 10), pick % 10, counts[pick]];
    // The keyboard reaches the cell: focus it and press Enter.
    await cells.nth(pick).focus();
    await workbench.page.keyboard.press('Enter');
    const title = await workbench.webviewText('.cell-examples .cell-title', (t) => t.length > 0);
    const noun = count === 1 ? 'row' : 'rows';
    assert.match(
      title,
      new RegExp(`^${count} validation ${noun} of class ${actual} answered ${predicted} at step 1800`),
    );
    const shown = await view
      .locator('.cell-examples canvas')
      .evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label')));
    assert.strictEqual(shown.length, Math.min(count, 24));
    for (const l of shown) assert.match(l ?? '', new RegExp(`: ${actual}, the network says ${predicted}`));

    // The block is taller than the window: the page, scrolled to the unit pictures, shows the views in their place.
    const shoot = async (name: string): Promise<void> => {
      await view
        .locator('.images-block h3')
        .nth(1)
        .evaluate((h) => h.scrollIntoView({ block: 'center' }));
      await screenshot(workbench.page, name, { docs: true });
    };
    await shoot('panel-image-views-light');
    await workbench.panelRebuiltAfter(() => workbench.colorTheme('Dark Modern', 'dark'));
    await workbench.webviewText('.images-block .note', (t) => /step 1800$/.test(t));
    assert.strictEqual(await view.locator('.cell-examples canvas').count(), shown.length, 'the examples stay shown');
    await shoot('panel-image-views-dark');
  });
});
