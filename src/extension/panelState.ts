// What the panel shows for a spec, computed from its latest analysis: plain data, no VS Code types.
import type { PanelState } from '../protocol';
import type { Analysis } from './specAnalyzer';

/** The panel's full state for the spec file `fileName` given its latest analysis (if any). */
export function panelState(fileName: string, analysis: Analysis | undefined): PanelState {
  const problems = { errors: 0, warnings: 0 };
  for (const p of analysis?.result.problems ?? []) {
    if (p.severity === 'error') problems.errors++;
    else problems.warnings++;
  }
  const spec = analysis?.lastValid;
  return {
    name: spec?.name ?? fileName,
    fileName,
    input: spec?.model.input,
    layers: (spec?.model.layers ?? []).map((l) => ({ name: l.name, units: l.units, activation: l.activation })),
    stale: spec !== undefined && analysis?.result.spec === undefined,
    problems,
  };
}
