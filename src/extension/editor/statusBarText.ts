// The words of a session's status bar item (pure): the short text with icons, and the label a screen reader reads.
import type { Progress, SessionStatus } from '../../protocol';
import { grouped, formatNumber, formatPercent } from '../../shared/format';

/** What the item shows of a session. */
export interface StatusFacts {
  /** The spec's file name without `.nn.json`. */
  name: string;
  status: SessionStatus;
  progress?: Progress;
  /** Shares of rows classified right at the latest snapshot (classifiers only). */
  accuracy?: { training?: number; validation?: number };
  stale: boolean;
}

const ICONS: Record<SessionStatus, string> = {
  none: '$(circle-outline)',
  loading: '$(loading~spin)',
  ready: '$(circle-outline)',
  running: '$(sync~spin)',
  paused: '$(debug-pause)',
  done: '$(check)',
  diverged: '$(error)',
  crashed: '$(error)',
  error: '$(error)',
};

const loss = (p: Progress): string => formatNumber(p.batchLoss);
const rate = (p: Progress): string => grouped(p.stepsPerSecond);

/**
 * `$(sync~spin) digits · epoch 12 · loss 0.1234 · val. accuracy 96.4% · 35,000 steps/s` (the validation accuracy when
 * rows are held out, else the training accuracy), then `$(warning) stale` when the spec changed.
 */
export function statusText(f: StatusFacts): string {
  const p = f.progress;
  const parts = [`${ICONS[f.status]} ${f.name}`];
  if (p) {
    parts.push(`epoch ${p.epoch}`, `loss ${loss(p)}`);
    const a = f.accuracy;
    if (a?.validation !== undefined) parts.push(`val. accuracy ${formatPercent(a.validation)}`);
    else if (a?.training !== undefined) parts.push(`accuracy ${formatPercent(a.training)}`);
    if (f.status === 'running') parts.push(`${rate(p)} steps/s`);
  } else parts.push(f.status);
  if (f.stale) parts.push('$(warning) stale');
  return parts.join(' · ');
}

/**
 * The same facts in words, without icon names or abbreviations: `Backprop session xor: running, epoch 12, loss 0.1234,
 * 35,000 steps per second`.
 */
export function statusLabel(f: StatusFacts): string {
  const p = f.progress;
  const parts = [`Backprop session ${f.name}: ${f.status}`];
  if (p) {
    parts.push(`epoch ${p.epoch}`, `loss ${loss(p)}`);
    if (f.accuracy?.training !== undefined) parts.push(`training accuracy ${formatPercent(f.accuracy.training)}`);
    if (f.accuracy?.validation !== undefined) parts.push(`validation accuracy ${formatPercent(f.accuracy.validation)}`);
    if (f.status === 'running') parts.push(`${rate(p)} steps per second`);
  }
  if (f.stale) parts.push('the spec changed since training started (stale)');
  return parts.join(', ');
}
