// The engine's public surface: everything the worker, the CLI and the tests use.
export * from './types';
export { Rng } from './rng';
export { reductionsOf } from './losses';
export { ParamLayout, type LayerSlots } from '../shared/paramLayout';
export { Network, initialParams, allFinite } from './network';
export { evaluateObjective, splitRows, type RowSplit } from './objective';
export { Trainer, nextSliceSteps, type Divergence } from './trainer';
export {
  gradientCheck,
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
