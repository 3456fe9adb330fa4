// Where each weight and bias lives in the engine's flat parameter vector, and the way back to (layer, row, column).

/** Where one parameter lives: weight W[row][col] or bias b[row] of a layer. */
export type ParamRef =
  { layer: number; kind: 'weight'; row: number; col: number } | { layer: number; kind: 'bias'; row: number };

/** One layer's slice of the flat vector: W [units, fanIn] row-major at wOffset, then b [units] at bOffset. */
export interface LayerSlots {
  name: string;
  units: number;
  fanIn: number;
  /** Start of W[units][fanIn], row-major. */
  wOffset: number;
  /** Start of b[units], right after W. */
  bOffset: number;
}

/** What a layout needs of a network: its input width and each layer's units (and name, else `layer1`, …). */
export interface NetworkShape {
  input: number;
  layers: readonly { name?: string; units: number }[];
}

/** The default name of layer l, as paths show it when the spec names none. */
const layerName = (l: number): string => `layer${l + 1}`;

export class ParamLayout {
  readonly layers: readonly LayerSlots[];
  /** Parameters in all: per layer units·fanIn weights and units biases. */
  readonly size: number;

  /** Layer l's fan-in is `input` for l = 0, else the previous layer's units. */
  constructor(shape: NetworkShape) {
    let offset = 0;
    let fanIn = shape.input;
    this.layers = shape.layers.map((l, i) => {
      const wOffset = offset;
      const bOffset = wOffset + l.units * fanIn;
      const slots = { name: l.name ?? layerName(i), units: l.units, fanIn, wOffset, bOffset };
      offset = bOffset + l.units;
      fanIn = l.units;
      return slots;
    });
    this.size = offset;
  }

  /** The layout of a network known only by its shape [input, units…]. */
  static ofShape(shape: readonly number[]): ParamLayout {
    return new ParamLayout({ input: shape[0] ?? 0, layers: shape.slice(1).map((units) => ({ units })) });
  }

  /** The parameter at flat index i, or undefined outside the vector. */
  refAt(i: number): ParamRef | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) return undefined;
    let layer = this.layers.length - 1;
    while (layer > 0 && this.slots(layer).wOffset > i) layer--;
    const s = this.slots(layer);
    if (i >= s.bOffset) return { layer, kind: 'bias', row: i - s.bOffset };
    const k = i - s.wOffset;
    return { layer, kind: 'weight', row: Math.floor(k / s.fanIn), col: k % s.fanIn };
  }

  /** The flat index of a parameter, or −1 when the network has no such parameter. */
  indexOf(ref: ParamRef): number {
    const s = this.layers[ref.layer];
    if (!s || !isIndex(ref.row, s.units)) return -1;
    if (ref.kind === 'bias') return s.bOffset + ref.row;
    return isIndex(ref.col, s.fanIn) ? s.wOffset + ref.row * s.fanIn + ref.col : -1;
  }

  /** A readable path such as `hidden.weights[2][1]` or `output.biases[0]`. */
  pathOf(ref: ParamRef): string {
    return paramPath(ref, this.layers[ref.layer]?.name);
  }

  /** Splits a flat vector into per-layer matrices and vectors (for JSON output and write-back). */
  unflatten(theta: ArrayLike<number>): { name: string; weights: number[][]; biases: number[] }[] {
    return this.layers.map((s) => ({
      name: s.name,
      weights: Array.from({ length: s.units }, (_, r) =>
        Array.from({ length: s.fanIn }, (_, c) => theta[s.wOffset + r * s.fanIn + c] ?? NaN),
      ),
      biases: Array.from({ length: s.units }, (_, r) => theta[s.bOffset + r] ?? NaN),
    }));
  }

  private slots(layer: number): LayerSlots {
    const s = this.layers[layer];
    if (!s) throw new Error(`Internal error: no layer ${layer} in a layout of ${this.layers.length}`);
    return s;
  }
}

function isIndex(v: number, below: number): boolean {
  return Number.isInteger(v) && v >= 0 && v < below;
}

/** The path of a parameter in a layer named `name` (default `layer<l+1>`): `name.weights[r][c]` or `name.biases[r]`. */
export function paramPath(ref: ParamRef, name = layerName(ref.layer)): string {
  return ref.kind === 'bias' ? `${name}.biases[${ref.row}]` : `${name}.weights[${ref.row}][${ref.col}]`;
}

/** True when two references name the same parameter. */
export function sameRef(a: ParamRef | undefined, b: ParamRef | undefined): boolean {
  if (!a || !b || a.layer !== b.layer || a.row !== b.row) return false;
  if (a.kind === 'bias') return b.kind === 'bias';
  return b.kind === 'weight' && a.col === b.col;
}
