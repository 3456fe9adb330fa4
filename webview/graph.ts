// Draws the network as columns of units joined by edges: a picture of the layer sizes, not of weights.
import type { LayerSummary } from '../src/protocol';
import { svg } from './dom';

/** Columns wider than this are drawn with this many units and an ellipsis. */
const MAX_DRAWN_UNITS = 8;
const COLUMN_GAP = 110;
const ROW_GAP = 30;
const RADIUS = 9;
const MARGIN = 24;
/** Room on each side for the first and last column labels. */
const SIDE_MARGIN = 56;

/** Units drawn for a column of `units` (the last slot becomes "…" when some are hidden). */
function drawnUnits(units: number): number {
  return Math.min(units, MAX_DRAWN_UNITS);
}

/** An SVG of the input column followed by one column per layer. */
export function networkGraph(input: number, layers: LayerSummary[]): SVGSVGElement {
  const columns = [{ name: 'input', units: input, activation: '' }, ...layers];
  const tallest = Math.max(...columns.map((c) => drawnUnits(c.units)));
  const width = SIDE_MARGIN * 2 + (columns.length - 1) * COLUMN_GAP;
  const height = MARGIN * 2 + (tallest - 1) * ROW_GAP + 36;
  const root = svg('svg', { class: 'graph', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
  root.setAttribute('aria-label', `Network with ${columns.map((c) => c.units).join(', ')} units per column`);

  const centres = columns.map((column, i) => {
    const count = drawnUnits(column.units);
    const top = MARGIN + ((tallest - count) * ROW_GAP) / 2;
    return Array.from({ length: count }, (_, j) => ({ x: SIDE_MARGIN + i * COLUMN_GAP, y: top + j * ROW_GAP }));
  });
  for (let i = 1; i < centres.length; i++) {
    for (const from of centres[i - 1]!) {
      for (const to of centres[i]!) root.append(svg('line', { class: 'edge', x1: from.x, y1: from.y, x2: to.x, y2: to.y }));
    }
  }
  centres.forEach((column, i) => {
    const info = columns[i]!;
    column.forEach((c, j) => {
      const elided = info.units > MAX_DRAWN_UNITS && j === column.length - 1;
      root.append(svg('circle', { class: i === 0 ? 'unit input' : 'unit', cx: c.x, cy: c.y, r: RADIUS }));
      if (elided) {
        const dots = svg('text', { class: 'elided', x: c.x, y: c.y + 4, 'text-anchor': 'middle' });
        dots.textContent = '…';
        root.append(dots);
      }
    });
    const label = svg('text', { class: 'column-label', x: SIDE_MARGIN + i * COLUMN_GAP, y: height - 8, 'text-anchor': 'middle' });
    label.textContent = `${info.name} (${info.units})`;
    root.append(label);
  });
  return root;
}
