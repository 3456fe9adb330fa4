// What the panel shows for a spec, from its latest analysis and its session: plain data, no VS Code types.
import type { PanelState, SessionView, SpecSummary } from '../../protocol';
import type { ParseResult, Spec } from '../../netspec/types';
import { ParamLayout } from '../../shared/paramLayout';
import { PICTURE_EXACT_WEIGHTS } from '../../shared/pictures';

/** The facts of a valid spec the panel shows. */
export function specSummary(spec: Spec): SpecSummary {
  const m = spec.model;
  const summary: SpecSummary = {
    name: spec.name,
    input: m.input,
    layers: m.layers.map((l) => ({ name: l.name, units: l.units, activation: l.activation })),
    loss: m.loss,
    optimizer: m.optimizer.type,
    learningRate: m.optimizer.learningRate,
    batchSize: m.training.batchSize,
    epochs: m.training.epochs,
    hasValidation: m.training.validationSplit > 0,
    paramCount: new ParamLayout(m).size,
  };
  if (spec.inputNames) summary.inputNames = spec.inputNames;
  if (spec.classNames) summary.classNames = spec.classNames;
  if (spec.inputShape && spec.inputShape.length >= 2) summary.inputShape = spec.inputShape;
  return summary;
}

export interface PanelFacts {
  fileName: string;
  /** The parse of the current text, if any. */
  result?: ParseResult;
  /** The newest spec that parsed without errors. */
  lastValid?: Spec;
  stale: boolean;
  session?: SessionView;
  edgeLimit: number;
}

/** The panel's full state. */
export function panelState(facts: PanelFacts): PanelState {
  const problems = { errors: 0, warnings: 0 };
  for (const p of facts.result?.problems ?? []) {
    if (p.severity === 'error') problems.errors++;
    else problems.warnings++;
  }
  const state: PanelState = {
    fileName: facts.fileName,
    problems,
    specHasErrors: problems.errors > 0,
    stale: facts.stale,
    session: facts.session ?? { status: 'none', history: [] },
    // Larger layers reach the panel only as pooled pictures, so no setting can make it draw their edges.
    settings: { edgeLimit: Math.min(facts.edgeLimit, PICTURE_EXACT_WEIGHTS) },
  };
  if (facts.lastValid) state.spec = specSummary(facts.lastValid);
  return state;
}
