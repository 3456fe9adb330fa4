// The network graph on a canvas: units coloured by activation, edges by sign and magnitude (weights or gradients),
// heatmaps for layers too large for edges; hover shows numbers, a click selects a parameter and reveals it in the spec.
// The keyboard explores it too (graphKeyboard), and a sentence describes it.
import type { PanelState, ParamRef } from '../../src/protocol';
import type { Announcer } from './announcer';
import { unitValues } from '../state/chainRule';
import { diverging, edgeGroups, edgeWidth, maxAbs, toCss, type Palette } from '../drawing/colorScale';
import { edgeLimit, type PanelContext, type Section } from '../state/context';
import { el } from '../drawing/dom';
import { formatNumber as fmt } from '../../src/shared/format';
import {
  hitTest,
  layoutGraph,
  MAX_CIRCLES,
  type ColumnLayout,
  type GraphHit,
  type GraphLayout,
} from '../drawing/graphLayout';
import { fillHeatmap, fillHeatmapCodes, heatmapLut } from '../drawing/heatmap';
import { ParamLayout, sameRef } from '../../src/shared/paramLayout';
import { blockAt, pictureValues, type PictureValues } from '../state/pictures';
import { cssVar, fitCanvas, signPalette } from '../drawing/theme';
import { timingSink } from '../drawing/timing';
import { GraphCursorKeys, KEYS_HELP } from './graphKeyboard';
import { drawLayerHighlight } from '../drawing/layerHighlight';
import { graphDescription, networkShape, signed } from './descriptions';

const MAX_HEIGHT = 340;

export class GraphView implements Section {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', 'graph-canvas');
  private readonly tip = el('div', 'tooltip');
  private readonly legend = el('p', 'legend');
  private readonly description = el('p', 'description');
  private layout?: GraphLayout;
  private ctx?: PanelContext;
  private readonly scratch = document.createElement('canvas');
  /** Reused per layer: a heatmap update allocates nothing while its picture keeps its size. */
  private readonly images = new Map<number, ImageData>();
  private lutCache?: { key: string; table: Uint8ClampedArray };
  /** What the open tooltip describes. */
  private tipHit?: GraphHit;
  /** The box's width, measured when the layout last changed. */
  private measured?: { layout: number; width: number };
  private readonly keys: GraphCursorKeys;

  constructor(
    ctx: PanelContext,
    private readonly announcer: Pick<Announcer, 'selection'>,
  ) {
    // NOTE: 'application' so a screen reader in browse mode hands the arrow keys to the graph instead of reading on.
    this.canvas.setAttribute('role', 'application');
    this.canvas.setAttribute('aria-roledescription', 'network graph');
    this.canvas.tabIndex = 0;
    this.description.id = 'graph-description';
    const help = el('p', 'legend keys', KEYS_HELP);
    help.id = 'graph-keys';
    this.canvas.setAttribute('aria-describedby', 'graph-description graph-keys');
    this.tip.hidden = true;
    this.element = el('div', 'graph-box', this.canvas, this.tip, this.description, this.legend, help);
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => {
      if (!this.keys.focused()) this.tip.hidden = true;
    });
    this.canvas.addEventListener('click', (e) => {
      const hit = this.hit(e);
      if (hit) this.activate(hit);
    });
    this.keys = new GraphCursorKeys(
      {
        canvas: this.canvas,
        context: () => this.ctx,
        layout: () => this.layout,
        redraw: () => {
          if (this.ctx?.state.spec) this.update(this.ctx);
        },
        showTip: (hit, at) => this.showTip(hit, at),
        hideTip: () => (this.tip.hidden = true),
        activate: (hit) => this.activate(hit),
        describe: describeHit,
      },
      announcer,
    );
    this.ctx = ctx;
  }

  update(ctx: PanelContext): void {
    this.ctx = ctx;
    const spec = ctx.state.spec;
    if (!spec) return;
    const sink = timingSink();
    const t0 = sink ? performance.now() : 0;
    if (this.measured?.layout !== ctx.layout)
      this.measured = { layout: ctx.layout, width: Math.max(240, this.element.clientWidth || 600) };
    const width = this.measured.width;
    const counts = [spec.input, ...spec.layers.map((l) => l.units)];
    // Small networks get a short graph; strips and heatmaps use the full height.
    const height = Math.max(
      160,
      Math.min(MAX_HEIGHT, Math.max(...counts.map((n) => (n > MAX_CIRCLES ? MAX_HEIGHT : n * 34 + 60)))),
    );
    this.layout = layoutGraph(
      spec.input,
      spec.layers.map((l) => l.units),
      width,
      height,
      edgeLimit(ctx.state),
    );
    const g = fitCanvas(this.canvas, width, height);
    this.canvas.setAttribute('aria-label', `Network ${networkShape(spec)}, edges show ${ctx.settings.edges}`);
    const palette = signPalette();
    drawLayerHighlight(this.canvas, g, this.layout, ctx.state.debugFrame);
    this.drawLinks(g, ctx, this.layout, palette);
    this.drawColumns(g, ctx.state, ctx, this.layout, palette);
    this.keys.draw(g, this.layout, counts);
    const what = ctx.settings.edges === 'weights' ? 'weight' : 'gradient dJ/dw';
    const units = ctx.state.session.stepDetail
      ? `units: activation a of ${ctx.settings.sample === 'mean' ? 'the batch mean' : `sample ${ctx.settings.sample}`}`
      : 'units: take a Step to colour them by activation';
    const legend =
      `Edges: ${what} (blue +, orange −, thickness |value|) · ${units} · click an edge to reveal it in the spec, ` +
      'or explore with the keys below';
    if (this.legend.textContent !== legend) this.legend.textContent = legend;
    const heatmaps = this.layout.links
      .filter((link) => link.mode === 'heatmap')
      .map((link) => spec.layers[link.layer]!.name);
    const description = graphDescription(ctx.state, ctx.settings.edges, heatmaps);
    if (this.description.textContent !== description) this.description.textContent = description;
    sink?.graph.push(performance.now() - t0);
    this.refreshTip(ctx);
  }

  /** Reveals a weight or a unit's bias in the spec and makes it the step view's parameter (a click or Enter). */
  private activate(hit: GraphHit): void {
    const ctx = this.ctx;
    if (!ctx) return;
    if (hit.kind === 'unit' && hit.column === 0) {
      this.announcer.selection('Inputs have no weights or bias to reveal: move right to a layer.');
      return;
    }
    const ref: ParamRef =
      hit.kind === 'weight'
        ? { layer: hit.layer, kind: 'weight', row: hit.row, col: hit.col }
        : { layer: hit.column - 1, kind: 'bias', row: hit.unit };
    if (!sameRef(ref, ctx.settings.weight)) ctx.setSettings({ weight: ref });
    ctx.post({ type: 'spec/reveal', ref });
  }

  /** Opens the tooltip on the keyboard's `hit` at the canvas point `at`. */
  private showTip(hit: GraphHit, at: { x: number; y: number }): void {
    const ctx = this.ctx;
    if (!ctx) return;
    this.tipHit = hit;
    this.tip.textContent = describeHit(ctx, hit);
    this.tip.hidden = false;
    const width = this.element.clientWidth;
    this.tip.style.left = `${Math.max(0, Math.min(at.x + 14, width - 240))}px`;
    this.tip.style.top = `${at.y + 14}px`;
  }

  private drawLinks(g: CanvasRenderingContext2D, ctx: PanelContext, layout: GraphLayout, palette: Palette): void {
    const muted = cssVar('--vscode-editorLineNumber-foreground', '#888');
    for (const link of layout.links) {
      const from = layout.columns[link.layer]!;
      const to = layout.columns[link.layer + 1]!;
      const picture = ctx.state.session.snapshot?.layers[link.layer];
      const values = picture && pictureValues(picture, ctx.settings.edges);
      if (link.mode === 'heatmap') {
        const { x, y, w, h } = link.rect;
        if (picture && values) this.drawHeatmap(g, link.layer, values, picture.rows, picture.cols, palette, link.rect);
        g.strokeStyle = muted;
        g.lineWidth = 1;
        g.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
        g.fillStyle = cssVar('--vscode-descriptionForeground', '#888');
        g.textAlign = 'center';
        // Between the heatmap and the column names, cut to the heatmap's width.
        const pooled = picture?.kind === 'pooled' ? ` in ${picture.rowStep}×${picture.colStep} blocks` : '';
        g.fillText(fitText(g, `W ${to.units}×${from.units}${pooled}`, w + 16), x + w / 2, y + h + 11);
        continue;
      }
      // An edge layer's picture is exact (the host caps the edge limit at the exact size); others draw plain edges.
      const exact = values && 'exact' in values && picture.cols === from.units ? values.exact : undefined;
      drawEdges(g, from, to, exact, exact ? maxAbs(exact) : 0, palette, muted);
    }
    const sel = ctx.settings.weight;
    if (sel?.kind === 'weight' && layout.links[sel.layer]) {
      const from = layout.columns[sel.layer]!;
      const to = layout.columns[sel.layer + 1]!;
      if (sel.col < from.units && sel.row < to.units) {
        g.strokeStyle = cssVar('--vscode-focusBorder', '#0078d4');
        g.lineWidth = 2;
        g.setLineDash([4, 3]);
        g.beginPath();
        g.moveTo(from.x, from.ys[sel.col]!);
        g.lineTo(to.x, to.ys[sel.row]!);
        g.stroke();
        g.setLineDash([]);
      }
    }
  }

  /** Paints a [rows, cols] picture into `rect`: pixels filled through a colour table, scaled up without smoothing. */
  private drawHeatmap(
    g: CanvasRenderingContext2D,
    layer: number,
    values: PictureValues,
    rows: number,
    cols: number,
    palette: Palette,
    rect: { x: number; y: number; w: number; h: number },
  ): void {
    let image = this.images.get(layer);
    if (!image || image.width !== cols || image.height !== rows) {
      image = new ImageData(cols, rows);
      this.images.set(layer, image);
    }
    if ('exact' in values)
      fillHeatmap(image.data, values.exact, 0, rows, cols, maxAbs(values.exact), this.lut(palette));
    else fillHeatmapCodes(image.data, values.codes, this.lut(palette));
    if (this.scratch.width !== cols || this.scratch.height !== rows) {
      this.scratch.width = cols;
      this.scratch.height = rows;
    }
    this.scratch.getContext('2d')!.putImageData(image, 0, 0);
    g.imageSmoothingEnabled = false;
    g.drawImage(this.scratch, rect.x, rect.y, rect.w, rect.h);
  }

  /** The heatmap colour table of the current theme, rebuilt only when the theme's colours change. */
  private lut(palette: Palette): Uint8ClampedArray {
    const key = JSON.stringify(palette);
    if (this.lutCache?.key !== key) this.lutCache = { key, table: heatmapLut(palette) };
    return this.lutCache.table;
  }

  private drawColumns(
    g: CanvasRenderingContext2D,
    state: PanelState,
    ctx: PanelContext,
    layout: GraphLayout,
    palette: Palette,
  ): void {
    const spec = state.spec!;
    const detail = state.session.stepDetail;
    const fg = cssVar('--vscode-foreground', '#ccc');
    const empty = cssVar('--vscode-editorWidget-background', '#252526');
    g.font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    layout.columns.forEach((col, c) => {
      const acts = detail ? unitValues(detail, c, 'A', ctx.settings.sample) : undefined;
      const scale = acts ? maxAbs(acts) : 0;
      for (let j = 0; j < col.units; j++) {
        const fill = acts && acts.length === col.units ? toCss(diverging(acts[j]!, scale, palette)) : empty;
        g.fillStyle = fill;
        if (col.shape === 'cell') {
          g.fillRect(col.x - col.r, col.ys[j]! - col.cell / 2, col.r * 2, Math.max(col.cell, 0.5));
        } else {
          g.beginPath();
          g.arc(col.x, col.ys[j]!, col.r, 0, Math.PI * 2);
          g.fill();
          g.strokeStyle = fg;
          g.lineWidth = 1;
          g.stroke();
        }
      }
      if (col.shape === 'cell') {
        g.strokeStyle = fg;
        g.lineWidth = 1;
        g.strokeRect(col.x - col.r - 0.5, col.ys[0]! - col.cell / 2 - 0.5, col.r * 2 + 1, col.cell * col.units + 1);
      }
      // Two short lines per column (name, then size and activation), cut to the room between columns.
      const room = layout.columns.length > 1 ? Math.abs(layout.columns[1]!.x - layout.columns[0]!.x) - 6 : layout.width;
      const lines =
        c === 0
          ? ['input', `${spec.input}`]
          : [spec.layers[c - 1]!.name, `${col.units} ${spec.layers[c - 1]!.activation}`];
      g.fillStyle = fg;
      g.textAlign = c === 0 ? 'left' : c === layout.columns.length - 1 ? 'right' : 'center';
      const x =
        c === 0
          ? Math.max(2, col.x - col.r - 4)
          : c === layout.columns.length - 1
            ? Math.min(layout.width - 2, col.x + col.r + 4)
            : col.x;
      lines.forEach((text, k) => g.fillText(fitText(g, text, room), x, layout.height - 18 + k * 12));
    });
  }

  private hit(e: MouseEvent): GraphHit | undefined {
    if (!this.layout) return undefined;
    const box = this.canvas.getBoundingClientRect();
    return hitTest(this.layout, e.clientX - box.left, e.clientY - box.top);
  }

  /** Rewrites an open tooltip: new weights came, or the host's exact numbers for it (then also announced). */
  refreshTip(ctx: PanelContext): void {
    this.ctx = ctx;
    if (!this.tip.hidden && this.tipHit) this.tip.textContent = describeHit(ctx, this.tipHit);
    this.keys.refresh(ctx);
  }

  private hover(e: MouseEvent): void {
    const ctx = this.ctx;
    const hit = this.hit(e);
    if (!ctx?.state.spec || !hit) {
      this.tip.hidden = true;
      this.canvas.style.cursor = '';
      return;
    }
    this.canvas.style.cursor = hit.kind === 'weight' || hit.column > 0 ? 'pointer' : '';
    this.tipHit = hit;
    this.tip.textContent = describeHit(ctx, hit);
    this.tip.hidden = false;
    const box = this.element.getBoundingClientRect();
    const x = e.clientX - box.left + 14;
    this.tip.style.left = `${Math.min(x, box.width - 220)}px`;
    this.tip.style.top = `${e.clientY - box.top + 14}px`;
  }
}

/** The tooltip's text for a unit or a weight: the numbers behind its colour. */
export function describeHit(ctx: PanelContext, hit: GraphHit): string {
  const { spec, session } = ctx.state;
  if (!spec) return '';
  const detail = session.stepDetail;
  const sample = ctx.settings.sample;
  if (hit.kind === 'unit') {
    if (hit.column === 0) {
      const name = spec.inputNames?.[hit.unit] ?? `x${hit.unit}`;
      const x = detail ? unitValues(detail, 0, 'A', sample)?.[hit.unit] : undefined;
      return `input ${name}\nx = ${fmt(x)}`;
    }
    const l = hit.column - 1;
    const q = (k: 'Z' | 'A' | 'dA' | 'dZ'): string =>
      fmt(detail ? unitValues(detail, hit.column, k, sample)?.[hit.unit] : undefined);
    const bias = ctx.exact({ layer: l, kind: 'bias', row: hit.unit });
    const lines = [
      `${spec.layers[l]!.name} unit ${hit.unit} (${spec.layers[l]!.activation})`,
      `z = ${q('Z')}   a = ${q('A')}`,
      `dJ/da = ${q('dA')}   dJ/dz = ${q('dZ')}`,
      `b = ${fmt(bias?.value)}   dJ/db = ${fmt(bias?.grad)}`,
    ];
    const health = session.snapshot?.health[l];
    if (health && (health.dead > 0 || health.saturated > 0))
      lines.push(`layer: ${health.dead} dead, ${health.saturated} saturated`);
    return lines.join('\n');
  }
  const ref = { layer: hit.layer, kind: 'weight' as const, row: hit.row, col: hit.col };
  const layout = new ParamLayout(spec);
  const lines = [layout.pathOf(ref)];
  const picture = session.snapshot?.layers[hit.layer];
  if (!picture) return [...lines, 'w = —', 'dJ/dw = —', 'last update = —'].join('\n');
  const known = ctx.exact(ref);
  lines.push(
    `w = ${known ? signed(known.value) : '…'}`,
    `dJ/dw = ${known ? fmt(known.grad) : '…'}`,
    `last update = ${known ? fmt(known.update) : '…'}`,
  );
  // A large network's exact numbers come less often than its pictures.
  if (known && known.step !== session.snapshot?.step) lines.push(`(exact values at step ${known.step})`);
  const { units, fanIn } = layout.layers[hit.layer]!;
  const block = picture.kind === 'pooled' ? blockAt(picture, hit.row, hit.col, units, fanIn) : undefined;
  if (block) {
    const [what, strongest] = ctx.settings.edges === 'weights' ? ['w', block.weight] : ['dJ/dw', block.grad];
    lines.push(
      `heatmap cell: rows ${block.rows[0]}–${block.rows[1]}, cols ${block.cols[0]}–${block.cols[1]}`,
      `its colour: strongest ${what} ≈ ${signed(strongest)}`,
    );
  }
  return lines.join('\n');
}

/** `text`, cut with an ellipsis to fit `width` pixels. */
function fitText(g: CanvasRenderingContext2D, text: string, width: number): string {
  if (g.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && g.measureText(t + '…').width > width) t = t.slice(0, -1);
  return t + '…';
}

/** Colour levels of edges: each level is one path, so thousands of edges cost a few dozen strokes. */
const EDGE_LEVELS = 16;

/** The edges between two columns, coloured and sized by `values` ([to.units, from.units] row-major), muted without. */
function drawEdges(
  g: CanvasRenderingContext2D,
  from: ColumnLayout,
  to: ColumnLayout,
  values: Float64Array | undefined,
  scale: number,
  palette: Palette,
  muted: string,
): void {
  const line = (k: number): void => {
    const j = Math.floor(k / from.units);
    const i = k - j * from.units;
    g.moveTo(from.x, from.ys[i]!);
    g.lineTo(to.x, to.ys[j]!);
  };
  const n = from.units * to.units;
  if (!values) {
    g.strokeStyle = muted;
    g.lineWidth = 0.5;
    g.beginPath();
    for (let k = 0; k < n; k++) line(k);
    g.stroke();
    return;
  }
  const thickest = n > 200 ? 2 : 4;
  const { order, starts } = edgeGroups(values, scale, EDGE_LEVELS);
  for (let group = 0; group + 1 < starts.length; group++) {
    if (starts[group] === starts[group + 1]) continue;
    const t = Math.floor(group / 2) / (EDGE_LEVELS - 1);
    const representative = (group % 2 === 1 ? -t : t) * scale;
    g.strokeStyle = toCss(diverging(representative, scale, palette), 0.35 + 0.65 * t);
    g.lineWidth = edgeWidth(representative, scale, 0.3, thickest);
    g.beginPath();
    for (let p = starts[group]!; p < starts[group + 1]!; p++) line(order[p]!);
    g.stroke();
  }
}
