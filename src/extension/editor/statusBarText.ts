// The words of a session's status bar item (pure): the short text with icons, and the label a screen reader reads.
import type { Progress, SessionStatus } from '../../protocol';
import { formatNumber } from '../../shared/format';

/** What the item shows of a session. */
export interface StatusFacts {
  /** The spec's file name without `.nn.json`. */
  name: string;
  status: SessionStatus;
  progress?: Progress;
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
const rate = (p: Progress): string => Math.round(p.stepsPerSecond).toLocaleString('en-US');

/** `$(sync~spin) xor · epoch 12 · loss 0.1234 · 35,000 steps/s`, then `$(warning) stale` when the spec changed. */
export function statusText(f: StatusFacts): string {
  const p = f.progress;
  const parts = [`${ICONS[f.status]} ${f.name}`];
  if (p) {
    parts.push(`epoch ${p.epoch}`, `loss ${loss(p)}`);
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
    if (f.status === 'running') parts.push(`${rate(p)} steps per second`);
  }
  if (f.stale) parts.push('the spec changed since training started (stale)');
  return parts.join(', ');
}
