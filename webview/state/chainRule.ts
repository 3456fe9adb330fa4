// The step view's numbers: per-unit values of a step's batch and the chain-rule factors of one gradient (pure).
import type { ParamRef, StepDetail } from '../../src/protocol';
import { scalarActivation } from '../../src/shared/activations';

/** Which sample of the batch to show, or the batch mean. */
export type SampleChoice = number | 'mean';

/** A quantity per unit of a column: column 0 is the input (only 'A' = the inputs), column l + 1 is layer l. */
export type Quantity = 'Z' | 'A' | 'dA' | 'dZ';

/** Units of column `column` (input width for column 0). */
function widthOf(detail: StepDetail, column: number): number {
  const rows = detail.rows.length;
  if (rows === 0) return 0;
  const buf = column === 0 ? detail.inputs : detail.layers[column - 1]?.Z;
  return buf ? buf.length / rows : 0;
}

/** The [rows, units] buffer of a quantity, or undefined when the step has none (dA of a fused output, Z of inputs). */
function bufferOf(detail: StepDetail, column: number, q: Quantity): Float64Array | undefined {
  if (column === 0) return q === 'A' ? detail.inputs : undefined;
  const layer = detail.layers[column - 1];
  return layer ? layer[q] : undefined;
}

/** One quantity per unit for a sample (or the batch mean); undefined when absent or the sample is out of range. */
export function unitValues(
  detail: StepDetail,
  column: number,
  q: Quantity,
  sample: SampleChoice,
): Float64Array | undefined {
  const buf = bufferOf(detail, column, q);
  const rows = detail.rows.length;
  const units = widthOf(detail, column);
  if (!buf || rows === 0) return undefined;
  const out = new Float64Array(units);
  if (sample === 'mean') {
    for (let s = 0; s < rows; s++) for (let j = 0; j < units; j++) out[j]! += buf[s * units + j]!;
    for (let j = 0; j < units; j++) out[j]! /= rows;
    return out;
  }
  if (sample < 0 || sample >= rows) return undefined;
  return buf.slice(sample * units, (sample + 1) * units);
}

/** The factors of one sample's share of dJ/dw. */
export interface SampleFactors {
  sample: number;
  /** The data row of the sample. */
  row: number;
  /** dJ/da; absent for a fused output layer. */
  dJda?: number;
  /** da/dz = f'(z); absent when fused or the activation is not element-wise. */
  dadz?: number;
  /** dJ/dz as the engine computed it (for a fused output: (a − y)/m). */
  dJdz: number;
  /** dz/dw: the previous layer's activation (the input for the first layer), or 1 for a bias. */
  dzdw: number;
  /** dJ/da · da/dz · dz/dw when both factors are known, else dJ/dz · dz/dw. */
  product: number;
}

export interface ChainRuleResult {
  /** The output layer's dJ/dz came straight from the loss (fused (a − y)/m delta). */
  fused: boolean;
  /** f'(z) was available as a scalar for every sample. */
  elementwise: boolean;
  samples: SampleFactors[];
  /** Σ over the batch of the products: the data part of the gradient. */
  sum: number;
}

/**
 * Chain-rule factors of dJ/dW[l][j][i] (or dJ/db[l][j]) over a step's batch; undefined when the reference is outside
 * it.
 */
export function chainRule(
  detail: StepDetail,
  activations: readonly string[],
  ref: ParamRef,
): ChainRuleResult | undefined {
  const l = ref.layer;
  const layer = detail.layers[l];
  const rows = detail.rows.length;
  if (!layer || rows === 0) return undefined;
  const units = layer.Z.length / rows;
  const fanIn = widthOf(detail, l);
  const j = ref.row;
  if (j < 0 || j >= units || (ref.kind === 'weight' && (ref.col < 0 || ref.col >= fanIn))) return undefined;
  const prev = l === 0 ? detail.inputs : detail.layers[l - 1]!.A;
  const fused = l === detail.layers.length - 1 && detail.fusedOutput;
  const rule = scalarActivation(activations[l] ?? '');
  let elementwise = !fused;
  let sum = 0;
  const samples: SampleFactors[] = [];
  for (let s = 0; s < rows; s++) {
    const k = s * units + j;
    const dJdz = layer.dZ[k]!;
    const dzdw = ref.kind === 'weight' ? prev[s * fanIn + ref.col]! : 1;
    const f: SampleFactors = { sample: s, row: detail.rows[s]!, dJdz, dzdw, product: dJdz * dzdw };
    if (!fused && layer.dA) {
      f.dJda = layer.dA[k]!;
      if (!rule) elementwise = false;
      else {
        const d = rule.df(layer.Z[k]!, layer.A[k]!);
        f.dadz = d;
        f.product = f.dJda * d * dzdw;
      }
    }
    sum += f.product;
    samples.push(f);
  }
  return { fused, elementwise, samples, sum };
}
