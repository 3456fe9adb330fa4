// UI test: a layer too large for edges is a heatmap in the panel, and its tooltip shows a weight's exact numbers,
// which the panel asks the host for (it holds such layers only as pooled pictures).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { waitFor } from '../../scripts/wait';
import { useWorkbench } from './fixture';
import { screenshot } from './screenshots';

const SPEC = 'wide.nn.json';
const INPUTS = 300;
const UNITS = 20;

/** 300 inputs into 20 tanh units: 6,000 weights, past the 4,096 the panel receives exactly, so pooled 1 × 3. */
const wideSpec = JSON.stringify({
  name: 'Wide',
  seed: 3,
  input: INPUTS,
  layers: [{ name: 'wide', units: UNITS, activation: 'tanh' }, { name: 'output', units: 1, activation: 'sigmoid' }],
  loss: 'binary-cross-entropy',
  training: { epochs: 50, batchSize: 4 },
  data: {
    inputs: Array.from({ length: 4 }, (_, r) => Array.from({ length: INPUTS }, (_, c) => ((r * 7 + c * 13) % 5) / 4)),
    targets: [[0], [1], [1], [0]],
  },
});

describe('A large layer in the panel', function () {
  const fixture = useWorkbench('xor.nn.json');

  before(() => fs.writeFileSync(path.join(fixture.workspace, SPEC), wideSpec));

  it('draws it as a pooled heatmap whose tooltip gives the exact weight under the mouse', async () => {
    const { workbench } = fixture;
    await workbench.openFromExplorer('xor.nn.json');
    await workbench.runCommand('Backprop: Open Network Spec…');
    await workbench.pick(SPEC, SPEC);
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Step');
    await workbench.readout((r) => r['step'] === '1', 'step 1');
    const canvas = workbench.webview().locator('.graph-canvas');
    const box = await canvas.boundingBox();
    assert.ok(box, 'the graph canvas is on screen');
    // Halfway between the input column (x = 40) and the hidden one: inside the heatmap, at mid height.
    await canvas.hover({ position: { x: 40 + (box.width - 80) / 4, y: box.height / 2 } });
    const tip = workbench.webview().locator('.tooltip');
    // The exact numbers come from the host a moment after the pointer lands ("…" until then).
    const text = await waitFor(async () => {
      const t = (await tip.textContent()) ?? '';
      return /w = -?\d/.test(t) ? t : undefined;
    }, { what: 'the tooltip with the exact weight', timeoutMs: 10_000 });
    const cell = /wide\.weights\[(\d+)\]\[(\d+)\][\s\S]*heatmap cell: rows (\d+)–(\d+), cols (\d+)–(\d+)/.exec(text);
    assert.ok(cell, `the tooltip reads: ${text}`);
    const [row, col, row0, row1, col0, col1] = cell.slice(1).map(Number) as [number, number, number, number, number, number];
    assert.ok(row0 <= row && row <= row1 && col0 <= col && col <= col1, `W[${row}][${col}] lies in its cell`);
    assert.strictEqual(row1 - row0 + 1, 1, 'one unit per cell row');
    assert.strictEqual(col1 - col0 + 1, 3, 'three inputs per cell');
    const w = Number(/w = (\S+)/.exec(text)?.[1]);
    const strongest = Number(/strongest in it: w ≈ (\S+)/.exec(text)?.[1]);
    assert.ok(Number.isFinite(w) && Number.isFinite(strongest), text);
    // The cell shows its block's strongest weight within one 8-bit step: no weight of the block is stronger.
    assert.ok(Math.abs(w) <= Math.abs(strongest) * (1 + 1 / 127) + 1e-12, `|w| = ${Math.abs(w)} beyond the cell's ${strongest}`);
    assert.match(text, /dJ\/dw = -?\d/);
    assert.match(text, /last update = -?\d/);
    await screenshot(workbench.page, 'panel-heatmap-tooltip');
  });
});
