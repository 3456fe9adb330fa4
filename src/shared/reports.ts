// What a training run and a gradient check report, shared by the engine that makes the reports and the protocol that
// carries them to the host and the panel.
import type { ParamRef } from './paramLayout';

/** Where training first produced a non-finite number. */
export interface Divergence {
  /** The step (1-based) that produced it; the weights are those after step − 1. */
  step: number;
  epoch: number;
  layer: number;
  layerName: string;
  where: 'loss' | 'activation' | 'gradient' | 'update';
  message: string;
}

/** One checked parameter of a gradient check. */
export interface GradCheckRow {
  index: number;
  ref: ParamRef;
  /** e.g. `hidden.weights[2][1]`. */
  path: string;
  analytic: number;
  numeric: number;
  absError: number;
  relError: number;
  /** Both errors past their thresholds (see SPEC-FORMAT: round-off on near-zero gradients is not a mismatch). */
  mismatch: boolean;
  /** A relu/leaky-relu pre-activation changed sign between θ+ε and θ−ε, so the difference straddles a kink. */
  kink: boolean;
}
