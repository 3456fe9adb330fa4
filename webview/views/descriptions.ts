// The panel's pictures and events in words (pure): what the graph, the charts and the decision boundary show, and what
// a screen reader hears when the session changes. Signs are said in words, so colour is never the only signal.
import type {
  BoundaryGrid,
  GradCheckInfo,
  HistoryPoint,
  PanelSnapshot,
  PanelState,
  Progress,
  SessionStatus,
  SpecSummary,
} from '../../src/protocol';
import { formatNumber as fmt } from '../../src/shared/format';
import { paramPath } from '../../src/shared/paramLayout';
import { NON_FINITE_CELL } from '../../src/shared/pictures';
import { decode } from '../state/pictures';

/** The status line's words for a state: what the session is doing and anything the user must act on. */
export function statusText(state: PanelState): {
  label: string;
  tone: 'ok' | 'busy' | 'warn' | 'error';
  detail?: string;
} {
  const s = state.session;
  const detail = s.message;
  switch (s.status) {
    case 'none':
      return {
        label: 'no session',
        tone: 'ok',
        detail: state.spec ? undefined : 'No valid network yet: fix the problems listed in the Problems panel.',
      };
    case 'loading':
      return { label: 'loading…', tone: 'busy' };
    case 'ready':
      return { label: 'ready', tone: 'ok' };
    case 'running':
      return { label: 'running', tone: 'busy' };
    case 'paused':
      return { label: 'paused', tone: 'ok' };
    case 'done':
      return { label: 'done', tone: 'ok', detail };
    case 'diverged':
      return {
        label: 'diverged',
        tone: 'error',
        detail: detail ?? 'Training produced a non-finite value: lower the learning rate and Reset.',
      };
    case 'crashed':
      return {
        label: 'crashed',
        tone: 'error',
        detail: detail ?? 'The training worker stopped unexpectedly: Reset to start it again.',
      };
    case 'error':
      return { label: 'error', tone: 'error', detail };
    default: {
      const unknown: never = s.status;
      return { label: String(unknown), tone: 'warn' };
    }
  }
}

/** `2-3-1`: the input size, then each layer's units. */
export function networkShape(spec: SpecSummary): string {
  return [spec.input, ...spec.layers.map((l) => l.units)].join('-');
}

/** A value with its sign in words. */
export function signed(v: number): string {
  if (!Number.isFinite(v)) return `${fmt(v)} (not finite)`;
  return v > 0 ? `${fmt(v)} (positive)` : v < 0 ? `${fmt(v)} (negative)` : '0';
}

export type Trend = 'falling' | 'rising' | 'flat';

/** Relative change between the two windows below which a loss counts as flat. */
const FLAT = 0.01;

/**
 * Where the loss is heading: the mean of the newest quarter of the history (at most 50 points) against the mean of as
 * many points before it; undefined with fewer than two points or a non-finite loss.
 */
export function lossTrend(history: readonly HistoryPoint[]): Trend | undefined {
  const n = history.length;
  if (n < 2) return undefined;
  const k = Math.max(1, Math.min(50, Math.floor(n / 4)));
  const mean = (from: number, to: number): number => {
    let s = 0;
    for (let i = from; i < to; i++) s += history[i]!.loss;
    return s / (to - from);
  };
  const recent = mean(n - k, n);
  const before = mean(Math.max(0, n - 2 * k), n - k);
  if (!Number.isFinite(recent) || !Number.isFinite(before)) return undefined;
  const change = (recent - before) / Math.max(Math.abs(before), 1e-300);
  return change < -FLAT ? 'falling' : change > FLAT ? 'rising' : 'flat';
}

/** The weight (or weight gradient) of largest magnitude in a snapshot, with the parameter or block it belongs to. */
export function strongestWeight(
  spec: SpecSummary,
  snapshot: PanelSnapshot,
  what: 'weights' | 'gradients',
): { where: string; value: number; approximate: boolean } | undefined {
  let best: { where: string; value: number; approximate: boolean } | undefined;
  snapshot.layers.forEach((picture, layer) => {
    const name = spec.layers[layer]?.name ?? `layer${layer + 1}`;
    if (picture.kind === 'exact') {
      const values = what === 'weights' ? picture.weights : picture.weightGrads;
      for (let k = 0; k < values.length; k++) {
        const v = values[k]!;
        if (!best || !(Math.abs(v) <= Math.abs(best.value)))
          best = {
            where: paramPath({ layer, kind: 'weight', row: Math.floor(k / picture.cols), col: k % picture.cols }, name),
            value: v,
            approximate: false,
          };
      }
      return;
    }
    const codes = what === 'weights' ? picture.weights : picture.weightGrads;
    const scale = what === 'weights' ? picture.weightScale : picture.gradScale;
    const fanIn = picture.colStep * picture.cols;
    let top = 0;
    for (let k = 1; k < codes.length; k++)
      if (codes[k] === NON_FINITE_CELL || Math.abs(codes[k]!) > Math.abs(codes[top]!)) top = k;
    if (codes.length === 0) return;
    const value = decode(codes[top]!, scale);
    if (best && Math.abs(value) <= Math.abs(best.value)) return;
    const r = Math.floor(top / picture.cols);
    const c = top % picture.cols;
    const span = (start: number, step: number, end: number): string =>
      step === 1 ? `${start}` : `${start}–${Math.min(start + step, end) - 1}`;
    const rows = spec.layers[layer]?.units ?? picture.rowStep * picture.rows;
    const [rowSpan, colSpan] = [
      span(r * picture.rowStep, picture.rowStep, rows),
      span(c * picture.colStep, picture.colStep, fanIn),
    ];
    best = {
      where: `${name}.weights[${rowSpan}][${colSpan}]`,
      value,
      approximate: true,
    };
  });
  return best;
}

/** The loss's last value and direction, e.g. `loss 0.0012 at step 3000, falling`. */
function lossPhrase(snapshot: PanelSnapshot | undefined, history: readonly HistoryPoint[]): string {
  const last = history[history.length - 1];
  const step = snapshot?.step ?? last?.step;
  const loss = snapshot?.loss ?? last?.loss;
  if (step === undefined || loss === undefined) return 'not trained yet';
  const trend = lossTrend(history);
  return `loss ${fmt(loss)} at step ${step}${trend ? `, ${trend}` : ''}`;
}

/**
 * The graph in one sentence: `2-3-1 network; strongest weight hidden.weights[1][0] = 4.21 (positive); loss 0.0012 at
 * step 3000, falling`, with the layers drawn as heatmaps and any unhealthy units.
 */
export function graphDescription(
  state: PanelState,
  edges: 'weights' | 'gradients',
  heatmaps: readonly string[],
): string {
  const spec = state.spec;
  if (!spec) return 'No valid network yet.';
  const { snapshot, history } = state.session;
  const parts = [`${networkShape(spec)} network (${spec.layers.map((l) => `${l.name} ${l.activation}`).join(', ')})`];
  const top = snapshot && strongestWeight(spec, snapshot, edges);
  if (top) {
    const what = edges === 'weights' ? 'strongest weight' : 'largest weight gradient';
    parts.push(`${what} ${top.where} ${top.approximate ? '≈' : '='} ${signed(top.value)}`);
  }
  parts.push(lossPhrase(snapshot, history));
  if (heatmaps.length > 0) parts.push(`drawn as a heatmap: ${heatmaps.join(', ')}`);
  snapshot?.health.forEach((h, l) => {
    const units = (n: number, what: string): string => (n > 0 ? `${n} ${what} unit${n === 1 ? '' : 's'}` : '');
    const issues = [units(h.dead, 'dead'), units(h.saturated, 'saturated')].filter(Boolean);
    if (issues.length > 0) parts.push(`${spec.layers[l]?.name ?? `layer ${l + 1}`}: ${issues.join(', ')}`);
  });
  return parts.join('; ') + '.';
}

/** The loss chart in words: the latest training (and validation) loss, where it started, and its direction. */
export function lossChartDescription(history: readonly HistoryPoint[]): string {
  const first = history[0];
  const last = history[history.length - 1];
  if (!first || !last) return 'Loss chart: no training yet.';
  const trend = lossTrend(history);
  const validation = [...history].reverse().find((p) => p.validationLoss !== undefined)?.validationLoss;
  return (
    `Loss chart: training loss ${fmt(last.loss)} at step ${last.step}${trend ? `, ${trend}` : ''}, ` +
    `from ${fmt(first.loss)} at step ${first.step}` +
    (validation !== undefined ? `; validation loss ${fmt(validation)}.` : '.')
  );
}

/** The gradient-norm chart in words: each layer's latest ‖dJ/dθ‖. */
export function gradNormChartDescription(history: readonly HistoryPoint[], layers: readonly string[]): string {
  const last = history[history.length - 1];
  if (!last) return 'Gradient norm chart: no training yet.';
  const norms = layers.map((name, l) => `${name} ${fmt(last.gradNorms[l])}`).join(', ');
  return `Gradient norm chart (log scale), at step ${last.step}: ${norms}.`;
}

/** How well the network's outputs match the data points of the decision boundary. */
export type BoundaryScore =
  | {
      kind: 'accuracy';
      correct: number;
      total: number;
      wrong: Uint8Array;
      /** One output: its two target values, low then high (the class boundary lies halfway). */
      levels?: readonly [number, number];
    }
  | { kind: 'error'; meanAbsolute: number; total: number };

/**
 * The two classes a one-output network's targets stand for: 0 and 1 (sigmoid), or −1 and 1 (tanh), also when only one
 * of them occurs; undefined for any other targets (a regression).
 */
export function targetLevels(targets: ArrayLike<number>): readonly [number, number] | undefined {
  let zeroOne = true;
  let plusMinus = true;
  for (let p = 0; p < targets.length; p++) {
    const t = targets[p]!;
    zeroOne &&= t === 0 || t === 1;
    plusMinus &&= t === -1 || t === 1;
  }
  return zeroOne ? [0, 1] : plusMinus ? [-1, 1] : undefined;
}

/**
 * Accuracy on the points shown (classes: argmax for several outputs; for one output, the nearer of its two target
 * class, 0/1 targets split at 0.5 and ±1 at 0), or the mean absolute error when one output is a regression.
 */
export function boundaryScore(grid: BoundaryGrid): BoundaryScore {
  const n = grid.pointsClass.length;
  const levels = grid.outputs === 1 ? targetLevels(grid.pointsClass) : undefined;
  if (grid.outputs === 1 && !levels) {
    let sum = 0;
    for (let p = 0; p < n; p++) sum += Math.abs(grid.pointsPredicted[p]! - grid.pointsClass[p]!);
    return { kind: 'error', meanAbsolute: n > 0 ? sum / n : NaN, total: n };
  }
  const wrong = new Uint8Array(n);
  let correct = 0;
  for (let p = 0; p < n; p++) {
    const out = grid.pointsPredicted[p]!;
    const predicted = levels ? (out >= (levels[0] + levels[1]) / 2 ? levels[1] : levels[0]) : out;
    // A non-finite output (a diverged network) answers nothing, so it is never right.
    if (Number.isFinite(out) && predicted === grid.pointsClass[p]) correct++;
    else wrong[p] = 1;
  }
  return levels
    ? { kind: 'accuracy', correct, total: n, wrong, levels }
    : { kind: 'accuracy', correct, total: n, wrong };
}

/** The score as a sentence, e.g. `Accuracy on the 4 data points shown: 100% (4 of 4).` */
export function scoreSentence(score: BoundaryScore): string {
  if (score.kind === 'error')
    return `Mean absolute error on the ${score.total} data points shown: ${fmt(score.meanAbsolute)}.`;
  const percent = score.total > 0 ? Math.round((1000 * score.correct) / score.total) / 10 : 0;
  return `Accuracy on the ${score.total} data points shown: ${percent}% (${score.correct} of ${score.total}).`;
}

/**
 * What a change of the session's status from `was` means, as an announcement; undefined when nothing worth saying
 * happened (the first state seen, loading, a Step's own pause: the step is announced by itself).
 */
export function statusAnnouncement(was: SessionStatus | undefined, after: PanelState): string | undefined {
  const now = after.session.status;
  if (was === undefined || was === now) return undefined;
  const p = after.session.progress;
  const at = p ? ` at step ${p.step}, loss ${fmt(p.batchLoss)}` : '';
  switch (now) {
    case 'running':
      return was === 'paused' ? 'Training resumed.' : 'Training started.';
    case 'paused':
      return was === 'running' ? `Training paused${at}.` : undefined;
    case 'done':
      return after.session.message?.startsWith('Stopped') ? `Training stopped${at}.` : `Training done${at}.`;
    case 'ready':
      return was === 'none' || was === 'loading' ? undefined : 'Weights reset: ready to train.';
    case 'diverged':
    case 'crashed':
    case 'error': {
      const s = statusText(after);
      return `Training ${s.label}${s.detail ? `: ${s.detail}` : '.'}`;
    }
    case 'none':
    case 'loading':
      return undefined;
    default: {
      const unknown: never = now;
      return String(unknown);
    }
  }
}

/** Progress while training, e.g. `Step 1200 of 3000, loss 0.034.` */
export function progressAnnouncement(p: Progress): string {
  return `Step ${p.step} of ${p.totalSteps}, loss ${fmt(p.batchLoss)}.`;
}

/** A gradient check's verdict, e.g. `Gradient check: good; overall relative error 1.2e-9; 0 mismatches of 13.` */
export function checkAnnouncement(check: GradCheckInfo): string {
  return (
    `Gradient check: ${check.verdict}; overall relative error ${fmt(check.overallError)}; ` +
    `${check.mismatches} mismatch${check.mismatches === 1 ? '' : 'es'} of ${check.checked} parameters checked.`
  );
}

/** The line naming the debugger's selected frame above the graph, or undefined when no frame is selected. */
export function debugFrameCaption(state: PanelState): string | undefined {
  const focus = state.debugFrame;
  if (!focus) return undefined;
  const layer = focus.layer === undefined ? undefined : state.spec?.layers[focus.layer]?.name;
  return `Debugger paused at ${focus.label}` + (layer === undefined ? '' : ` (layer ${layer} highlighted)`);
}
