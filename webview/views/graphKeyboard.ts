// The network graph's keyboard cursor: the keys move it (graphNavigation's model), it is drawn while the canvas has
// the keyboard focus, its numbers open the tooltip and each move is announced.
import type { Announcer } from './announcer';
import type { PanelContext } from '../state/context';
import { heatmapCell, hitPoint, type GraphHit, type GraphLayout } from '../drawing/graphLayout';
import { cssVar } from '../drawing/theme';
import { clampCursor, moveCursor, type GraphCursor } from '../drawing/graphNavigation';

/** How to explore the graph from the keyboard (also its accessible description's second half). */
export const KEYS_HELP =
  'Keys: ←/→ layers, ↑/↓ units (Home/End, PageUp/PageDown); Shift+→/Shift+← onto the outgoing/incoming weights, ' +
  '↑/↓ swing them, →/← follow one to its end, Escape back; Enter reveals the weight or bias in the spec.';

/** What the cursor needs of the graph it moves on. */
export interface CursorHost {
  readonly canvas: HTMLCanvasElement;
  context(): PanelContext | undefined;
  layout(): GraphLayout | undefined;
  /** Draws the whole graph again, the cursor with it. */
  redraw(): void;
  /** Opens the tooltip on `hit`, near the canvas point `at`. */
  showTip(hit: GraphHit, at: { x: number; y: number }): void;
  hideTip(): void;
  /** Reveals the weight or bias in the spec (what a click does). */
  activate(hit: GraphHit): void;
  /** The tooltip's text for `hit`. */
  describe(ctx: PanelContext, hit: GraphHit): string;
}

export class GraphCursorKeys {
  /** Where the keyboard is; drawn and described while the canvas has the focus. */
  private cursor?: GraphCursor;
  /** The cursor's weight was announced before its exact numbers came: say it again when they do. */
  private announceWhenKnown = false;

  constructor(
    private readonly host: CursorHost,
    private readonly announcer: Pick<Announcer, 'selection'>,
  ) {
    const canvas = host.canvas;
    canvas.addEventListener('keydown', (e) => this.key(e));
    canvas.addEventListener('focus', () => {
      this.cursor ??= this.startCursor();
      host.redraw();
    });
    canvas.addEventListener('blur', () => {
      host.hideTip();
      host.redraw();
    });
  }

  /** Focused from the keyboard (a click also focuses the canvas, but a mouse user needs no keyboard cursor). */
  focused(): boolean {
    return this.host.canvas.matches(':focus-visible');
  }

  /** Keeps the cursor on the network (`counts`: units per column) and draws it while the keyboard has the canvas. */
  draw(g: CanvasRenderingContext2D, layout: GraphLayout, counts: number[]): void {
    this.cursor = this.cursor && clampCursor(this.cursor, counts);
    if (this.cursor && this.focused()) drawCursor(g, layout, this.cursor);
  }

  /** New numbers came: announces the cursor's weight again if it was announced without its exact values. */
  refresh(ctx: PanelContext): void {
    const c = this.cursor;
    if (this.announceWhenKnown && c?.kind === 'weight' && this.focused()) {
      if (ctx.exact({ layer: c.layer, kind: 'weight', row: c.row, col: c.col })) this.announce(ctx);
    }
  }

  /** Where the keyboard starts: the weight the step view explains, else the first input. */
  private startCursor(): GraphCursor {
    const w = this.host.context()?.settings.weight;
    return w?.kind === 'weight'
      ? { kind: 'weight', layer: w.layer, row: w.row, col: w.col, anchor: 'source' }
      : { kind: 'unit', column: 0, unit: 0 };
  }

  private key(e: KeyboardEvent): void {
    const ctx = this.host.context();
    const spec = ctx?.state.spec;
    if (!ctx || !spec) return;
    const cursor = this.cursor ?? this.startCursor();
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.host.activate(
        cursor.kind === 'unit' ? cursor : { kind: 'weight', layer: cursor.layer, row: cursor.row, col: cursor.col },
      );
      return;
    }
    const next = moveCursor(cursor, { key: e.key, shift: e.shiftKey }, [
      spec.input,
      ...spec.layers.map((l) => l.units),
    ]);
    if (!next) return;
    e.preventDefault();
    this.cursor = next;
    this.host.redraw();
    this.showTip();
    this.announce(ctx);
  }

  /** The cursor as the tooltip's hit (a weight's anchor only matters to the keys). */
  private hit(): GraphHit | undefined {
    const c = this.cursor;
    if (!c) return undefined;
    return c.kind === 'unit' ? c : { kind: 'weight', layer: c.layer, row: c.row, col: c.col };
  }

  private showTip(): void {
    const hit = this.hit();
    const layout = this.host.layout();
    const at = hit && layout && hitPoint(layout, hit);
    if (hit && at) this.host.showTip(hit, at);
  }

  /** Says what the cursor is on: the tooltip's numbers as a sentence, and for a weight which units it joins. */
  private announce(ctx: PanelContext): void {
    const hit = this.hit();
    const spec = ctx.state.spec;
    if (!hit || !spec) return;
    const text = this.host
      .describe(ctx, hit)
      .split('\n')
      .map((line) => line.trim().replace(/\s{2,}/g, ', '))
      .join('; ');
    let where = '';
    if (hit.kind === 'weight') {
      const source =
        hit.layer === 0
          ? `input ${spec.inputNames?.[hit.col] ?? `x${hit.col}`}`
          : `${spec.layers[hit.layer - 1]!.name} unit ${hit.col}`;
      where = `, from ${source} to ${spec.layers[hit.layer]!.name} unit ${hit.row}`;
      this.announceWhenKnown = !ctx.exact({ layer: hit.layer, kind: 'weight', row: hit.row, col: hit.col });
    } else {
      const n = hit.column === 0 ? spec.input : spec.layers[hit.column - 1]!.units;
      where = `, ${hit.unit + 1} of ${n}`;
      this.announceWhenKnown = false;
    }
    const [first, ...rest] = text.split('; ');
    this.announcer.selection([`${first}${where}`, ...rest].join('; '));
  }
}

/** The keyboard's place: a ring around a unit, a heavy line along an edge, a box around a heatmap cell. */
function drawCursor(g: CanvasRenderingContext2D, layout: GraphLayout, cursor: GraphCursor): void {
  g.save();
  g.strokeStyle = cssVar('--vscode-focusBorder', '#0078d4');
  g.lineWidth = 2;
  if (cursor.kind === 'unit') {
    const col = layout.columns[cursor.column]!;
    const y = col.ys[cursor.unit]!;
    if (col.shape === 'cell') g.strokeRect(col.x - col.r - 3, y - col.cell / 2 - 2, col.r * 2 + 6, col.cell + 4);
    else {
      g.beginPath();
      g.arc(col.x, y, col.r + 3, 0, Math.PI * 2);
      g.stroke();
    }
  } else {
    const link = layout.links[cursor.layer]!;
    const from = layout.columns[cursor.layer]!;
    const to = layout.columns[cursor.layer + 1]!;
    if (link.mode === 'heatmap') {
      const cell = heatmapCell(link, to.units, from.units, cursor.row, cursor.col);
      g.strokeRect(cell.x - 2, cell.y - 2, cell.w + 4, cell.h + 4);
    } else {
      // Dashed: in high contrast the focus colour is orange, like negative edges.
      g.lineWidth = 3;
      g.setLineDash([6, 3]);
      g.beginPath();
      g.moveTo(from.x, from.ys[cursor.col]!);
      g.lineTo(to.x, to.ys[cursor.row]!);
      g.stroke();
      g.setLineDash([]);
    }
    // The end the weight was entered from, ringed: ↑/↓ swing the other end.
    const anchor =
      cursor.anchor === 'source' ? { col: from, y: from.ys[cursor.col]! } : { col: to, y: to.ys[cursor.row]! };
    g.lineWidth = 1;
    g.beginPath();
    g.arc(anchor.col.x, anchor.y, anchor.col.r + 3, 0, Math.PI * 2);
    g.stroke();
  }
  g.restore();
}
