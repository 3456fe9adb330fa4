import * as assert from 'node:assert/strict';
import {
  evaluate,
  ExpressionError,
  parseExpression,
  scoped,
  type Environment,
  type Tensor,
  type Value,
} from '../../../../src/worker/debug/expressions';

const W: Tensor = {
  kind: 'tensor',
  data: new Float64Array([1, -2, 3, -4]),
  rows: 2,
  cols: 2,
  vector: false,
  name: 'hidden.W',
};
const b: Tensor = {
  kind: 'tensor',
  data: new Float64Array([0.5, -0.5]),
  rows: 1,
  cols: 2,
  vector: true,
  name: 'hidden.b',
};
const ENV: Environment = {
  layerNames: ['hidden', 'output'],
  layerFields: (l) =>
    new Map<string, number | Tensor>(
      l === 0
        ? [
            ['W', W],
            ['b', b],
          ]
        : [],
    ),
  globals: new Map([
    ['step', 7],
    ['loss', 0.25],
  ]),
  missing: (l, f) => (l === 1 && f === 'delta' ? 'output.delta is not computed yet in step 8' : undefined),
};

const run = (text: string, env: Environment = ENV): Value => evaluate(parseExpression(text), env);
const fails = (text: string, message: RegExp, env: Environment = ENV): void =>
  assert.throws(
    () => run(text, env),
    (err: Error) => err instanceof ExpressionError && message.test(err.message),
  );

describe('worker/debug/expressions', () => {
  it('reads fields, indexes rows and values, and reduces', () => {
    assert.equal(run('hidden.W[1][0]'), 3);
    assert.equal(run('hidden.weights[0][1]'), -2);
    assert.deepEqual(Array.from((run('hidden.W[1]') as Tensor).data), [3, -4]);
    assert.equal(run('norm(hidden.W)'), Math.sqrt(30));
    assert.equal(run('max(abs(hidden.W))'), 4);
    assert.equal(run('mean(hidden.b)'), 0);
    assert.equal(run('min(hidden.W)'), -4);
    assert.equal(run('count(hidden.W)'), 4);
    assert.equal(run('max(1, 5, 3)'), 5);
  });

  it('does arithmetic with precedence, comparisons and logic as 1 or 0', () => {
    assert.equal(run('1 + 2 * 3 - -4 / 2'), 9);
    assert.equal(run('(1 + 2) * 3'), 9);
    assert.equal(run('step > 5 && loss < 1'), 1);
    assert.equal(run('step > 500 || !(loss == 0.25)'), 0);
    assert.equal(run('2.5e-1 == loss'), 1);
    assert.deepEqual(Array.from((run('hidden.W * 2 + hidden.W') as Tensor).data), [3, -6, 9, -12]);
  });

  it('reads bare fields of the breakpoint’s or frame’s layer', () => {
    assert.equal(run('norm(W) > 5', scoped(ENV, 0)), 1);
    fails('W', /no layer named 'W'/);
  });

  it('explains every mistake with the names it knows', () => {
    fails('hiden.W', /^no layer named 'hiden'; layers are hidden, output \(and step, loss name the training state\)$/);
    fails('hidden.X', /layer 'hidden' has no field 'X'; its fields are W, b/);
    fails('output.delta', /output.delta is not computed yet in step 8/);
    fails('hidden.W[2]', /index 2 is outside hidden.W's 2 rows \(0 to 1\)/);
    fails('hidden.b[0.5]', /index 0.5 is outside/);
    fails('nrm(hidden.W)', /unknown function 'nrm'; functions are norm, sum, mean, max, min, count, abs/);
    fails('norm(', /expected a number, a name or \( at column 6, found the end/);
    fails('hidden.W[0', /expected '\]' at column 11/);
    fails('1 +* 2', /at column 4/);
    fails('step $ 2', /unexpected '\$' at column 6/);
    fails('', /empty/);
    fails('hidden.W > 1', /compares numbers, not matrices/);
    fails('hidden.W + hidden.b', /hidden.W is 2 × 2 and hidden.b is a vector of 2/);
    fails('step[0]', /the number 7 cannot be indexed/);
  });

  it('never reaches JavaScript objects: names are looked up only in the state', () => {
    fails('constructor', /no layer named 'constructor'/);
    fails('constructor(1)', /unknown function 'constructor'/);
    fails('hidden.constructor', /no field 'constructor'/);
    fails('hidden.__proto__', /no field '__proto__'/);
    fails('globalThis.process', /no layer named 'globalThis'/);
  });
});
