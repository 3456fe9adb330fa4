// fast-check generators of valid specs: small dense networks (1–6 units a layer) with a loss that fits the output, and
// data.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSpec } from '../../../src/netspec';
import type { Spec } from '../../../src/netspec';
import { host } from '../netspec/helpers';

/** One fixed seed for every property, so a failure reproduces; fast-check prints the counterexample and the path. */
export const SEED = 20240611;

const HIDDEN = ['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'elu', 'softplus', 'gelu'] as const;

/** A number as people write them (6 decimals): fast-check's 1e-182s only test float underflow, not backprop. */
function decimal(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true }).map((v) => Math.round(v * 1e6) / 1e6);
}

/** Weights small enough that no activation saturates into a flat, badly conditioned finite difference. */
const weight = decimal(-1, 1);

interface LayerShape {
  units: number;
  activation: string;
}

/** A JSON object for `rows × width` numbers in ±2. */
function matrix(rows: number, width: number, value = decimal(-2, 2)): fc.Arbitrary<number[][]> {
  return fc.array(fc.array(value, { minLength: width, maxLength: width }), { minLength: rows, maxLength: rows });
}

/** Explicit weights and biases for some layers, drawn from the seed for the others. */
function withWeights(layers: LayerShape[], input: number): fc.Arbitrary<Record<string, unknown>[]> {
  return fc.tuple(
    ...layers.map((l, i) => {
      const fanIn = i === 0 ? input : layers[i - 1].units;
      return fc
        .option(
          fc.record({
            weights: matrix(l.units, fanIn, weight),
            biases: fc.array(weight, { minLength: l.units, maxLength: l.units }),
          }),
          { nil: undefined },
        )
        .map((explicit) => ({ name: `l${i}`, ...l, ...(explicit ?? {}) }));
    }),
  );
}

/** A valid spec as a plain object: 1–3 layers, a loss with a matching output activation, 1–8 rows of inline data. */
export const validSpecObject: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    input: fc.integer({ min: 1, max: 6 }),
    hidden: fc.array(fc.record({ units: fc.integer({ min: 1, max: 6 }), activation: fc.constantFrom(...HIDDEN) }), {
      maxLength: 2,
    }),
    loss: fc.constantFrom('mse', 'binary-cross-entropy', 'cross-entropy'),
    mseOutput: fc.constantFrom(...HIDDEN),
    outputUnits: fc.integer({ min: 1, max: 6 }),
    rows: fc.integer({ min: 1, max: 8 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    optimizer: fc.oneof(
      fc.record({
        type: fc.constant('sgd'),
        learningRate: fc.double({ min: 1e-3, max: 0.1, noNaN: true }),
        momentum: fc.double({ min: 0, max: 0.9, noNaN: true }),
      }),
      fc.record({ type: fc.constant('adam'), learningRate: fc.double({ min: 1e-3, max: 0.1, noNaN: true }) }),
      fc.record({ type: fc.constant('rmsprop'), learningRate: fc.double({ min: 1e-3, max: 0.1, noNaN: true }) }),
    ),
    batchSize: fc.integer({ min: 1, max: 8 }),
    l2: fc.constantFrom(0, 0.01),
  })
  .chain((s) => {
    const units = s.loss === 'cross-entropy' ? Math.max(2, s.outputUnits) : s.outputUnits;
    const output = {
      units,
      activation: { mse: s.mseOutput, 'binary-cross-entropy': 'sigmoid', 'cross-entropy': 'softmax' }[s.loss],
    };
    const targets =
      s.loss === 'cross-entropy'
        ? fc
            .array(fc.integer({ min: 0, max: units - 1 }), { minLength: s.rows, maxLength: s.rows })
            .map((labels) => ({ labels }))
        : matrix(s.rows, units, s.loss === 'mse' ? undefined : decimal(0, 1)).map((t) => ({ targets: t }));
    return fc
      .record({ layers: withWeights([...s.hidden, output], s.input), inputs: matrix(s.rows, s.input), targets })
      .map((d) => ({
        seed: s.seed,
        input: s.input,
        layers: d.layers,
        loss: s.loss,
        optimizer: s.optimizer,
        training: { epochs: 1, batchSize: s.batchSize, shuffle: true, l2: s.l2 },
        data: { inputs: d.inputs, ...d.targets },
      }));
  });

/** Parses a spec object written as JSON; it must be valid (a generator bug otherwise). */
export function parseValid(text: string): Spec {
  const r = parseSpec(text, host);
  assert.deepEqual(
    r.problems.filter((p) => p.severity === 'error'),
    [],
    text,
  );
  return r.spec as Spec;
}
