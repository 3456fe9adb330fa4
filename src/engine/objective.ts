// The objective J over a set of rows (data loss plus L2) and its gradient, evaluated in fixed-size chunks.
import type { Network } from './network';
import type { Dataset } from './types';

/** Rows evaluated per chunk: bounds memory on large data sets without changing the result beyond round-off. */
export const EVAL_CHUNK = 512;

/** Training rows and held-out validation rows: the last floor(s · rows) rows, in file order, are held out. */
export interface RowSplit {
  train: Uint32Array;
  validation: Uint32Array;
}

/** `heldOut` (a separate validation source's rows, Dataset.heldOut) replaces the split's count when given. */
export function splitRows(rows: number, validationSplit: number, heldOut?: number): RowSplit {
  const held = heldOut ?? Math.floor(validationSplit * rows);
  const all = Uint32Array.from({ length: rows }, (_, i) => i);
  return { train: all.subarray(0, rows - held), validation: all.subarray(rows - held) };
}

/**
 * J(θ) over `rows` with L2 weight λ; with `withGradient`, dJ/dθ is left in `net.grads`.
 * `afterChunk` sees each chunk right after its forward pass (gradient checks read the kinks there).
 */
export function evaluateObjective(
  net: Network,
  data: Dataset,
  rows: ArrayLike<number>,
  lambda: number,
  withGradient: boolean,
  afterChunk?: (chunkRows: number) => void,
): number {
  const m = rows.length;
  let J = 0;
  for (let start = 0; start < m; start += EVAL_CHUNK) {
    const n = Math.min(EVAL_CHUNK, m - start);
    net.load(data, rows, start, n);
    J += net.forward(n, m);
    afterChunk?.(n);
    if (withGradient) net.backward(n, m, start > 0);
  }
  if (withGradient) {
    if (m === 0) net.grads.fill(0);
    net.addL2Gradient(lambda);
  }
  return J + net.l2Penalty(lambda);
}
