// Where each weight and bias sits in the engine's flat parameter vector (pure: no DOM, unit-tested in Node).
import type { ParamRefInfo } from '../../src/protocol';

/** One layer's slice of the flat vector: W [units, fanIn] row-major at wOffset, then b [units] at bOffset. */
export interface LayerParams {
  fanIn: number;
  units: number;
  wOffset: number;
  bOffset: number;
}

/** The slices of every layer; layer l's fanIn is `input` for l = 0, else the previous layer's units. */
export function paramLayout(input: number, layers: readonly { units: number }[]): LayerParams[] {
  const out: LayerParams[] = [];
  let offset = 0;
  let fanIn = input;
  for (const { units } of layers) {
    const wOffset = offset;
    const bOffset = wOffset + units * fanIn;
    out.push({ fanIn, units, wOffset, bOffset });
    offset = bOffset + units;
    fanIn = units;
  }
  return out;
}

/** Total parameters of a layout. */
export function paramTotal(layout: readonly LayerParams[]): number {
  const last = layout[layout.length - 1];
  return last ? last.bOffset + last.units : 0;
}

/** Index in the flat vector of a weight or bias, or -1 when the reference is outside the layout. */
export function refIndex(layout: readonly LayerParams[], ref: ParamRefInfo): number {
  const lp = layout[ref.layer];
  if (!lp || ref.row < 0 || ref.row >= lp.units) return -1;
  if (ref.kind === 'bias') return lp.bOffset + ref.row;
  if (ref.col < 0 || ref.col >= lp.fanIn) return -1;
  return lp.wOffset + ref.row * lp.fanIn + ref.col;
}

/** The weight or bias at a flat index, or undefined past the end. */
export function refAt(layout: readonly LayerParams[], index: number): ParamRefInfo | undefined {
  for (let layer = 0; layer < layout.length; layer++) {
    const lp = layout[layer]!;
    if (index < lp.wOffset) return undefined;
    if (index < lp.bOffset) {
      const k = index - lp.wOffset;
      return { layer, kind: 'weight', row: Math.floor(k / lp.fanIn), col: k % lp.fanIn };
    }
    if (index < lp.bOffset + lp.units) return { layer, kind: 'bias', row: index - lp.bOffset };
  }
  return undefined;
}

/** The gradient check's path form, such as `hidden.weights[2][0]` or `out.biases[1]`. */
export function refLabel(ref: ParamRefInfo, layerName?: string): string {
  const name = layerName ?? `layer${ref.layer + 1}`;
  return ref.kind === 'weight' ? `${name}.weights[${ref.row}][${ref.col}]` : `${name}.biases[${ref.row}]`;
}

/** True when two references name the same parameter. */
export function sameRef(a: ParamRefInfo | undefined, b: ParamRefInfo | undefined): boolean {
  if (!a || !b || a.layer !== b.layer || a.kind !== b.kind || a.row !== b.row) return false;
  return a.kind === 'bias' || (b.kind === 'weight' && a.col === b.col);
}
