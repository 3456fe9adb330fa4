// Breakpoints between the client and the worker: line breakpoints placed on layers with ids stable per line, the
// verdicts answered in the client's order, exception filters and data breakpoints passed through.
import * as assert from 'node:assert/strict';
import {
  answerOf,
  dataBreakpoints,
  exceptionBreakpoints,
  LineBreakpoints,
  samePath,
} from '../../../src/debug/breakpoints';
import { startInfo } from './startInfo';

describe('debug/breakpoints', () => {
  it('places each line on the layer whose object spans it, keeping the condition and hit count', () => {
    const placed = new LineBreakpoints().place(startInfo(), true, [
      { line: 5, condition: 'step > 3' },
      { line: 12, hitCondition: '2' },
      { line: 13 },
      { line: 19, condition: 'norm(dW) > 1' },
    ]);
    assert.deepEqual(placed.layers, [
      { id: 1, layer: 0, condition: 'step > 3', hitCondition: undefined },
      { id: 2, layer: 0, condition: undefined, hitCondition: '2' },
      { id: 3, layer: 1, condition: undefined, hitCondition: undefined },
      { id: 4, layer: 1, condition: 'norm(dW) > 1', hitCondition: undefined },
    ]);
  });

  it("answers in the client's order: lines outside a layer unverified, the worker's verdicts on the rest", () => {
    const placed = new LineBreakpoints().place(startInfo(), true, [
      { line: 1 },
      { line: 6 },
      { line: 20 },
      { line: 14 },
    ]);
    assert.deepEqual(
      placed.layers.map((l) => l.layer),
      [0, 1],
    );
    const answer = placed.answer([{ verified: true }, { verified: false, message: 'unexpected text at column 6' }]);
    assert.deepEqual(
      answer.map((b) => [b.line, b.verified, b.id, b.message]),
      [
        [1, false, undefined, "Breakpoints go on a layer's lines"],
        [6, true, 1, undefined],
        [20, false, undefined, "Breakpoints go on a layer's lines"],
        [14, false, 2, 'unexpected text at column 6'],
      ],
    );
  });

  it('places nothing in another file, and says why', () => {
    const placed = new LineBreakpoints().place(startInfo(), false, [{ line: 6 }]);
    assert.deepEqual(placed.layers, []);
    assert.deepEqual(
      placed.answer([]).map((b) => [b.verified, b.message]),
      [[false, 'Not the spec being debugged']],
    );
  });

  it('keeps one id per line for the session, so a stop names the breakpoint the client set there', () => {
    const lines = new LineBreakpoints();
    const first = lines.place(startInfo(), true, [{ line: 6 }, { line: 14 }]).layers.map((l) => l.id);
    const again = lines.place(startInfo(), true, [{ line: 14 }, { line: 7 }, { line: 6 }]).layers.map((l) => l.id);
    assert.deepEqual(first, [1, 2]);
    assert.deepEqual(again, [2, 3, 1]);
  });

  it('turns filters and filter options into exception breakpoints, conditions kept', () => {
    assert.deepEqual(
      exceptionBreakpoints({
        filters: ['nonFinite', 'lossIncreased'],
        filterOptions: [{ filterId: 'gradNorm', condition: '> 10' }, { filterId: 'deadUnits' }],
      }),
      [
        { filter: 'nonFinite' },
        { filter: 'lossIncreased' },
        { filter: 'gradNorm', condition: '> 10' },
        { filter: 'deadUnits', condition: undefined },
      ],
    );
    assert.deepEqual(exceptionBreakpoints({ filters: [] }), []);
  });

  it('watches the path a data breakpoint names, with its condition and hit count', () => {
    assert.deepEqual(
      dataBreakpoints({ breakpoints: [{ dataId: 'hidden.W[0][1]', condition: 'old * new < 0', hitCondition: '3' }] }),
      [{ path: 'hidden.W[0][1]', condition: 'old * new < 0', hitCondition: '3' }],
    );
  });

  it("answers the worker's verdicts one for one, a message only where there is one", () => {
    assert.deepEqual(answerOf([{ verified: true }, { verified: false, message: "'> x' is not a condition" }]), [
      { verified: true },
      { verified: false, message: "'> x' is not a condition" },
    ]);
  });

  it('compares paths case-insensitively on Windows only, backslashes read as slashes', () => {
    assert.ok(samePath('C:\\Work\\xor.nn.json', 'c:/work/XOR.nn.json', 'win32'));
    assert.ok(!samePath('/work/Xor.nn.json', '/work/xor.nn.json', 'linux'));
    assert.ok(samePath('/work\\xor.nn.json', '/work/xor.nn.json', 'linux'));
    assert.ok(!samePath('/work/xor.nn.json', '/work/xor.nn.jsonc', 'win32'));
  });
});
