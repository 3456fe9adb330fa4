// The decision boundary of a two-input network: its output over the input plane, with the data points on top.
import type { BoundaryGrid } from '../../src/protocol';
import { mix, parseColor, toCss, type Rgb } from '../drawing/colorScale';
import type { PanelContext, Section } from '../state/context';
import { el } from '../drawing/dom';
import { fitCanvas, rgbVar, seriesColours, cssVar } from '../drawing/theme';

const SIZE = 300;
const PAD = 26;

export class BoundaryView implements Section {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', 'boundary-canvas');
  private readonly note = el('p', 'note');
  private readonly scratch = document.createElement('canvas');

  constructor() {
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Decision boundary over the two inputs with the data points');
    this.element = el('div', 'boundary-box', this.canvas, this.note);
  }

  update(ctx: PanelContext): void {
    const grid = ctx.state.session.boundary;
    const g = fitCanvas(this.canvas, SIZE + PAD, SIZE + PAD);
    if (!grid) {
      this.note.textContent = 'The output over the input plane appears after the first step.';
      return;
    }
    const classes = seriesColours().map((c) => parseColor(c) ?? ([128, 128, 128] as Rgb));
    const base = rgbVar('--vscode-editor-background', [30, 30, 30]);
    this.drawGrid(g, grid, classes, base);
    this.drawPoints(g, grid, classes);
    const names = ctx.state.spec?.inputNames ?? ['x0', 'x1'];
    g.fillStyle = cssVar('--vscode-descriptionForeground', '#999');
    g.font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    g.textAlign = 'center';
    g.fillText(
      `${names[0] ?? 'x0'}  [${grid.xMin.toFixed(2)}, ${grid.xMax.toFixed(2)}]`,
      PAD + SIZE / 2,
      SIZE + PAD - 8,
    );
    g.save();
    g.translate(12, SIZE / 2);
    g.rotate(-Math.PI / 2);
    g.fillText(`${names[1] ?? 'x1'}  [${grid.yMin.toFixed(2)}, ${grid.yMax.toFixed(2)}]`, 0, 0);
    g.restore();
    const classNames = ctx.state.spec?.classNames;
    this.note.textContent =
      grid.outputs === 1
        ? 'Shade: the output, red toward 0 and blue toward 1; dots: the data, coloured by target.'
        : `Shade: the most likely class, stronger when surer; dots: the data by ` +
          `class${classNames ? ` (${classNames.join(', ')})` : ''}.`;
  }

  /** One pixel per grid cell, scaled up to the plot. */
  private drawGrid(g: CanvasRenderingContext2D, grid: BoundaryGrid, classes: Rgb[], base: Rgb): void {
    const n = grid.resolution;
    const k = grid.outputs;
    this.scratch.width = n;
    this.scratch.height = n;
    const sg = this.scratch.getContext('2d')!;
    const image = sg.createImageData(n, n);
    let lo = Infinity;
    let hi = -Infinity;
    if (k === 1)
      for (let p = 0; p < n * n; p++) {
        lo = Math.min(lo, grid.values[p]!);
        hi = Math.max(hi, grid.values[p]!);
      }
    // Outputs in [0, 1] (sigmoid) are shown as they are; anything else (regression) is stretched to its range.
    const probability = lo >= 0 && hi <= 1;
    for (let p = 0; p < n * n; p++) {
      let c: Rgb;
      if (k === 1) {
        const v = probability ? grid.values[p]! : (grid.values[p]! - lo) / (hi - lo || 1);
        c = v < 0.5 ? mix(base, classes[1]!, (0.5 - v) * 2 * 0.75) : mix(base, classes[0]!, (v - 0.5) * 2 * 0.75);
      } else {
        let best = 0;
        for (let o = 1; o < k; o++) if (grid.values[p * k + o]! > grid.values[p * k + best]!) best = o;
        const sure = (grid.values[p * k + best]! - 1 / k) / (1 - 1 / k);
        c = mix(base, classes[best % classes.length]!, 0.2 + 0.55 * Math.max(0, Math.min(1, sure)));
      }
      image.data.set([c[0], c[1], c[2], 255], p * 4);
    }
    sg.putImageData(image, 0, 0);
    g.imageSmoothingEnabled = true;
    g.drawImage(this.scratch, PAD, 0, SIZE, SIZE);
  }

  private drawPoints(g: CanvasRenderingContext2D, grid: BoundaryGrid, classes: Rgb[]): void {
    const fg = cssVar('--vscode-editor-foreground', cssVar('--vscode-foreground', '#ccc'));
    const sx = SIZE / (grid.xMax - grid.xMin || 1);
    const sy = SIZE / (grid.yMax - grid.yMin || 1);
    g.lineWidth = 1;
    g.strokeStyle = fg;
    for (let p = 0; p < grid.pointsX.length; p++) {
      const cls = grid.pointsClass[p]!;
      // One output: the target is 0/1 (or a value), so 1 takes the "positive" colour like the shading.
      const c =
        grid.outputs === 1 ? (cls >= 0.5 ? classes[0]! : classes[1]!) : classes[Math.round(cls) % classes.length]!;
      g.fillStyle = toCss(c);
      g.beginPath();
      g.arc(PAD + (grid.pointsX[p]! - grid.xMin) * sx, (grid.yMax - grid.pointsY[p]!) * sy, 3.5, 0, Math.PI * 2);
      g.fill();
      g.stroke();
    }
  }
}
