// The engine's public surface: everything the worker, the CLI and the tests use.
export * from './types';
export { Rng, type RngState } from './rng';
export { reductionsOf } from './losses';
export { ParamLayout, type LayerSlots } from '../shared/paramLayout';
export { Network, initialParams, allFinite } from './network';
export { evaluateObjective, splitRows, type RowSplit } from './objective';
export {
  Trainer,
  nextSliceSteps,
  lossRiseWarning,
  LOSS_RISE_FACTOR,
  type Divergence,
  type TrainerState,
  type Phase,
} from './trainer';
export {
  gradientCheck,
  GradientCheckRun,
  directionalCheck,
  verdictOf,
  type Verdict,
  type GradCheckRow,
  type GradCheckReport,
  type DirectionalReport,
  type DirectionRow,
  type GradCheckOptions,
} from './gradcheck';
export { layerHealth, inputBounds, decisionGrid, type LayerHealth, type GridBounds } from './insight';
export {
  evaluateRows,
  outputsOf,
  metricsOf,
  scoreRows,
  accuracyOf,
  taskOf,
  argmax,
  binaryClass,
  type Task,
  type Metrics,
  type Confusion,
  type SplitScore,
} from './analysis/metrics';
export {
  traceSample,
  chainOf,
  refOfPath,
  type SampleTrace,
  type LayerTrace,
  type ParamChain,
  type Factor,
} from './analysis/explain';
export { StateRing, stateBytes, DEFAULT_RING_BUDGET, MIN_RING_DEPTH } from './stateRing';
