// What the Call Stack shows for a paused position: the phase, the step and the epoch as frames, each pointing at the
// part of the spec it computes; and which layer a line of the spec belongs to, for line breakpoints.
import type { DebugPosition, DebugStartInfo } from '../protocol';

export const PHASE_FRAME = 1;
export const STEP_FRAME = 2;
export const EPOCH_FRAME = 3;

export interface Frame {
  id: number;
  name: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The layer the frame computes, for expressions with bare field names and the panel's highlight. */
  layer?: number;
}

/** The frames of `at`, innermost first. */
export function framesOf(info: DebugStartInfo, at: DebugPosition): Frame[] {
  const frames: Frame[] = [];
  const phase = at.phase;
  const top = { line: 1, column: 1 };
  if (phase) {
    if (phase.kind === 'forward' || phase.kind === 'backward') {
      const layer = info.layers[phase.layer];
      const r = layer.range ?? top;
      frames.push({ id: PHASE_FRAME, name: `${layer.name}.${phase.kind}`, ...r, layer: phase.layer });
    } else {
      const line = (phase.kind === 'loss' ? info.lines.loss : info.lines.optimizer) ?? 1;
      frames.push({ id: PHASE_FRAME, name: phase.kind, line, column: 1 });
    }
  }
  // Between phases the step under way is the next one; after its update it is the one just done.
  const step = phase && phase.kind !== 'update' ? at.step + 1 : at.step;
  const edited = at.edited ? ' (edited)' : '';
  const stepName = step === 0 ? 'train step 0 (before the first)' : `train step ${step}`;
  frames.push({ id: STEP_FRAME, name: stepName + edited, line: info.lines.training ?? 1, column: 1 });
  const epoch = Math.floor(Math.max(step - 1, 0) / Math.max(info.stepsPerEpoch, 1)) + 1;
  frames.push({ id: EPOCH_FRAME, name: `epoch ${epoch}`, line: info.lines.training ?? 1, column: 1 });
  return frames;
}

/** The layer whose object spans `line`, or undefined. */
export function layerAtLine(info: DebugStartInfo, line: number): number | undefined {
  const l = info.layers.findIndex((x) => x.range && x.range.line <= line && line <= x.range.endLine);
  return l >= 0 ? l : undefined;
}
