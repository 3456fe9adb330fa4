// UI test: a layer too large for edges is a heatmap in the panel, and its tooltip shows the exact weight under the
// mouse, which the panel asks the host for (it holds such layers only as pooled, 8-bit pictures).
import * as assert from 'assert';
import { waitFor } from '../../scripts/wait';
import { useWorkbench } from './fixture';
import { screenshot } from './screenshots';
import { WIDE_SPEC as SPEC, wideWeight as fileWeight, writeTestSpecs } from './specs';

const stepOf = (r: Record<string, string>): number => Number.parseInt(r['step'] ?? '', 10);

describe('A large layer in the panel', function () {
  const fixture = useWorkbench('xor.nn.json');

  before(() => writeTestSpecs(fixture.workspace));

  it('draws it as a pooled heatmap whose tooltip gives the exact weight under the mouse', async () => {
    const { workbench } = fixture;
    await workbench.openFromExplorer('xor.nn.json');
    await workbench.runCommand('Backprop: Open Network Spec…');
    await workbench.pick(SPEC, SPEC);
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Step');
    await workbench.readout((r) => stepOf(r) === 1, 'step 1');
    const canvas = workbench.webview().locator('.graph-canvas');
    const box = await canvas.boundingBox();
    assert.ok(box, 'the graph canvas is on screen');
    // Halfway between the input column (x = 40) and the hidden one: inside the heatmap, at mid height.
    await canvas.hover({ position: { x: 40 + (box.width - 80) / 4, y: box.height / 2 } });
    const tip = workbench.webview().locator('.tooltip');
    // The exact numbers come from the host a moment after the pointer lands ("…" until then).
    const text = await waitFor(
      async () => {
        const t = (await tip.textContent()) ?? '';
        return /w = -?\d/.test(t) ? t : undefined;
      },
      { what: 'the tooltip with the exact weight', timeoutMs: 10_000 },
    );
    const cell = /wide\.weights\[(\d+)\]\[(\d+)\][\s\S]*heatmap cell: rows (\d+)–(\d+), cols (\d+)–(\d+)/.exec(text);
    assert.ok(cell, `the tooltip reads: ${text}`);
    const [row, col, row0, row1, col0, col1] = cell.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    assert.deepStrictEqual(
      [row0, row1, col0 % 3, col1 - col0],
      [row, row, 0, 2],
      `W[${row}][${col}] in its 1 × 3 cell: ${text}`,
    );
    assert.ok(col0 <= col && col <= col1, `W[${row}][${col}] lies in its cell`);
    // The exact numbers of that weight after one SGD step (learning rate 0.01) from the spec's value: the weight is
    // the spec's plus the update, and the update is −0.01 × the gradient (to the 4 digits shown).
    const read = (name: string): number => Number(new RegExp(`${name} = (\\S+)`).exec(text)?.[1]);
    const [w, grad, update] = [read('w'), read('dJ/dw'), read('last update')];
    assert.ok([w, grad, update].every(Number.isFinite) && grad !== 0, text);
    const close = (a: number, b: number, slack = 0): boolean =>
      Math.abs(a - b) <= 5e-4 * Math.max(Math.abs(a), Math.abs(b)) + slack;
    assert.ok(
      close(w, fileWeight(row, col) + update, 5e-4 * Math.abs(update)),
      `w = ${w}, the spec's ${fileWeight(row, col)}, update ${update}`,
    );
    assert.ok(close(update, -0.01 * grad), `update ${update} against −0.01 × ${grad}`);
    // The cell's colour stands for its block's strongest weight, to within half an 8-bit step of the layer's largest
    // (0.1).
    const block = [col0, col0 + 1, col0 + 2].map((c) => fileWeight(row, c));
    const strongest = block.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
    const [, shownText, sign] = /its colour: strongest w ≈ (\S+) \((positive|negative)\)/.exec(text) ?? [];
    const shown = Number(shownText);
    // Colour is not the only signal: the sign is said in words, in the tooltip as in the graph's description.
    assert.strictEqual(sign, strongest > 0 ? 'positive' : 'negative', text);
    assert.match(text, new RegExp(String.raw`\nw = \S+ \(${w > 0 ? 'positive' : 'negative'}\)\n`), text);
    assert.ok(
      Math.abs(shown - strongest) <= 0.1 / 254 + 5e-4 * Math.abs(strongest) + 1e-4,
      `the cell shows ${shown}, its block's strongest is ${strongest}`,
    );
    await screenshot(workbench.webview().locator('.graph-box'), 'panel-heatmap-tooltip', { docs: true });

    // Another step: the tooltip and the step view (explaining wide.weights[0][0], also pooled) each get their weight's
    // exact numbers at step 2, and neither answer takes the other's away.
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Step');
    await workbench.readout((r) => stepOf(r) === 2, 'step 2');
    await workbench.webviewText('.block.step', (t) => /Gradient in the snapshot \(step 2\) = -?\d/.test(t));
    await waitFor(
      async () => (/w = -?\d[\s\S]*last update = -?\d/.test((await tip.textContent()) ?? '') ? true : undefined),
      { what: 'the tooltip at step 2', timeoutMs: 10_000 },
    );
    assert.match(await workbench.webviewText('.block.step', () => true), /Gradient in the snapshot \(step 2\) = -?\d/);
  });
});
