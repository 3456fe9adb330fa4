// `backprop gradcheck FILE`: backprop's gradient against central differences, worst parameters first, mismatches
// located in the file. A full check says how long it will take, shows its progress and can be stopped.
import {
  directionalCheck,
  GradientCheckRun,
  nextSliceSteps,
  type GradCheckReport,
  type GradCheckRow,
} from '../../engine';
import { rangeOfLayer, rangeOfParam, specDocument } from '../../netspec';
import { loadSpec, requireData, type LoadedSpec, type SpecAccess } from '../load';
import { toJson, type Output } from '../output';
import { fmt, formatDuration, formatTable, progressBar, SLOW_SECONDS } from '../tables';
import { grouped, plural } from '../../shared/format';

export interface GradcheckOptions extends SpecAccess {
  eps?: number;
  sample?: number;
  fast?: boolean;
  directions?: number;
  /** Rows shown in the table (default 20). */
  limit?: number;
  json?: boolean;
  /** Stops a full check early (Ctrl+C): the parameters checked so far are reported. */
  signal?: AbortSignal;
}

/** Directions a --fast check takes unless told. */
const DEFAULT_DIRECTIONS = 3;
/** Estimates below this are not worth a line: the check is over before it could be read. */
const QUIET_SECONDS = 1;
/** How long the parameters timed for the estimate take at least, so one slow parameter does not skew it. */
const TIMING_MS = 200;
/** Work between two looks at the signal and the progress bar. */
const SLICE_MS = 50;
/** The sample --sample should suggest: about this long. */
const SUGGESTED_SECONDS = 5;

/** Exit code 1 when the verdict is "wrong", else 0. */
export async function gradcheckCommand(file: string, options: GradcheckOptions, out: Output): Promise<number> {
  const loaded = loadSpec(file, out, options);
  const { model } = loaded.spec;
  const data = requireData(loaded);
  if (options.fast) {
    const r = directionalCheck(model, data, undefined, {
      eps: options.eps,
      directions: options.directions ?? DEFAULT_DIRECTIONS,
    });
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
  const run = new GradientCheckRun(model, data, undefined, { eps: options.eps, sample: options.sample });
  const secondsPerParam = timeFew(run);
  const note = estimateNote(run, secondsPerParam, options.sample !== undefined);
  if (note) out.err(`${file}: ${note}`);
  await checkRest(run, secondsPerParam, options.signal, out);
  const r = run.report();
  const interrupted = run.checked < run.planned;
  if (interrupted)
    out.err(
      `${file}: stopped after ${grouped(run.checked)} of ${grouped(run.planned)} parameters; the verdict covers ` +
        'only those',
    );
  printReport(loaded, r, options, interrupted, out);
  return r.verdict === 'wrong' ? 1 : 0;
}

/** Checks parameters until TIMING_MS have passed (at least one); returns the seconds one parameter takes. */
function timeFew(run: GradientCheckRun): number {
  const t0 = performance.now();
  do run.checkNext(1);
  while (run.checked < run.planned && performance.now() - t0 < TIMING_MS);
  return (performance.now() - t0) / 1000 / Math.max(run.checked, 1);
}

/**
 * What the rest of a check will take, when that is long enough to matter; past SLOW_SECONDS, the quicker checks to
 * use instead (unless the user already chose a sample).
 */
export function estimateNote(
  run: Pick<GradientCheckRun, 'planned' | 'checked' | 'total'>,
  secondsPerParam: number,
  sampled: boolean,
): string | undefined {
  const seconds = (run.planned - run.checked) * secondsPerParam;
  if (seconds < QUIET_SECONDS) return undefined;
  const total = run.total;
  const line = `checking ${grouped(run.planned)} parameters will take about ${formatDuration(seconds)}`;
  if (seconds <= SLOW_SECONDS) return line;
  // A --fast direction costs what one parameter does (two evaluations), after one more gradient.
  const fast = (DEFAULT_DIRECTIONS + 1) * secondsPerParam;
  const sample = Math.max(1, Math.min(total - 1, Math.floor(SUGGESTED_SECONDS / secondsPerParam)));
  const quicker = sampled
    ? ` (--fast checks along ${DEFAULT_DIRECTIONS} random directions in about ${formatDuration(fast)})`
    : `; --fast (${DEFAULT_DIRECTIONS} random directions, about ${formatDuration(fast)}) or --sample ${sample} ` +
      `(about ${formatDuration(sample * secondsPerParam)}) answer sooner`;
  return `${line}, more than ${SLOW_SECONDS} s${quicker}. Ctrl+C stops and reports the parameters checked so far`;
}

/** Checks the remaining parameters in slices, drawing a progress bar with its ETA on a terminal, until done or told. */
async function checkRest(
  run: GradientCheckRun,
  secondsPerParam: number,
  signal: AbortSignal | undefined,
  out: Output,
): Promise<void> {
  let slice = Math.max(1, Math.round(SLICE_MS / 1000 / Math.max(secondsPerParam, 1e-9)));
  let perParam = secondsPerParam;
  const started = performance.now();
  const first = run.checked;
  let line = '';
  while (run.checked < run.planned && !signal?.aborted) {
    const t0 = performance.now();
    const done = run.checkNext(slice);
    slice = nextSliceSteps(slice, performance.now() - t0, SLICE_MS);
    perParam = (performance.now() - started) / 1000 / Math.max(run.checked - first, 1);
    if (out.progress && done > 0) {
      const eta = formatDuration((run.planned - run.checked) * perParam);
      line =
        `${progressBar(run.checked, run.planned)} ${grouped(run.checked)}/${grouped(run.planned)} parameters  ` +
        `ETA ${eta}`;
      out.progress(line);
    }
    // Yield so Ctrl+C is handled between slices.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (out.progress && line) out.progress(line + '\n');
}

function printReport(
  loaded: LoadedSpec,
  r: GradCheckReport,
  options: GradcheckOptions,
  interrupted: boolean,
  out: Output,
): void {
  if (options.json) {
    const rows = r.rows.map(({ index: _index, ...row }) => row);
    out.out(toJson({ ...r, rows, ...(interrupted ? { interrupted: true } : {}) }));
    return;
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
      `${r.checked} of ${r.total} parameters checked${interrupted ? ' (interrupted)' : ''}, ` +
      `ε = ${r.eps.toExponential()}, loss ${fmt(r.loss)}`,
  );
}

function flags(row: GradCheckRow): string {
  return [row.mismatch ? 'MISMATCH' : '', row.kink ? 'kink' : ''].filter(Boolean).join(' ');
}

function verdictLine(verdict: string, overall: number, kinks: number): string {
  const kinkNote = kinks > 0 ? ` (${plural(kinks, 'difference')} straddle a relu kink)` : '';
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
