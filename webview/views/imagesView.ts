// The image views of image-shaped inputs: sample inputs with labels and the network's answers (wrong ones marked),
// the first layer's units as pictures of their incoming weights or gradients, and the confusion matrix, whose cells
// ask the host for their examples.
import type { CellExamples, ImageSamples, ImageViews, PanelState } from '../../src/protocol';
import { plural } from '../../src/shared/format';
import { mix, toCss } from '../drawing/colorScale';
import { el } from '../drawing/dom';
import { fillHeatmapCodes, heatmapLut } from '../drawing/heatmap';
import { rgbVar, signPalette } from '../drawing/theme';
import type { PanelContext } from '../state/context';
import { radioGroup } from './radioGroup';

/** Canvas pixels per image pixel on screen, for an image `width` pixels wide (8 × 8 digits at 40 px, MNIST at 56). */
function zoomOf(width: number): number {
  return Math.max(1, Math.min(5, Math.round(56 / width)));
}

/** Height, width and channels of one input row; a 2-dimensional shape has one channel. */
function dims(shape: readonly number[]): { h: number; w: number; c: number } {
  return { h: shape[0]!, w: shape[1]!, c: shape[2] ?? 1 };
}

/**
 * One canvas of an image, labelled for screen readers. Three channels are drawn as colour; other counts as their
 * first channel, from the theme's background (the smallest input) to its foreground (the largest), so ink reads as
 * ink in light and dark themes.
 */
function inputCanvas(pixels: Uint8Array, offset: number, shape: readonly number[], label: string): HTMLCanvasElement {
  const { h, w, c } = dims(shape);
  const canvas = imageCanvas(w, h, label);
  const image = new ImageData(w, h);
  const back = rgbVar('--vscode-editor-background', [255, 255, 255]);
  const ink = rgbVar('--vscode-editor-foreground', [0, 0, 0]);
  for (let p = 0; p < w * h; p++) {
    const at = offset + p * c;
    const rgb = c === 3 ? [pixels[at]!, pixels[at + 1]!, pixels[at + 2]!] : mix(back, ink, pixels[at]! / 255);
    image.data.set([...rgb, 255], p * 4);
  }
  canvas.getContext('2d')?.putImageData(image, 0, 0);
  return canvas;
}

function imageCanvas(w: number, h: number, label: string): HTMLCanvasElement {
  const canvas = el('canvas', 'pixels');
  canvas.width = w;
  canvas.height = h;
  const zoom = zoomOf(w);
  canvas.style.width = `${w * zoom}px`;
  canvas.style.height = `${h * zoom}px`;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  return canvas;
}

function className(state: PanelState, k: number): string {
  return state.spec?.classNames?.[k] ?? String(k);
}

/** A grid of labelled pictures of `samples`: the caption says the class and the answer, a wrong answer marked ✗. */
function sampleGrid(state: PanelState, samples: ImageSamples, shape: readonly number[], label: string): HTMLElement {
  const grid = el('div', 'image-grid');
  grid.setAttribute('role', 'list');
  grid.setAttribute('aria-label', label);
  const size = samples.rows.length > 0 ? samples.pixels.length / samples.rows.length : 0;
  samples.rows.forEach((row, i) => {
    const truth = samples.labels?.[i];
    const answer = samples.predicted?.[i];
    const wrong = truth !== undefined && truth !== answer;
    const said = answer === undefined ? '' : className(state, answer);
    const words =
      truth === undefined
        ? `row ${row}`
        : `row ${row}: ${className(state, truth)}, the network says ${said}${wrong ? ', wrong' : ''}`;
    const caption = truth === undefined ? `#${row}` : `${className(state, truth)} → ${said}${wrong ? ' ✗' : ''}`;
    const item = el('figure', wrong ? 'sample wrong' : 'sample', inputCanvas(samples.pixels, i * size, shape, words));
    item.setAttribute('role', 'listitem');
    item.append(el('figcaption', '', caption));
    item.title = words;
    grid.append(item);
  });
  return grid;
}

export class ImagesView {
  readonly element: HTMLElement;
  private readonly samples = el('div', 'image-part');
  private readonly units = el('div', 'image-part');
  private readonly matrix = el('div', 'image-part');
  private readonly cell = el('div', 'cell-examples');
  private show: 'weights' | 'gradients' = 'weights';
  private lastCell?: CellExamples;

  constructor(private readonly ctx: PanelContext) {
    const toggle = radioGroup('Unit pictures show', ['weights', 'gradients'] as const, this.show, (v) => {
      this.show = v;
      this.update();
    });
    this.element = el(
      'div',
      'images',
      el('h3', '', 'Samples'),
      this.samples,
      el('h3', '', 'What the first layer’s units look for'),
      el('div', 'graph-tools', el('span', 'label', 'Pictures show '), toggle),
      this.units,
      el('h3', '', 'Confusion matrix'),
      this.matrix,
      this.cell,
    );
    this.cell.setAttribute('aria-live', 'polite');
  }

  update(): void {
    const state = this.ctx.state;
    const shape = state.spec?.inputShape;
    const views = state.session.snapshot?.images;
    const pixels = shape ? shape.reduce((a, b) => a * b, 1) : 0;
    // Pictures made for another input size (a spec changed under a running session) are not drawn as this shape.
    if (!shape || !views || views.samples.pixels.length !== views.samples.rows.length * pixels) {
      this.samples.replaceChildren(el('p', 'empty', 'Train or step to see the samples, units and confusion matrix.'));
      this.units.replaceChildren();
      this.matrix.replaceChildren();
      return;
    }
    this.drawSamples(state, views, shape);
    this.drawUnits(state, views, shape);
    this.drawMatrix(state, views);
    if (this.lastCell) this.showCell(this.lastCell);
  }

  /** Shows the examples of a confusion cell the host sent. */
  showCell(examples: CellExamples): void {
    this.lastCell = examples;
    const state = this.ctx.state;
    const shape = state.spec?.inputShape;
    if (!shape) return;
    const what =
      `${examples.total} ${examples.split} row${examples.total === 1 ? '' : 's'} of class ` +
      `${className(state, examples.actual)} answered ${className(state, examples.predicted)} at step ${examples.step}` +
      (examples.total > examples.samples.rows.length ? ` (the first ${examples.samples.rows.length} shown)` : '');
    this.cell.replaceChildren(
      el('p', 'cell-title', what),
      sampleGrid(state, examples.samples, shape, `Examples: ${what}`),
    );
  }

  private drawSamples(state: PanelState, views: ImageViews, shape: readonly number[]): void {
    const s = views.samples;
    const wrong = s.labels ? s.labels.filter((t, i) => t !== s.predicted![i]).length : 0;
    const summary = s.labels
      ? `${s.rows.length} ${views.split} samples, ${wrong} answered wrong (marked ✗) at step ` +
        `${state.session.snapshot!.step}`
      : `${s.rows.length} ${views.split} samples`;
    this.samples.replaceChildren(el('p', 'note', summary), sampleGrid(state, s, shape, `Sample inputs: ${summary}`));
  }

  private drawUnits(state: PanelState, views: ImageViews, shape: readonly number[]): void {
    const u = views.units;
    const { h, w, c } = dims(shape);
    const size = u.count > 0 ? u.weights.length / u.count : 0;
    if (size !== h * w * c) return void this.units.replaceChildren();
    const lut = heatmapLut(signPalette());
    const grads = this.show === 'gradients';
    const codes = grads ? u.grads : u.weights;
    const scales = grads ? u.gradScales : u.weightScales;
    const layer = state.spec?.layers[0]?.name ?? 'first layer';
    const grid = el('div', 'image-grid');
    grid.setAttribute('role', 'list');
    grid.setAttribute('aria-label', `Units of ${layer}: incoming ${this.show}`);
    for (let k = 0; k < u.count; k++) {
      // Channel 0 of each pixel: one picture per unit, whatever the channels.
      const plane = new Int8Array(h * w);
      for (let p = 0; p < h * w; p++) plane[p] = codes[k * size + p * c]!;
      const image = new ImageData(w, h);
      fillHeatmapCodes(image.data, plane, lut);
      const words = `Unit ${k} of ${layer}: incoming ${this.show}, largest magnitude ${scales[k]!.toPrecision(3)}`;
      const canvas = imageCanvas(w, h, words);
      canvas.getContext('2d')?.putImageData(image, 0, 0);
      const item = el('figure', 'sample', canvas, el('figcaption', '', String(k)));
      item.setAttribute('role', 'listitem');
      item.title = words;
      grid.append(item);
    }
    const note =
      `Each unit's incoming ${this.show}, one pixel per input, coloured by sign and scaled to the unit's largest ` +
      'magnitude' +
      (u.count < u.total ? `; the first ${u.count} of ${u.total} units` : '');
    this.units.replaceChildren(el('p', 'note', note), grid);
  }

  private drawMatrix(state: PanelState, views: ImageViews): void {
    const m = views.confusion;
    if (!m) {
      this.matrix.replaceChildren(el('p', 'note', 'A confusion matrix needs a classifier with one answer per row.'));
      return;
    }
    let largest = 1;
    for (const row of m) for (const v of row) largest = Math.max(largest, v);
    const base = rgbVar('--vscode-editor-background', [255, 255, 255]);
    const hot = rgbVar('--vscode-charts-blue', [55, 148, 255]);
    const table = el('table', 'confusion');
    table.setAttribute(
      'aria-label',
      `Confusion matrix of the ${views.split} rows: true class by row, answer by column`,
    );
    const head = el('tr', '', el('th', 'corner', 'true ↓ / answer →'));
    m.forEach((_, p) => head.append(el('th', '', className(state, p))));
    table.append(el('thead', '', head));
    const body = el('tbody', '');
    m.forEach((row, t) => {
      const tr = el('tr', '', el('th', '', className(state, t)));
      row.forEach((count, p) => {
        const b = el('button', t === p ? 'cell right' : 'cell', String(count));
        const share = count / largest;
        // At most 40% of the chart colour: the theme's text colour then keeps 4.5:1 contrast on every cell (60% fell to
        // 3.7:1 in Dark Modern).
        b.style.background = toCss(mix(base, hot, 0.4 * share));
        b.setAttribute(
          'aria-label',
          `${plural(count, 'row')} of class ${className(state, t)} answered ${className(state, p)}`,
        );
        b.disabled = count === 0;
        b.addEventListener('click', () => this.ctx.post({ type: 'images/cell', actual: t, predicted: p }));
        tr.append(el('td', '', b));
      });
      body.append(tr);
    });
    table.append(body);
    this.matrix.replaceChildren(table);
  }
}
