// Where the network graph puts columns, units, edges and heatmaps, and what a pointer position hits (pure geometry).
import { useHeatmap } from './heatmap';

/** Columns with more units than this are drawn as a strip of cells instead of circles. */
export const MAX_CIRCLES = 24;

export interface ColumnLayout {
  x: number;
  units: number;
  /** Centre y of each unit. */
  ys: Float64Array;
  shape: 'circle' | 'cell';
  /** Circle radius, or half the cell strip's width. */
  r: number;
  /** Height of one cell (strip columns). */
  cell: number;
}

/** The weights of layer `layer` between column `layer` (its inputs) and column `layer + 1` (its units). */
export interface LinkLayout {
  layer: number;
  mode: 'edges' | 'heatmap';
  /** Heatmap area: x spans the fanIn (source units), y spans the layer's units. */
  rect: { x: number; y: number; w: number; h: number };
}

export interface GraphLayout {
  width: number;
  height: number;
  columns: ColumnLayout[];
  links: LinkLayout[];
}

export type GraphHit =
  { kind: 'unit'; column: number; unit: number } | { kind: 'weight'; layer: number; row: number; col: number };

const MARGIN_X = 40;
const MARGIN_TOP = 14;
const MARGIN_BOTTOM = 40;

/** Lays out the input column plus one column per layer in a width × height box. */
export function layoutGraph(
  input: number,
  layerUnits: readonly number[],
  width: number,
  height: number,
  edgeLimit: number,
): GraphLayout {
  const counts = [input, ...layerUnits];
  const top = MARGIN_TOP;
  const plotH = Math.max(20, height - MARGIN_TOP - MARGIN_BOTTOM);
  const gap = counts.length > 1 ? (width - 2 * MARGIN_X) / (counts.length - 1) : 0;
  const columns: ColumnLayout[] = counts.map((units, c) => {
    const x = counts.length > 1 ? MARGIN_X + c * gap : width / 2;
    const ys = new Float64Array(units);
    if (units <= MAX_CIRCLES) {
      const step = Math.min(34, plotH / Math.max(1, units));
      const r = Math.max(3, Math.min(11, step * 0.36));
      const y0 = top + (plotH - step * units) / 2 + step / 2;
      for (let j = 0; j < units; j++) ys[j] = y0 + j * step;
      return { x, units, ys, shape: 'circle', r, cell: step };
    }
    const cell = plotH / units;
    for (let j = 0; j < units; j++) ys[j] = top + (j + 0.5) * cell;
    return { x, units, ys, shape: 'cell', r: 5, cell };
  });
  const links: LinkLayout[] = layerUnits.map((units, layer) => {
    const from = columns[layer]!;
    const to = columns[layer + 1]!;
    const pad = Math.max(from.r, to.r) + 8;
    const rect = { x: from.x + pad, y: top, w: Math.max(4, to.x - from.x - 2 * pad), h: plotH };
    return { layer, mode: useHeatmap(units, counts[layer]!, edgeLimit) ? 'heatmap' : 'edges', rect };
  });
  return { width, height, columns, links };
}

/** Distance from p to the segment a–b. */
export function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The unit index of a column under y, or -1. */
function unitAt(col: ColumnLayout, x: number, y: number): number {
  if (Math.abs(x - col.x) > col.r + 1) return -1;
  if (col.shape === 'cell') {
    const j = Math.floor((y - (col.ys[0]! - col.cell / 2)) / col.cell);
    return j >= 0 && j < col.units ? j : -1;
  }
  for (let j = 0; j < col.units; j++) if (Math.hypot(x - col.x, y - col.ys[j]!) <= col.r + 1) return j;
  return -1;
}

/** What lies under (x, y): a unit first, then a heatmap cell, then the nearest edge within `tolerance` pixels. */
export function hitTest(layout: GraphLayout, x: number, y: number, tolerance = 3): GraphHit | undefined {
  for (let c = 0; c < layout.columns.length; c++) {
    const unit = unitAt(layout.columns[c]!, x, y);
    if (unit >= 0) return { kind: 'unit', column: c, unit };
  }
  let best: GraphHit | undefined;
  let bestD = tolerance;
  for (const link of layout.links) {
    const from = layout.columns[link.layer]!;
    const to = layout.columns[link.layer + 1]!;
    const { rect } = link;
    if (link.mode === 'heatmap') {
      if (x >= rect.x && x < rect.x + rect.w && y >= rect.y && y < rect.y + rect.h) {
        const col = Math.min(from.units - 1, Math.floor(((x - rect.x) / rect.w) * from.units));
        const row = Math.min(to.units - 1, Math.floor(((y - rect.y) / rect.h) * to.units));
        return { kind: 'weight', layer: link.layer, row, col };
      }
      continue;
    }
    if (x < from.x || x > to.x) continue;
    for (let row = 0; row < to.units; row++) {
      for (let col = 0; col < from.units; col++) {
        const d = segmentDistance(x, y, from.x, from.ys[col]!, to.x, to.ys[row]!);
        if (d <= bestD) {
          bestD = d;
          best = { kind: 'weight', layer: link.layer, row, col };
        }
      }
    }
  }
  return best;
}

/** The rectangle a weight covers in a heatmap link (one cell of the layer's [units, fanIn] matrix). */
export function heatmapCell(
  link: LinkLayout,
  units: number,
  fanIn: number,
  row: number,
  col: number,
): { x: number; y: number; w: number; h: number } {
  const { x, y, w, h } = link.rect;
  return { x: x + (col / fanIn) * w, y: y + (row / units) * h, w: w / fanIn, h: h / units };
}

/** Where a unit or a weight is drawn: a unit's centre, an edge's midpoint, a heatmap cell's centre. */
export function hitPoint(layout: GraphLayout, hit: GraphHit): { x: number; y: number } | undefined {
  if (hit.kind === 'unit') {
    const col = layout.columns[hit.column];
    const y = col?.ys[hit.unit];
    return col && y !== undefined ? { x: col.x, y } : undefined;
  }
  const link = layout.links[hit.layer];
  const from = layout.columns[hit.layer];
  const to = layout.columns[hit.layer + 1];
  if (!link || !from || !to || hit.col >= from.units || hit.row >= to.units) return undefined;
  if (link.mode === 'heatmap') {
    const cell = heatmapCell(link, to.units, from.units, hit.row, hit.col);
    return { x: cell.x + cell.w / 2, y: cell.y + cell.h / 2 };
  }
  return { x: (from.x + to.x) / 2, y: (from.ys[hit.col]! + to.ys[hit.row]!) / 2 };
}

export interface Band {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where the debugger's highlight of `layer` goes: from just right of its input column through its own units; none for
 * a layer the graph does not have.
 */
export function layerBand(layout: GraphLayout, layer: number | undefined): Band | undefined {
  if (layer === undefined) return undefined;
  const from = layout.columns[layer];
  const to = layout.columns[layer + 1];
  if (!from || !to) return undefined;
  const left = from.x + from.r + 4;
  const right = Math.min(layout.width, to.x + to.r + 8);
  return { x: left, y: 0, w: right - left, h: layout.height };
}
