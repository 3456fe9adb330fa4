// Training results as located diagnostics: gradient-check mismatches on their weights, divergence on its layer. Pure.
import type { DivergenceInfo, GradCheckInfo } from '../../protocol';
import { rangeOfLayer, rangeOfParam, specDocument } from '../../netspec/index';
import { formatNumber as fmt } from '../../shared/format';

/** A diagnostic as plain data: a text range (offsets) and what to say. */
export interface PlainDiagnostic {
  offset: number;
  length: number;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * One warning per mismatching parameter written out in the spec; mismatches in unwritten layers share one warning on
 * the layer.
 */
export function checkDiagnostics(text: string, check: GradCheckInfo): PlainDiagnostic[] {
  const doc = specDocument(text);
  const out: PlainDiagnostic[] = [];
  const unwritten = new Map<number, string[]>();
  for (const row of check.rows) {
    if (!row.mismatch) continue;
    const detail =
      `backprop ${fmt(row.analytic)} vs numerical ${fmt(row.numeric)} (relative error ` + `${fmt(row.relError)})`;
    const range = rangeOfParam(doc, row.ref);
    if (range)
      out.push({ ...range, severity: 'warning', message: `Gradient check mismatch at ${row.path}: ${detail}` });
    else unwritten.set(row.ref.layer, [...(unwritten.get(row.ref.layer) ?? []), `${row.path}: ${detail}`]);
  }
  for (const [layer, lines] of unwritten) {
    const range = rangeOfLayer(doc, layer);
    if (range)
      out.push({
        ...range,
        severity: 'warning',
        message: `Gradient check mismatches (${lines.length}):\n${lines.join('\n')}`,
      });
  }
  return out;
}

/** An error on the layer where training first produced a non-finite value. */
export function divergenceDiagnostic(text: string, divergence: DivergenceInfo): PlainDiagnostic | undefined {
  const range = rangeOfLayer(text, divergence.layer);
  if (!range) return undefined;
  // The engine's message already says the step and what to try; add where it began.
  return {
    ...range,
    severity: 'error',
    message: `${divergence.message} (first non-finite ${divergence.where} in layer "${divergence.layerName}")`,
  };
}
