// `backprop gradcheck FILE`: backprop's gradient against central differences, worst parameters first, mismatches
// located in the file.
import { directionalCheck, gradientCheck, type GradCheckRow } from '../../engine';
import { rangeOfLayer, rangeOfParam, specDocument } from '../../netspec';
import { loadSpec, requireData, type LoadedSpec, type SpecAccess } from '../load';
import { toJson, type Output } from '../output';
import { fmt, formatTable } from '../tables';

export interface GradcheckOptions extends SpecAccess {
  eps?: number;
  sample?: number;
  fast?: boolean;
  directions?: number;
  /** Rows shown in the table (default 20). */
  limit?: number;
  json?: boolean;
}

/** Exit code 1 when the verdict is "wrong", else 0. */
export function gradcheckCommand(file: string, options: GradcheckOptions, out: Output): number {
  const loaded = loadSpec(file, out, options);
  const { model } = loaded.spec;
  const data = requireData(loaded);
  if (options.fast) {
    const r = directionalCheck(model, data, undefined, { eps: options.eps, directions: options.directions });
    if (options.json) out.out(toJson(r));
    else {
      out.out(
        formatTable(
          r.directions.map((d, i) => [
            `v${i + 1}`,
            fmt(d.analytic),
            fmt(d.numeric),
            fmt(d.absError),
            fmt(d.relError),
            d.kink ? 'kink' : '',
          ]),
          ['direction', 'g·v (backprop)', 'numeric', 'abs error', 'rel error', ''],
        ),
      );
      out.out(
        `\n${verdictLine(r.verdict, r.overallError, r.kinks)} (${r.directions.length} random directions over ` +
          `${r.total} parameters, ε = ${r.eps.toExponential()})`,
      );
    }
    return r.verdict === 'wrong' ? 1 : 0;
  }
  const r = gradientCheck(model, data, undefined, { eps: options.eps, sample: options.sample });
  if (options.json) {
    out.out(toJson({ ...r, rows: r.rows.map(({ index: _index, ...row }) => row) }));
    return r.verdict === 'wrong' ? 1 : 0;
  }
  const shown = r.rows.slice(0, options.limit ?? 20);
  out.out(
    formatTable(
      shown.map((row) => [
        row.path,
        fmt(row.analytic),
        fmt(row.numeric),
        fmt(row.absError),
        fmt(row.relError),
        flags(row),
      ]),
      ['parameter', 'backprop', 'numeric', 'abs error', 'rel error', ''],
    ),
  );
  if (shown.length < r.rows.length)
    out.out(`… ${r.rows.length - shown.length} more (--limit N shows more, --json shows all)`);
  for (const row of r.rows.filter((x) => x.mismatch)) out.err(mismatchLine(loaded, row));
  out.out(
    `\n${verdictLine(r.verdict, r.overallError, r.kinks)}: ${r.mismatches} ` +
      `mismatch${r.mismatches === 1 ? '' : 'es'}, ` +
      `${r.checked} of ${r.total} parameters checked, ε = ${r.eps.toExponential()}, loss ${fmt(r.loss)}`,
  );
  return r.verdict === 'wrong' ? 1 : 0;
}

function flags(row: GradCheckRow): string {
  return [row.mismatch ? 'MISMATCH' : '', row.kink ? 'kink' : ''].filter(Boolean).join(' ');
}

function verdictLine(verdict: string, overall: number, kinks: number): string {
  const kinkNote = kinks > 0 ? ` (${kinks} difference${kinks === 1 ? '' : 's'} straddle a relu kink)` : '';
  return `verdict: ${verdict.toUpperCase()}, relative error ${overall.toExponential(2)}${kinkNote}`;
}

/** A compiler-style warning at the weight in the file (or its layer, when the weight is not written out). */
function mismatchLine(loaded: LoadedSpec, row: GradCheckRow): string {
  const doc = specDocument(loaded.text);
  const range = rangeOfParam(doc, row.ref) ?? rangeOfLayer(doc, row.ref.layer);
  const pos = range ? doc.positionAt(range.offset) : { line: 1, column: 1 };
  return (
    `${loaded.file}:${pos.line}:${pos.column}: warning: gradient mismatch at ${row.path}: ` +
    `backprop ${fmt(row.analytic)}, numeric ${fmt(row.numeric)} (relative error ${row.relError.toExponential(2)})`
  );
}
