// Shared by the extension's pure-module tests: example specs parsed from disk, and fake snapshots.
import * as fs from 'fs';
import * as path from 'path';
import { ParamLayout } from '../../../src/shared/paramLayout';
import { nodeSpecHost } from '../../../src/node/specFiles';
import type { Snapshot } from '../../../src/protocol';
import { parseSpec } from '../../../src/netspec';
import type { Spec } from '../../../src/netspec';

const root = path.join(__dirname, '../../../..');

/** An example's text and its validated spec. */
export function example(name: string): { text: string; spec: Spec } {
  const specPath = path.join(root, 'examples', name);
  const text = fs.readFileSync(specPath, 'utf8');
  return { text, spec: parsed(text, specPath) };
}

/** The spec of `text` (which must be valid), read as if it lived at `specPath`. */
export function parsed(text: string, specPath = path.join(root, 'examples', 'x.nn.json')): Spec {
  const result = parseSpec(text, nodeSpecHost(specPath));
  if (!result.spec) throw new Error(`invalid spec: ${JSON.stringify(result.problems.map((p) => p.message))}`);
  return result.spec;
}

/** A snapshot whose parameter i has value base + i, gradient (i + 1) / 100 and update −i / 1000. */
export function fakeSnapshot(size: number, layers: number, step = 5): Snapshot {
  const ramp = (f: (i: number) => number) => Float64Array.from({ length: size }, (_, i) => f(i));
  return {
    step,
    epoch: step,
    loss: 0.5,
    params: ramp((i) => 1 + i),
    grads: ramp((i) => (i + 1) / 100),
    lastUpdate: ramp((i) => -i / 1000),
    health: Array.from({ length: layers }, () => ({ dead: 1, saturated: 2, meanActivation: 0.25 })),
  };
}

/** The flat layout of a 2-3-1 network (13 parameters), as the worker pictures it. */
export const XOR_SLICES = ParamLayout.ofShape([2, 3, 1]).layers;

/** The offset just inside the n-th (0-based) occurrence of `needle` in `text`. */
export function offsetOf(text: string, needle: string, n = 0): number {
  let at = -1;
  for (let k = 0; k <= n; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" #${k} not in text`);
  }
  return at + 1;
}
