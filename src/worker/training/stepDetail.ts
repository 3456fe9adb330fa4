// The step view's numbers: what one step computed in every layer, copied out of the engine's batch buffers.
import type { Trainer } from '../../engine';
import type { StepDetail } from '../../protocol';

/** z, a, dJ/da and dJ/dz of every layer for the last step's batch, read before anything overwrites them. */
export function stepDetailOf(t: Trainer): StepDetail {
  const rows = t.lastBatchRows().length;
  const net = t.net;
  const last = t.model.layers.length - 1;
  const layers = t.model.layers.map((_, l) => {
    const v = net.batchView(l);
    const n = rows * net.layout.layers[l].units;
    const copy = (x: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }): Float64Array =>
      Float64Array.from(x.subarray(0, n));
    return { Z: copy(v.Z), A: copy(v.A), dA: l === last && net.outputFused ? undefined : copy(v.dA), dZ: copy(v.dZ) };
  });
  const X = net.batchView(0).X;
  return {
    step: t.step,
    rows: Array.from(t.lastBatchRows()),
    inputs: Float64Array.from(X.subarray(0, rows * net.inputSize)),
    layers,
    fusedOutput: net.outputFused,
  };
}
