// Hovers through the real provider pipeline: layers, weights without a session, and a weight's gradient after a step.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import { activeExtension, fixture, hoverWhere, offsetIn, showSpec, waitFor } from './helpers';

describe('hover', () => {
  let api: BackpropApi;
  before(async () => ({ api } = await activeExtension()));
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('describes the layers of a spec', async () => {
    const doc = await showSpec('tiny.nn.json');
    const hidden = await hoverWhere(doc, offsetIn(doc, '"hidden"'), 'units');
    assert.match(hidden, /\*\*hidden\*\* \(hidden layer 1 of 2\)/);
    assert.match(hidden, /3 units · tanh · fan-in 2 · 9 parameters/);
    const output = await hoverWhere(doc, offsetIn(doc, '"sigmoid"'), 'units');
    assert.match(output, /\*\*output\*\* \(output layer of 2\)/);
  });

  it('offers a "Compute gradients" link on a weight before any step, and the link takes one step', async () => {
    const doc = await showSpec('xor.nn.json');
    const uri = fixture('xor.nn.json');
    const text = await hoverWhere(doc, offsetIn(doc, '0.8'), 'Compute gradients');
    assert.match(text, /hidden\.weights\[1\]\[1\]/);
    const link = /\[Compute gradients\]\(command:(backprop\.step)\?([^)]+)\)/.exec(text);
    assert.ok(link, text);
    // What clicking the link runs: the command with its JSON-encoded arguments.
    await vscode.commands.executeCommand(link[1], ...(JSON.parse(decodeURIComponent(link[2])) as unknown[]));
    await waitFor(() => (api.sessionFor(uri)?.view.snapshot?.step === 1 ? true : undefined), {
      what: 'the step the link took',
      timeoutMs: 10_000,
    });
  });

  it("shows a weight's value, gradient and last update after a step", async () => {
    const doc = await showSpec('xor.nn.json');
    const uri = fixture('xor.nn.json');
    const info = await api.whenStatus(uri, 'paused');
    const snapshot = await waitFor(() => api.sessionFor(uri)?.view.snapshot, {
      what: 'the snapshot of the step',
      timeoutMs: 10_000,
    });
    // hidden.weights[1][1] is flat index 3: W of layer 0 is [3, 2] row-major.
    const grad = snapshot.layers[0].weightGrads[3];
    assert.ok(Number.isFinite(grad) && grad !== 0, `gradient ${grad}`);
    const text = await hoverWhere(doc, offsetIn(doc, '0.8'), 'gradient:');
    assert.match(text, /value: [-\d.e]+ \(in the file: 0\.8\)/);
    assert.match(text, /gradient: [-\d.e]+ at step 1/);
    assert.match(text, /last update:/);
    const shown = Number(/gradient: ([-\d.e]+)/.exec(text)?.[1]);
    assert.ok(Math.abs(shown - grad) <= 1e-3 * Math.abs(grad), `hover says ${shown}, snapshot ${grad}`);
    assert.strictEqual(info.shape.join('-'), '2-3-1');
    const layer = await hoverWhere(doc, offsetIn(doc, '"hidden"'), 'gradient norm');
    assert.match(layer, /mean activation: [-\d.e]+ · saturated units: \d of 3/);
  });
});
