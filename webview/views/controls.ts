// Training controls (train/pause, step, reset, gradient check, write weights, live learning rate) and the progress
// readout.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { FromWebview, PanelState } from '../../src/protocol';
import type { PanelContext, Section } from '../state/context';
import { el, setText } from '../drawing/dom';
import { formatNumber as fmt, formatPercent } from '../../src/shared/format';
import { parseLearningRate } from '../state/validate';

/** A `vscode-button` that posts `message` when pressed. */
function button(label: string, onPress: () => void, secondary = true): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  if (secondary) b.setAttribute('secondary', '');
  b.addEventListener('click', onPress);
  return b;
}

export class Controls implements Section {
  readonly element: HTMLElement;
  private readonly train: HTMLElement;
  private readonly readout = el('div', 'readout');
  /** The readout's labels now: while they stay, a progress message rewrites only the values that changed. */
  private readoutLabels = '';
  private readonly rate: HTMLElement & { value: string };
  private readonly rateError = el('span', 'field-error');
  private ctx: PanelContext;

  constructor(ctx: PanelContext) {
    this.ctx = ctx;
    const send = (message: FromWebview) => () => this.ctx.post(message);
    this.train = button('Train', () => this.ctx.post({ type: this.running() ? 'train/pause' : 'train/run' }), false);
    this.rate = document.createElement('vscode-textfield');
    // NOTE: a text field checked by parseLearningRate: type=number would flag 0.01 invalid (its default step is 1).
    this.rate.setAttribute('inputmode', 'decimal');
    this.rate.setAttribute('aria-label', 'Learning rate');
    this.rate.className = 'rate';
    this.rate.value = String(ctx.state.session.learningRate ?? ctx.state.spec?.learningRate ?? '');
    this.rate.addEventListener('change', () => this.setRate());
    this.element = el(
      'div',
      'controls',
      el(
        'div',
        'buttons',
        this.train,
        button('Step', send({ type: 'train/step' })),
        button('Reset', send({ type: 'train/reset' })),
        button('Gradient check', send({ type: 'check/run' })),
        button('Write weights', send({ type: 'weights/write' })),
        button('Export…', send({ type: 'model/export' })),
      ),
      el('label', 'rate-label', 'Learning rate ', this.rate, this.rateError),
      this.readout,
    );
  }

  private running(): boolean {
    return this.ctx.state.session.status === 'running';
  }

  private setRate(): void {
    const v = parseLearningRate(this.rate.value);
    if (typeof v === 'string') {
      this.rateError.textContent = v;
      this.rate.setAttribute('invalid', '');
      return;
    }
    this.rateError.textContent = '';
    this.rate.removeAttribute('invalid');
    this.ctx.state.session.learningRate = v;
    this.ctx.post({ type: 'train/setLearningRate', value: v });
  }

  update(ctx: PanelContext): void {
    this.ctx = ctx;
    const { session, spec } = ctx.state;
    // NOTE: 'none' and 'crashed' stay usable: Train starts a session, Reset restarts a crashed one.
    const usable = !!spec && session.status !== 'loading';
    setText(this.train, this.running() ? 'Pause' : session.status === 'paused' ? 'Resume' : 'Train');
    for (const b of this.element.querySelectorAll('vscode-button'))
      if (b.hasAttribute('disabled') === usable) b.toggleAttribute('disabled', !usable);
    this.showReadout(readoutItems(session));
  }

  /** Rebuilds the readout when its items change, else writes the values that differ (each write restyles). */
  private showReadout(items: ReadoutItem[]): void {
    const labels = items.map(([label]) => label).join('\n');
    if (labels !== this.readoutLabels) {
      this.readoutLabels = labels;
      this.readout.replaceChildren(
        ...items.map(([label, value]) =>
          el('span', 'readout-item', el('span', 'label', label), el('span', 'value', value)),
        ),
      );
      return;
    }
    this.readout.querySelectorAll('.value').forEach((node, i) => setText(node, items[i]![1]));
  }
}

type ReadoutItem = [label: string, value: string];

/** The readout's items: progress, the latest snapshot's measures, and the speed while running. */
function readoutItems(session: PanelState['session']): ReadoutItem[] {
  const p = session.progress;
  const snap = session.snapshot;
  const items: ReadoutItem[] = [
    ['epoch', p ? String(p.epoch) : snap ? String(snap.epoch) : '0'],
    ['step', p ? `${p.step} / ${p.totalSteps}` : snap ? String(snap.step) : '0'],
    ['loss', fmt(p?.batchLoss ?? snap?.loss)],
  ];
  if (snap?.validationLoss !== undefined) items.push(['validation', fmt(snap.validationLoss)]);
  if (snap?.accuracy !== undefined) items.push(['accuracy', formatPercent(snap.accuracy)]);
  if (snap?.validationAccuracy !== undefined) items.push(['val. accuracy', formatPercent(snap.validationAccuracy)]);
  items.push(['steps/s', p && session.status === 'running' ? fmt(Math.round(p.stepsPerSecond)) : '—']);
  return items;
}
