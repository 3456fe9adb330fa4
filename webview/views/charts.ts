// Live charts with uPlot: training (and validation) loss, and the gradient norm of each layer on a log scale. Each
// chart's canvas says in words what it shows, and its recent values open as a table on demand.
import uPlot from 'uplot';
import type { HistoryPoint } from '../../src/protocol';
import type { PanelContext, Section } from '../state/context';
import { el } from '../drawing/dom';
import { formatNumber as fmt } from '../../src/shared/format';
import { gradNormColumns, lossColumns } from '../state/history';
import { HeldDrawing } from '../drawing/heldDrawing';
import { table } from '../drawing/table';
import { cssVar, seriesColours } from '../drawing/theme';
import { gradNormChartDescription, lossChartDescription } from './descriptions';

const HEIGHT = 180;
/** Rows of the table of recent values. */
const RECENT = 10;
/** Line styles by series, so series differ by more than colour (uPlot's dash: on/off lengths in pixels). */
const DASHES: number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

/** What a chart shows in words, and its values as table rows (header first), from the history. */
interface ChartWords {
  describe(history: readonly HistoryPoint[]): string;
  head: string[];
  row(point: HistoryPoint): string[];
}

/** Axis styling read from the theme now (charts are rebuilt on a theme change). */
function axis(label: string): uPlot.Axis {
  const fg = cssVar('--vscode-descriptionForeground', '#999');
  const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#8884'));
  return {
    label,
    stroke: fg,
    grid: { stroke: grid, width: 0.5 },
    ticks: { stroke: grid, width: 0.5 },
    font: `11px ${cssVar('--vscode-font-family', 'sans-serif')}`,
    labelFont: `11px ${cssVar('--vscode-font-family', 'sans-serif')}`,
  };
}

/** One uPlot chart in a titled box, sized to its container, with its words and a table of recent values. */
class Chart {
  readonly element: HTMLElement;
  private plot?: uPlot;
  private readonly body = el('div', 'chart-body');
  private readonly empty = el('p', 'empty', 'No training yet: press Train or Step.');
  private readonly toggle = el('button', 'link values-toggle', 'Show recent values');
  private readonly values = el('div', 'chart-values');
  private measured?: { layout: number; width: number };
  private label = '';
  /** The history last drawn, so the table fills the moment it is opened. */
  private history: readonly HistoryPoint[] = [];
  private readonly canvasDrawing = new HeldDrawing();
  private readonly visibility: IntersectionObserver;

  constructor(
    private readonly title: string,
    private readonly options: (width: number) => uPlot.Options,
    private readonly words: ChartWords,
  ) {
    this.values.hidden = true;
    this.values.id = `values-${title.replace(/\W+/g, '-').toLowerCase()}`;
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.setAttribute('aria-controls', this.values.id);
    this.toggle.addEventListener('click', () => {
      this.values.hidden = !this.values.hidden;
      this.toggle.setAttribute('aria-expanded', String(!this.values.hidden));
      this.toggle.textContent = this.values.hidden ? 'Show recent values' : 'Hide recent values';
      if (!this.values.hidden) this.fillValues(this.history);
    });
    this.element = el('section', 'chart', el('h3', '', title), this.body, this.empty, this.toggle, this.values);
    this.visibility = new IntersectionObserver((entries) => {
      const latest = entries[entries.length - 1];
      if (latest) this.canvasDrawing.setVisible(latest.isIntersecting);
    });
    this.visibility.observe(this.element);
  }

  /**
   * `columns`: the history as uPlot's columns, built only when the canvas is drawn. `layout`: PanelContext.layout, so
   * the width is measured only when it may have changed.
   */
  set(columns: () => (number | null)[][], history: readonly HistoryPoint[], layout: number): void {
    const hasData = history.length > 0;
    if (this.empty.hidden !== hasData) this.empty.hidden = hasData;
    if (this.body.hidden === hasData) this.body.hidden = !hasData;
    if (this.toggle.hidden === hasData) this.toggle.hidden = !hasData;
    if (!hasData) {
      this.values.hidden = true;
      this.toggle.setAttribute('aria-expanded', 'false');
      this.toggle.textContent = 'Show recent values';
      return;
    }
    // Measured while the chart is shown: a hidden body has no width.
    if (this.measured?.layout !== layout || !this.plot)
      this.measured = { layout, width: Math.max(200, this.element.clientWidth || 360) };
    const width = this.measured.width;
    if (!this.plot) this.plot = new uPlot(this.options(width), columns() as uPlot.AlignedData, this.body);
    else {
      const plot = this.plot;
      // The canvas waits while the chart is out of view; its words below do not (a screen reader reads them there).
      this.canvasDrawing.draw(() => {
        if (Math.abs(plot.width - width) > 2) plot.setSize({ width, height: HEIGHT });
        plot.setData(columns() as uPlot.AlignedData);
      });
    }
    this.history = history;
    const label = this.words.describe(history);
    const canvas = this.plot.root.querySelector('canvas');
    if (canvas && label !== this.label) {
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', label);
      this.label = label;
    }
    if (!this.values.hidden) this.fillValues(history);
  }

  /** The newest RECENT points as a table, oldest first. */
  private fillValues(history: readonly HistoryPoint[]): void {
    const recent = history.slice(-RECENT);
    const t = table(
      'values',
      this.words.head,
      recent.map((p) => this.words.row(p)),
    );
    t.prepend(el('caption', '', `${this.title}: the last ${recent.length} recorded steps`));
    this.values.replaceChildren(t);
  }

  dispose(): void {
    this.visibility.disconnect();
    this.canvasDrawing.clear();
    this.plot?.destroy();
    this.plot = undefined;
  }
}

export class ChartsView implements Section {
  readonly element: HTMLElement;
  private readonly loss: Chart;
  private readonly norms: Chart;
  private readonly withValidation: boolean;
  private readonly layers: number;

  constructor(ctx: PanelContext) {
    const spec = ctx.state.spec!;
    this.withValidation = spec.hasValidation;
    this.layers = spec.layers.length;
    const colours = seriesColours();
    const legendValue = (_u: uPlot, v: number | null): string => (v === null ? '—' : fmt(v));
    const layerNames = spec.layers.map((l) => l.name);
    this.loss = new Chart(
      'Loss',
      (width) => ({
        width,
        height: HEIGHT,
        scales: { x: { time: false } },
        legend: { show: true },
        axes: [axis('step'), axis('loss')],
        series: [
          { label: 'step' },
          { label: 'training', stroke: colours[0], width: 1.5, value: legendValue },
          // Validation loss is measured only with snapshots, so its points are sparse: join them.
          ...(this.withValidation
            ? [
                {
                  label: 'validation',
                  stroke: colours[4],
                  width: 1.5,
                  value: legendValue,
                  spanGaps: true,
                  dash: DASHES[1],
                },
              ]
            : []),
        ],
      }),
      {
        describe: lossChartDescription,
        head: ['step', 'training loss', ...(this.withValidation ? ['validation loss'] : [])],
        row: (p) => [String(p.step), fmt(p.loss), ...(this.withValidation ? [fmt(p.validationLoss)] : [])],
      },
    );
    this.norms = new Chart(
      'Gradient norm per layer ‖dJ/dθ‖ (log scale)',
      (width) => ({
        width,
        height: HEIGHT,
        scales: { x: { time: false }, y: { distr: 3 } },
        legend: { show: true },
        axes: [axis('step'), axis('‖g‖')],
        series: [
          { label: 'step' },
          ...spec.layers.map((l, i) => ({
            label: l.name,
            stroke: colours[i % colours.length],
            width: 1.5,
            value: legendValue,
            spanGaps: true,
            dash: DASHES[i % DASHES.length],
          })),
        ],
      }),
      {
        describe: (history) => gradNormChartDescription(history, layerNames),
        head: ['step', ...layerNames.map((name) => `‖g‖ ${name}`)],
        row: (p) => [String(p.step), ...layerNames.map((_, l) => fmt(p.gradNorms[l]))],
      },
    );
    this.element = el('div', 'charts', this.loss.element, this.norms.element);
  }

  update(ctx: PanelContext): void {
    const history = ctx.state.session.history;
    this.loss.set(() => lossColumns(history, this.withValidation), history, ctx.layout);
    this.norms.set(() => gradNormColumns(history, this.layers), history, ctx.layout);
  }

  dispose(): void {
    this.loss.dispose();
    this.norms.dispose();
  }
}
