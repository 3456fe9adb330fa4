// `backprop eval FILE`: how the spec's weights do on its data: loss per split, and accuracy with a confusion matrix
// (classification) or R² and mean absolute error (regression).
import { Network, scoreRows, splitRows, taskOf, type Confusion, type Metrics, type SplitScore } from '../../engine';
import { loadSpec, requireData, type SpecAccess } from '../load';
import { toJson, type Output } from '../output';
import { formatPercent } from '../../shared/format';
import { fmt, formatTable } from '../tables';

export interface EvalOptions extends SpecAccess {
  json?: boolean;
}

export function evalCommand(file: string, options: EvalOptions, out: Output): number {
  const loaded = loadSpec(file, out, options);
  const { model } = loaded.spec;
  const data = requireData(loaded);
  const net = new Network(model, 'float64');
  const task = taskOf(model.loss);
  const split = splitRows(data.rows, model.training.validationSplit, data.heldOut);
  const splits: Record<string, SplitScore> = {};
  for (const [name, rows] of [
    ['training', split.train],
    ['validation', split.validation],
  ] as const) {
    if (rows.length === 0) continue;
    splits[name] = scoreRows(net, data, rows, model.training.l2, task);
  }
  const classes = classNames(loaded.spec.classNames, task === 'multiclass' ? data.outputSize : 2);
  if (options.json) {
    out.out(toJson({ task, ...(task === 'regression' ? {} : { classes }), splits }));
    return 0;
  }
  const l2 = model.training.l2 > 0 ? ' (with the L2 term)' : '';
  out.out(
    `${loaded.spec.name}: ${model.loss} at the spec's weights, ${data.rows} rows (${split.train.length} training, ` +
      `${split.validation.length} validation)`,
  );
  const entries = Object.entries(splits);
  out.out(
    '\n' +
      formatTable(
        entries.map(([name, s]) => [name, String(s.rows), fmt(s.loss), ...summary(s.metrics)]),
        ['split', 'rows', `loss${l2}`, ...(task === 'regression' ? ['R²', 'MAE'] : ['accuracy'])],
      ),
  );
  for (const [name, s] of entries) {
    const m = s.metrics;
    if (m.task === 'multiclass') out.out('\n' + confusionTable(`${name} rows`, m, classes));
    else if (m.task === 'binary')
      m.outputs.forEach((c, j) =>
        out.out('\n' + confusionTable(`${name} rows${m.outputs.length > 1 ? `, output ${j}` : ''}`, c, classes)),
      );
    else if (m.outputs.length > 1)
      out.out(
        `\n${name} rows, per output:\n` +
          formatTable(
            m.outputs.map((o, j) => [`output ${j}`, fmt(o.r2), fmt(o.mae)]),
            ['', 'R²', 'MAE'],
          ),
      );
  }
  if (task === 'regression' && entries.some(([, s]) => s.metrics.task === 'regression' && Number.isNaN(s.metrics.r2)))
    out.out('\nR² is undefined (NaN) where every target of an output is the same: there is no variance to explain.');
  return 0;
}

/** The spec's class names, or the class indices 0, 1, … */
function classNames(names: string[] | undefined, classes: number): string[] {
  return names && names.length === classes ? names : Array.from({ length: classes }, (_, i) => String(i));
}

function summary(m: Metrics): string[] {
  if (m.task === 'regression') return [fmt(m.r2), fmt(m.mae)];
  return [formatPercent(m.accuracy)];
}

/** A confusion matrix with its labels: one row per true class, one column per predicted class. */
function confusionTable(title: string, c: Confusion, labels: string[]): string {
  return (
    `confusion matrix, ${title} (row: true class, column: predicted), accuracy ${formatPercent(c.accuracy)}\n` +
    formatTable(
      c.confusion.map((row, t) => [labels[t], ...row.map(String)]),
      ['true \\ predicted', ...labels],
    )
  );
}
