// Live charts with uPlot: training (and validation) loss, and the gradient norm of each layer on a log scale.
import uPlot from 'uplot';
import type { PanelContext, Section } from '../state/context';
import { el } from '../drawing/dom';
import { formatNumber as fmt } from '../../src/shared/format';
import { gradNormColumns, lossColumns } from '../state/history';
import { cssVar, seriesColours } from '../drawing/theme';

const HEIGHT = 180;

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

/** One uPlot chart in a titled box, sized to its container. */
class Chart {
  readonly element: HTMLElement;
  private plot?: uPlot;
  private readonly body = el('div', 'chart-body');
  private readonly empty = el('p', 'empty', 'No training yet: press Train or Step.');
  private measured?: { layout: number; width: number };

  constructor(
    title: string,
    private readonly options: (width: number) => uPlot.Options,
  ) {
    this.element = el('section', 'chart', el('h3', '', title), this.body, this.empty);
  }

  /** `layout`: PanelContext.layout, so the width is measured only when it may have changed. */
  set(data: (number | null)[][], layout: number): void {
    const hasData = data[0]!.length > 0;
    if (this.empty.hidden !== hasData) this.empty.hidden = hasData;
    if (this.body.hidden === hasData) this.body.hidden = !hasData;
    if (!hasData) return;
    // Measured while the chart is shown: a hidden body has no width.
    if (this.measured?.layout !== layout || !this.plot)
      this.measured = { layout, width: Math.max(200, this.element.clientWidth || 360) };
    const width = this.measured.width;
    if (!this.plot) this.plot = new uPlot(this.options(width), data as uPlot.AlignedData, this.body);
    else {
      if (Math.abs(this.plot.width - width) > 2) this.plot.setSize({ width, height: HEIGHT });
      this.plot.setData(data as uPlot.AlignedData);
    }
  }

  dispose(): void {
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
    this.loss = new Chart('Loss', (width) => ({
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
          ? [{ label: 'validation', stroke: colours[4], width: 1.5, value: legendValue, spanGaps: true }]
          : []),
      ],
    }));
    this.norms = new Chart('Gradient norm per layer ‖dJ/dθ‖ (log scale)', (width) => ({
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
        })),
      ],
    }));
    this.element = el('div', 'charts', this.loss.element, this.norms.element);
  }

  update(ctx: PanelContext): void {
    const history = ctx.state.session.history;
    this.loss.set(lossColumns(history, this.withValidation), ctx.layout);
    this.norms.set(gradNormColumns(history, this.layers), ctx.layout);
  }

  dispose(): void {
    this.loss.dispose();
    this.norms.dispose();
  }
}
