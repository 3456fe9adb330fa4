// Generated data: deterministic per seed, different across seeds, right shapes and class encodings.
import * as assert from 'node:assert/strict';
import { GENERATORS } from '../../../../src/engine/types';
import { parse, problem, specText } from '../helpers';

function generated(generator: string, seed: number, units = 1, samples = 50): (Float64Array | Float32Array)[] {
  const layers = [
    { units: 4, activation: 'tanh' },
    { units, activation: units === 1 ? 'sigmoid' : 'softmax' },
  ];
  const r = parse(
    specText({
      seed,
      layers,
      loss: units === 1 ? 'binary-cross-entropy' : 'cross-entropy',
      data: { generator, samples },
    }),
  );
  assert.deepEqual(r.problems, [], generator);
  const d = r.spec!.data!;
  assert.deepEqual(
    [d.rows, d.inputSize, d.outputSize, d.inputs.length, d.targets.length],
    [samples, 2, units, samples * 2, samples * units],
  );
  assert.ok(d.inputs.every(Number.isFinite));
  return [d.inputs, d.targets];
}

describe('netspec/data/generators', () => {
  for (const g of GENERATORS) {
    it(`${g}: deterministic per seed, different across seeds, 0/1 targets`, () => {
      const [a, ta] = generated(g, 1);
      const [b] = generated(g, 1);
      const [c] = generated(g, 2);
      assert.deepEqual(a, b);
      assert.notDeepEqual(a, c);
      assert.ok(ta.every((t) => t === 0 || t === 1));
      assert.ok(ta.some((t) => t === 1) && ta.some((t) => t === 0));
    });
  }

  it('one-hot encodes spiral and gaussian classes to the output units', () => {
    for (const g of ['spiral', 'gaussian']) {
      const [, t] = generated(g, 3, 3, 30);
      for (let i = 0; i < 30; i++) assert.deepEqual(Array.from(t.slice(i * 3, i * 3 + 3)).sort(), [0, 0, 1]);
    }
    generated('moons', 3, 2);
  });

  it('uses the default sample count', () => {
    assert.equal(parse(specText({ data: { generator: 'xor' } })).spec!.data!.rows, 200);
  });

  it('locates mismatched inputs and class counts on the generator', () => {
    problem(
      parse(specText({ input: 3, data: { generator: 'xor' } })),
      'generator "xor" makes 2 inputs, but input is 3',
    );
    const text = specText({
      layers: [{ units: 3, activation: 'softmax' }],
      loss: 'cross-entropy',
      data: { generator: 'moons' },
    });
    problem(parse(text), 'generator "moons" makes 2 classes, but the output layer has 3 units');
  });
});
