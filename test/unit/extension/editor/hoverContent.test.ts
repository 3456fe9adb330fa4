import * as assert from 'node:assert/strict';
import type { GradCheckInfo } from '../../../../src/protocol';
import { hoverMarkdown, type HoverSession } from '../../../../src/extension/editor/hoverContent';
import { formatNumber as fmt } from '../../../../src/shared/format';
import { example, fakeSnapshot, offsetOf } from '../helpers';

const links = { computeGradients: 'command:backprop.step?%5B%5D' };

describe('extension/hoverContent', () => {
  const { text, spec } = example('xor.nn.json');
  const session = (extra: Partial<HoverSession> = {}): HoverSession => ({
    shape: [2, 3, 1],
    snapshot: fakeSnapshot(13, 2),
    gradientHistory: () => [0.1, 0.2, 0.4, 0.3],
    ...extra,
  });

  it('offers to compute gradients over a weight when there is no session', () => {
    const md = hoverMarkdown(text, offsetOf(text, '0.8'), spec, undefined, links);
    assert.match(md!, /\*\*hidden\.weights\[1\]\[1\]\*\*/);
    assert.match(md!, /value in the file: 0\.8/);
    assert.match(md!, /\[Compute gradients\]\(command:backprop\.step\?%5B%5D\)/);
  });

  it('shows value, file value, gradient, last update and a sparkline of a weight with a session', () => {
    // hidden.weights[1][1] is flat index 3 (row-major W [3, 2]).
    const md = hoverMarkdown(text, offsetOf(text, '0.8'), spec, session(), links)!;
    assert.match(md, /value: 4 \(in the file: 0\.8\)/);
    assert.match(md, /gradient: 0\.04 at step 5/);
    assert.match(md, /last update: -0\.003/);
    assert.match(md, /recent gradients: `▁▃█▆` \(last 4 snapshots\)/);
  });

  it('maps a bias of the second layer to its flat index', () => {
    // output.biases[0] is the last of 13 parameters.
    const at = text.indexOf('"biases": [0]') + '"biases": ['.length;
    const md = hoverMarkdown(text, at, spec, session(), links)!;
    assert.match(md, /\*\*output\.biases\[0\]\*\*/);
    assert.match(md, /value: 13 \(in the file: 0\)/);
    assert.match(md, /gradient: 0\.13/);
  });

  it('adds the numerical gradient and relative error after a gradient check', () => {
    const check: GradCheckInfo = {
      loss: 0.7,
      eps: 1e-6,
      checked: 13,
      total: 13,
      overallError: 1e-9,
      verdict: 'good',
      mismatches: 1,
      kinks: 0,
      rows: [
        {
          ref: { layer: 0, kind: 'weight', row: 1, col: 1 },
          path: 'hidden.weights[1][1]',
          analytic: 0.04,
          numeric: 0.05,
          absError: 0.01,
          relError: 0.111,
          mismatch: true,
          kink: false,
        },
      ],
    };
    const md = hoverMarkdown(text, offsetOf(text, '0.8'), spec, session({ check }), links)!;
    assert.match(md, /gradient check: numerical 0\.05, backprop 0\.04, relative error 0\.111 ⚠ mismatch/);
  });

  it('shows a layer gradient norm and activation health', () => {
    const md = hoverMarkdown(text, offsetOf(text, '"hidden"'), spec, session(), links)!;
    assert.match(md, /\*\*hidden\*\* \(hidden layer 1 of 2\)/);
    // ‖(0.01 … 0.09)‖ = sqrt(Σ k² / 10⁴, k = 1..9) = sqrt(285) / 100
    assert.match(md, new RegExp(`gradient norm: ${fmt(Math.sqrt(285) / 100)} at step 5`));
    assert.match(md, /mean activation: 0\.25 · saturated units: 2 of 3/);
  });

  it('says a session of another shape must be reset instead of showing its numbers', () => {
    const md = hoverMarkdown(text, offsetOf(text, '0.8'), spec, session({ shape: [2, 4, 1] }), links)!;
    assert.match(md, /runs this spec's earlier shape \(2-4-1\): reset to train the edited network/);
    assert.doesNotMatch(md, /gradient:|Compute gradients/);
  });

  it('describes the input and nothing elsewhere', () => {
    assert.equal(hoverMarkdown(text, offsetOf(text, '"input"'), spec, undefined, links), '**input**: 2 features');
    assert.equal(hoverMarkdown(text, offsetOf(text, '"loss"'), spec, undefined, links), undefined);
  });
});
