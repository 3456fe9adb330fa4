// Where each weight and bias lives in the flat parameter vector, and the way back to (layer, row, column).
import type { ModelConfig, ParamRef } from './types';

export interface LayerSlots {
  name: string;
  units: number;
  fanIn: number;
  /** Start of W[units][fanIn], row-major. */
  wOffset: number;
  /** Start of b[units], right after W. */
  bOffset: number;
}

export class ParamLayout {
  readonly layers: LayerSlots[];
  readonly size: number;

  /** Only the sizes and names count, so a network known just by its shape has a layout too. */
  constructor(
    model: Pick<ModelConfig, 'input'> & { layers: readonly Pick<ModelConfig['layers'][number], 'name' | 'units'>[] },
  ) {
    let offset = 0;
    let fanIn = model.input;
    this.layers = model.layers.map((cfg) => {
      const slots = { name: cfg.name, units: cfg.units, fanIn, wOffset: offset, bOffset: offset + cfg.units * fanIn };
      offset = slots.bOffset + cfg.units;
      fanIn = cfg.units;
      return slots;
    });
    this.size = offset;
  }

  /** The layout of a network known only by its shape [input, units…], its layers named layer1, layer2, … */
  static ofShape(shape: readonly number[]): ParamLayout {
    return new ParamLayout({
      input: shape[0] ?? 0,
      layers: shape.slice(1).map((units, l) => ({ name: `layer${l + 1}`, units })),
    });
  }

  /** The parameter at flat index i. */
  refAt(i: number): ParamRef {
    let layer = this.layers.length - 1;
    while (layer > 0 && this.layers[layer].wOffset > i) layer--;
    const s = this.layers[layer];
    if (i >= s.bOffset) return { layer, kind: 'bias', row: i - s.bOffset };
    const k = i - s.wOffset;
    return { layer, kind: 'weight', row: Math.floor(k / s.fanIn), col: k % s.fanIn };
  }

  /** The flat index of a parameter. */
  indexOf(ref: ParamRef): number {
    const s = this.layers[ref.layer];
    return ref.kind === 'bias' ? s.bOffset + ref.row : s.wOffset + ref.row * s.fanIn + ref.col;
  }

  /** A readable path such as `hidden.weights[2][1]` or `output.biases[0]`. */
  pathOf(ref: ParamRef): string {
    const name = this.layers[ref.layer].name;
    return ref.kind === 'bias' ? `${name}.biases[${ref.row}]` : `${name}.weights[${ref.row}][${ref.col}]`;
  }

  /** Splits a flat vector into per-layer matrices and vectors (for JSON output and write-back). */
  unflatten(theta: ArrayLike<number>): { name: string; weights: number[][]; biases: number[] }[] {
    return this.layers.map((s) => ({
      name: s.name,
      weights: Array.from({ length: s.units }, (_, r) =>
        Array.from({ length: s.fanIn }, (_, c) => theta[s.wOffset + r * s.fanIn + c]),
      ),
      biases: Array.from({ length: s.units }, (_, r) => theta[s.bOffset + r]),
    }));
  }
}
