// `backprop predict FILE (--input "0.5,1" | --csv FILE)`: the network's outputs, and the class for classifiers, for
// new rows of inputs, prepared the way the spec's training data was (its normalization).
import { argmax, binaryClass, Network, outputsOf, taskOf, type Task } from '../../engine';
import { readTable, scaleInputs, type Spec } from '../../netspec';
import { loadSpec, readSpecText, type SpecAccess } from '../load';
import { CliError, toJson, USAGE, type Output } from '../output';
import { fmt, formatTable } from '../tables';
import { plural } from '../../shared/format';

export interface PredictOptions extends SpecAccess {
  /** Rows of comma-separated inputs. */
  input?: string[];
  /** A CSV file of input rows. */
  csv?: string;
  json?: boolean;
}

/** Rows shown in the table unless --json: the rest are counted. */
const SHOWN_ROWS = 50;

const NORMALIZED = {
  standard: "standardized with the training data's per-column mean and standard deviation",
  minmax: "scaled to [0, 1] with the training data's per-column minimum and maximum",
};

export function predictCommand(file: string, options: PredictOptions, out: Output): number {
  const loaded = loadSpec(file, out, options);
  const { spec } = loaded;
  const { model } = spec;
  if ((options.input === undefined) === (options.csv === undefined))
    throw new CliError('give the inputs with --input "x1,x2,…" (repeatable) or --csv FILE', USAGE);
  const { inputs, rows } = options.csv ? csvRows(options.csv, spec) : inputRows(options.input ?? [], spec);
  const raw = inputs.slice();
  const scaling = spec.csvInputs?.scaling ?? { how: 'none' as const };
  scaleInputs(inputs, scaling);
  if (scaling.how !== 'none')
    out.err(
      `${file}: inputs ${NORMALIZED[scaling.how]} (data.normalize "${scaling.how}"), as in training; give them in ` +
        "the CSV's own units",
    );
  const net = new Network(model, 'float64');
  const outputs = outputsOf(net, inputs, rows);
  const n = model.input;
  const k = net.outputSize;
  const task = taskOf(model.loss);
  const results = Array.from({ length: rows }, (_, r) => {
    const o = Array.from(outputs.subarray(r * k, r * k + k));
    return {
      inputs: Array.from(raw.subarray(r * n, r * n + n)),
      outputs: o,
      ...classOf(task, o, spec.classNames),
    };
  });
  if (options.json) {
    out.out(toJson({ normalize: scaling.how, rows: results }));
    return 0;
  }
  const shown = results.slice(0, SHOWN_ROWS);
  const hasClass = task !== 'regression';
  out.out(
    formatTable(
      shown.map((r, i) => [
        String(i),
        r.inputs.map(fmt).join(', '),
        r.outputs.map(fmt).join(', '),
        ...(hasClass ? [String('className' in r ? r.className : r.class)] : []),
      ]),
      ['row', 'inputs', 'outputs', ...(hasClass ? ['class'] : [])],
    ),
  );
  if (shown.length < results.length) out.out(`… ${results.length - shown.length} more rows (--json prints all)`);
  return 0;
}

/** The predicted class of one row of outputs: argmax for cross-entropy, 0/1 per output for binary-cross-entropy. */
function classOf(
  task: Task,
  outputs: number[],
  names: string[] | undefined,
): { class?: number | number[]; className?: string } {
  if (task === 'multiclass') {
    const c = argmax(outputs, 0, outputs.length);
    return names && names.length === outputs.length ? { class: c, className: names[c] } : { class: c };
  }
  if (task === 'binary') return { class: outputs.length === 1 ? binaryClass(outputs[0]) : outputs.map(binaryClass) };
  return {};
}

/** Rows from --input values: each "x1,x2,…" holds exactly one number per network input. */
function inputRows(texts: string[], spec: Spec): { inputs: Float64Array; rows: number } {
  const n = spec.model.input;
  const inputs = new Float64Array(texts.length * n);
  texts.forEach((text, r) => {
    const cells = text.split(',').map((c) => c.trim());
    if (cells.length !== n)
      throw new CliError(
        `--input "${text}" has ${plural(cells.length, 'value')}; the network takes ${n}` +
          `${namesNote(spec)}, separated by commas`,
        USAGE,
      );
    cells.forEach((c, j) => (inputs[r * n + j] = number(c, (why) => new CliError(`--input "${text}": ${why}`, USAGE))));
  });
  return { inputs, rows: texts.length };
}

/**
 * Rows from a CSV file: the columns the spec's own CSV used as inputs when its header names them all (so the training
 * file itself works), else every column when there are exactly as many as the network has inputs.
 */
function csvRows(file: string, spec: Spec): { inputs: Float64Array; rows: number } {
  const fail = (why: string): CliError => new CliError(`${file}: ${why}`);
  const table = readTable(readSpecText(file), false, (why) => {
    throw fail(why);
  });
  if (!table) throw fail('has no rows');
  const first = table.rows[0];
  const header = first.some((c) => c !== '' && !Number.isFinite(Number(c))) ? first : undefined;
  const body = header ? table.rows.slice(1) : table.rows;
  const lines = header ? table.lines.slice(1) : table.lines;
  const n = spec.model.input;
  const wanted = spec.csvInputs?.columns;
  let columns: number[];
  if (header && wanted?.every((c) => header.includes(c))) columns = wanted.map((c) => header.indexOf(c));
  else if (first.length === n) columns = Array.from({ length: n }, (_, j) => j);
  else
    throw fail(
      `has ${first.length} columns; the network takes ${n} inputs` +
        (wanted ? ` (a header naming ${wanted.map((c) => JSON.stringify(c)).join(', ')} picks them)` : namesNote(spec)),
    );
  const inputs = new Float64Array(body.length * n);
  body.forEach((record, r) => {
    columns.forEach((c, j) => {
      const where = `line ${lines[r]}, column ${header ? JSON.stringify(header[c]) : c + 1}`;
      inputs[r * n + j] = number(record[c], (why) => fail(`${where}: ${why}`));
    });
  });
  return { inputs, rows: body.length };
}

function number(text: string | undefined, error: (why: string) => CliError): number {
  if (text === undefined || text === '') throw error('a value is missing');
  const x = Number(text);
  if (!Number.isFinite(x)) throw error(`${JSON.stringify(text)} is not a finite number`);
  return x;
}

function namesNote(spec: Spec): string {
  return spec.inputNames ? ` (${spec.inputNames.join(', ')})` : '';
}
