// Property: writing weights back into a spec (weightEdits + applyTextEdits) and parsing it again gives them back
// bit-exactly.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyTextEdits, weightEdits } from '../../../src/netspec';
import type { LayerValues } from '../../../src/netspec';
import { parseValid, SEED, validSpecObject } from './arbitraries';

const RUNS = 500;

/** Any double the schema accepts as a parameter (|v| ≤ 1e6), including -0 and subnormals. */
const param = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(-0, 5e-324, -5e-324, 1e6, 0.1 + 0.2),
);

/** The spec's text in one of the layouts people use: pretty, compact, tabs with CRLF, or with comments. */
function layout(obj: Record<string, unknown>, style: number): string {
  const pretty = JSON.stringify(obj, null, 2);
  return [
    pretty,
    JSON.stringify(obj),
    JSON.stringify(obj, null, '\t').replace(/\n/g, '\r\n'),
    `// trained\n${pretty.replace('"layers": [', '"layers": [ /* keep */')}`,
  ][style];
}

describe('properties: write-back', () => {
  it(`weightEdits then parse gives back the same weights bit-exactly (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(validSpecObject, fc.integer({ min: 0, max: 3 }), fc.infiniteStream(param), (obj, style, values) => {
        const text = layout(obj, style);
        const layers: LayerValues[] = parseValid(text).model.layers.map((l, i, all) => {
          const fanIn = i === 0 ? (obj.input as number) : all[i - 1].units;
          return {
            weights: Array.from({ length: l.units }, () =>
              Array.from({ length: fanIn }, () => values.next().value as number),
            ),
            biases: Array.from({ length: l.units }, () => values.next().value as number),
          };
        });
        const written = applyTextEdits(text, weightEdits(text, layers));
        const back = parseValid(written).model.layers;
        back.forEach((l, i) => {
          l.weights!.flat().forEach((v, j) =>
            assert.ok(Object.is(v, layers[i].weights.flat()[j]), `weights ${v} vs ${layers[i].weights.flat()[j]}`),
          );
          l.biases!.forEach((v, j) => assert.ok(Object.is(v, layers[i].biases[j])));
        });
        assert.deepEqual(weightEdits(written, layers), [], 'a second write-back changes nothing');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
