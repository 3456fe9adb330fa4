// The decision boundary of a two-input network: its output over the input plane, with the data points on top (their
// class also told by shape, and a cross on each point the network gets wrong), and its accuracy said in words.
import type { BoundaryGrid } from '../../src/protocol';
import { CLASS_COLOURS, mix, toCss, type Rgb } from '../drawing/colorScale';
import type { PanelContext, Section } from '../state/context';
import { el } from '../drawing/dom';
import { brightness, fitCanvas, rgbVar, cssVar } from '../drawing/theme';
import { boundaryScore, scoreSentence } from './descriptions';
import { formatNumber as fmt } from '../../src/shared/format';

const SIZE = 300;
const PAD = 26;

export class BoundaryView implements Section {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', 'boundary-canvas');
  private readonly note = el('p', 'note');
  private readonly score = el('p', 'score');
  private readonly scratch = document.createElement('canvas');

  constructor() {
    this.canvas.setAttribute('role', 'img');
    this.score.id = 'boundary-score';
    this.note.id = 'boundary-note';
    this.canvas.setAttribute('aria-describedby', 'boundary-score boundary-note');
    this.element = el('div', 'boundary-box', this.canvas, this.score, this.note);
  }

  update(ctx: PanelContext): void {
    const grid = ctx.state.session.boundary;
    const g = fitCanvas(this.canvas, SIZE + PAD, SIZE + PAD);
    const names = ctx.state.spec?.inputNames ?? ['x0', 'x1'];
    this.canvas.setAttribute(
      'aria-label',
      `Decision boundary: the network's output over ${names[0] ?? 'x0'} and ${names[1] ?? 'x1'}, with the data points`,
    );
    if (!grid) {
      this.score.textContent = '';
      this.note.textContent = 'The output over the input plane appears after the first step.';
      return;
    }
    const classes = CLASS_COLOURS[brightness()];
    const base = rgbVar('--vscode-editor-background', [30, 30, 30]);
    const score = boundaryScore(grid);
    const levels = score.kind === 'accuracy' ? score.levels : undefined;
    this.drawGrid(g, grid, classes, base, levels);
    this.drawPoints(g, grid, classes, levels, score.kind === 'accuracy' ? score.wrong : undefined);
    this.score.textContent = scoreSentence(score);
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
    const cross = score.kind === 'accuracy' ? ' A cross marks each point the network gets wrong.' : '';
    const [shade, targets] = levels
      ? [
          `orange toward ${fmt(levels[0])} and blue toward ${fmt(levels[1])}`,
          `circle ${fmt(levels[1])}, square ${fmt(levels[0])}`,
        ]
      : ['orange toward its lowest and blue toward its highest value', 'circle 0.5 or more, square less'];
    this.note.textContent =
      grid.outputs === 1
        ? `Shade: the output, ${shade}; points: the data by target (${targets}).${cross}`
        : `Shade: the most likely class, stronger when surer; points: the data by class, each its own shape ` +
          `(${(classNames ?? Array.from({ length: grid.outputs }, (_, k) => `class ${k}`))
            .map((name, k) => `${SHAPES[k % SHAPES.length]} ${name}`)
            .join(', ')}).${cross}`;
  }

  /**
   * One pixel per grid cell, scaled up to the plot. One output is shaded from its low target `levels` (orange) to its
   * high one (blue), so the colour turns where the class does; a regression's range is stretched to its own extremes.
   */
  private drawGrid(
    g: CanvasRenderingContext2D,
    grid: BoundaryGrid,
    classes: readonly Rgb[],
    base: Rgb,
    levels: readonly [number, number] | undefined,
  ): void {
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
    const [from, to] = levels ?? [lo, hi];
    for (let p = 0; p < n * n; p++) {
      let c: Rgb;
      if (k === 1) {
        const v = Math.max(0, Math.min(1, (grid.values[p]! - from) / (to - from || 1)));
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

  private drawPoints(
    g: CanvasRenderingContext2D,
    grid: BoundaryGrid,
    classes: readonly Rgb[],
    levels: readonly [number, number] | undefined,
    wrong?: Uint8Array,
  ): void {
    const fg = cssVar('--vscode-editor-foreground', cssVar('--vscode-foreground', '#ccc'));
    const sx = SIZE / (grid.xMax - grid.xMin || 1);
    const sy = SIZE / (grid.yMax - grid.yMin || 1);
    g.lineWidth = 1;
    g.strokeStyle = fg;
    for (let p = 0; p < grid.pointsX.length; p++) {
      const cls = grid.pointsClass[p]!;
      // One output: the high target takes the "positive" colour and shape, like the shading; a regression's targets
      // are split at 0.5.
      const k = grid.outputs === 1 ? (cls >= (levels ? (levels[0] + levels[1]) / 2 : 0.5) ? 0 : 1) : Math.round(cls);
      const x = PAD + (grid.pointsX[p]! - grid.xMin) * sx;
      const y = (grid.yMax - grid.pointsY[p]!) * sy;
      g.fillStyle = toCss(classes[k % classes.length]!);
      shapePath(g, SHAPES[k % SHAPES.length]!, x, y, 3.5);
      g.fill();
      g.stroke();
      if (wrong?.[p]) {
        g.beginPath();
        g.moveTo(x - 5, y - 5);
        g.lineTo(x + 5, y + 5);
        g.moveTo(x + 5, y - 5);
        g.lineTo(x - 5, y + 5);
        g.stroke();
      }
    }
  }
}

/** Point shapes by class, so classes differ by more than colour (named as the note names them). */
const SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;

/** A closed path of `shape` of radius `r` around (x, y). */
function shapePath(g: CanvasRenderingContext2D, shape: (typeof SHAPES)[number], x: number, y: number, r: number): void {
  g.beginPath();
  switch (shape) {
    case 'circle':
      g.arc(x, y, r, 0, Math.PI * 2);
      break;
    case 'square':
      g.rect(x - r, y - r, 2 * r, 2 * r);
      break;
    case 'triangle':
      g.moveTo(x, y - r * 1.2);
      g.lineTo(x + r * 1.1, y + r * 0.8);
      g.lineTo(x - r * 1.1, y + r * 0.8);
      g.closePath();
      break;
    case 'diamond':
      g.moveTo(x, y - r * 1.3);
      g.lineTo(x + r * 1.3, y);
      g.lineTo(x, y + r * 1.3);
      g.lineTo(x - r * 1.3, y);
      g.closePath();
      break;
  }
}
