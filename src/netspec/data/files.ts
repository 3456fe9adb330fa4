// Assembles a data set whose inputs, targets or labels are file references (or inline rows beside them), with an
// optional separate validation source: every header first (row counts, widths, the memory estimate), then one typed
// array per kind in the training precision, each source decoded straight into its slice.
import type { Node } from 'jsonc-parser';
import { splitRows } from '../../engine/objective';
import type { Dataset, Floats, ModelConfig } from '../../engine/types';
import { inputScaling, scaleInputs } from '../csv';
import type { LoadedData } from '../data';
import { count, keyOf, reportCapped, type ProblemSink } from '../problems';
import { targetFaults } from '../targets';
import { elements, int, prop, str } from '../tree';
import type { SpecHost } from '../types';
import { openSource, type Source } from './source';
import { grouped } from '../../shared/format';

/** The sources of one split: inputs and one of targets or labels. */
interface Split {
  inputs: Source;
  targets: Source;
  labels: boolean;
}

/**
 * The data set of `node` (the spec's `data`), or undefined after reporting why; without `data` where only headers were
 * read. `budget` is how many numbers the data may take beside the network (the memory limit less the network's).
 */
export function readFileData(
  node: Node,
  model: ModelConfig,
  host: SpecHost,
  sink: ProblemSink,
  budget: number,
): LoadedData | undefined {
  const output = model.layers[model.layers.length - 1]?.units ?? 1;
  const train = openSplit(node, 'data', model, host, sink);
  const validationNode = prop(node, 'validation');
  const validation = validationNode && openSplit(validationNode, 'data.validation', model, host, sink);
  if (validationNode && model.training.validationSplit > 0) {
    sink.error(
      keyOf(validationNode) ?? validationNode,
      'data.validation and training.validationSplit both choose validation rows; keep one',
    );
    return undefined;
  }
  if (!train || (validationNode && !validation)) return undefined;
  const splits = validation ? [train, validation] : [train];
  // NOTE: first, so a file too large to load is refused whatever else is wrong with it.
  if (!withinBudget(splits, model, output, budget, sink)) return undefined;
  host.dataBytes?.(numbersOf(splits, model, output) * (model.training.precision === 'float32' ? 4 : 8));
  let ok = splits.every((s) => checkSplit(s, model.input, output, sink));
  const inputShape = shapeOf(node, train.inputs, model.input, sink);
  if (inputShape === null) ok = false;
  if (!ok) return undefined;
  const loaded: LoadedData = { dataSource: 'file' };
  if (train.inputs.file) loaded.dataOrigin = train.inputs.file;
  if (inputShape) loaded.inputShape = inputShape;
  if (!splits.every((s) => s.inputs.fill && s.targets.fill)) return loaded;
  // Files whose headers do not give their rows (CSV) are counted now, and the rows and the estimate checked again.
  const counted = splits.flatMap((s) => [s.inputs, s.targets]).filter((s) => s.count);
  if (counted.length > 0) {
    if (!counted.every((s) => s.count?.() !== undefined)) return undefined;
    if (!splits.every((s) => checkSplit(s, model.input, output, sink))) return undefined;
    if (!withinBudget(splits, model, output, budget, sink)) return undefined;
  }
  const rows = splits.map((s) => s.inputs.rows ?? 0);
  const total = rows.reduce((a, b) => a + b, 0);
  const float32 = model.training.precision === 'float32';
  const inputs: Floats = float32 ? new Float32Array(total * model.input) : new Float64Array(total * model.input);
  const targets: Floats = float32 ? new Float32Array(total * output) : new Float64Array(total * output);
  let at = 0;
  for (const [i, split] of splits.entries()) {
    const n = rows[i];
    const into = inputs.subarray(at * model.input, (at + n) * model.input);
    const out = targets.subarray(at * output, (at + n) * output);
    if (!split.inputs.fill?.(into) || !fillTargets(split, out, n, model, output, sink)) ok = false;
    at += n;
  }
  if (!ok) return undefined;
  const data: Dataset = { rows: total, inputSize: model.input, outputSize: output, inputs, targets };
  if (validation) data.heldOut = rows[1];
  const how = str(prop(prop(node, 'inputs'), 'normalize')) ?? 'none';
  if (how !== 'none') {
    // The statistics come from the training rows only: validation rows are scaled as unseen data would be.
    const trained = validation
      ? splitRows(total, 0, rows[1]).train
      : splitRows(total, model.training.validationSplit).train;
    const scaling = inputScaling(inputs, model.input, how, trained);
    scaleInputs(inputs, scaling);
    loaded.csvInputs = { scaling };
  }
  loaded.data = data;
  return loaded;
}

/**
 * False after reporting that the data set (rows × (inputs + outputs) numbers, from the headers, estimated where a CSV's
 * rows are not yet counted) leaves the memory limit: at the largest inputs source.
 */
function withinBudget(splits: Split[], model: ModelConfig, output: number, budget: number, sink: ProblemSink): boolean {
  const numbers = numbersOf(splits, model, output);
  if (numbers <= budget) return true;
  const total = numbers / (model.input + output);
  const big = splits.map((s) => s.inputs).reduce((a, b) => ((a.rows ?? 0) >= (b.rows ?? 0) ? a : b));
  const bytes = model.training.precision === 'float32' ? 4 : 8;
  const known = splits.every((s) => s.inputs.rows !== undefined);
  sink.error(
    big.place,
    `${big.name} makes the data set ${known ? '' : 'about '}${grouped(total)} rows of ${model.input} inputs and ` +
      `${output} targets: ${grouped(numbers)} numbers (${grouped(Math.ceil((numbers * bytes) / 1e6))} MB in ` +
      `${model.training.precision}), more than the ${grouped(Math.max(0, budget))} the memory limit leaves ` +
      'beside the ' +
      `network; train on fewer rows, or raise the limit (--max-numbers in the CLI, backprop.worker.maxMemoryMb in ` +
      `the editor)`,
  );
  return false;
}

/** Numbers the data set takes: rows (estimated where a CSV's are not counted yet) × (inputs + outputs). */
function numbersOf(splits: Split[], model: ModelConfig, output: number): number {
  const rows = splits.reduce((n, s) => n + (s.inputs.rows ?? s.inputs.estimatedRows ?? 1), 0);
  return rows * (model.input + output);
}

/** The inputs and targets (or labels) of `node`: `data` itself or `data.validation`. */
function openSplit(
  node: Node,
  where: string,
  model: ModelConfig,
  host: SpecHost,
  sink: ProblemSink,
): Split | undefined {
  const inputsNode = prop(node, 'inputs');
  const targetsNode = prop(node, 'targets');
  const labelsNode = prop(node, 'labels');
  const place = keyOf(node) ?? node;
  if (!inputsNode) {
    sink.error(place, `${where} needs "inputs"`);
    return undefined;
  }
  if (targetsNode && labelsNode) {
    sink.error(keyOf(labelsNode) ?? labelsNode, `${where} has both "targets" and "labels"; keep one`);
    return undefined;
  }
  if (!targetsNode && !labelsNode) {
    sink.error(keyOf(inputsNode) ?? inputsNode, `${where}.inputs needs "targets" rows or class "labels" beside it`);
    return undefined;
  }
  if (labelsNode && model.loss !== 'cross-entropy') {
    sink.error(
      keyOf(labelsNode) ?? labelsNode,
      `${where}.labels need loss "cross-entropy", found "${model.loss}"; give "targets" instead`,
    );
    return undefined;
  }
  const inputs = openSource(inputsNode, `${where}.inputs`, host, sink);
  const given = (targetsNode ?? labelsNode) as Node;
  const targets = openSource(given, `${where}.${targetsNode ? 'targets' : 'labels'}`, host, sink);
  return inputs && targets && { inputs, targets, labels: !targetsNode };
}

/** Row counts agree and rows have the widths the network takes; each fault reported at its source. */
function checkSplit(split: Split, input: number, output: number, sink: ProblemSink): boolean {
  let ok = true;
  const { inputs, targets } = split;
  const width = (s: Source): number => s.rowShape.reduce((a, b) => a * b, 1);
  const shape = (s: Source): string => (s.rowShape.length > 1 ? ` ([${s.rowShape.join(', ')}])` : '');
  if (width(inputs) !== input) {
    sink.error(
      inputs.place,
      `${inputs.name} has rows of ${count(width(inputs), 'value')}${shape(inputs)}, expected ${input} (input)`,
    );
    ok = false;
  }
  const wanted = split.labels ? 1 : output;
  if (width(targets) !== wanted) {
    sink.error(
      targets.place,
      split.labels
        ? `${targets.name} has rows of ${count(width(targets), 'value')}${shape(targets)}, expected one class label ` +
            `per row`
        : `${targets.name} has rows of ${count(width(targets), 'value')}${shape(targets)}, expected ${output} ` +
            `(output units)`,
    );
    ok = false;
  }
  if (inputs.rows !== undefined && targets.rows !== undefined && inputs.rows !== targets.rows) {
    sink.error(
      targets.place,
      `${targets.name} has ${grouped(targets.rows)} rows but ${inputs.name} has ${grouped(inputs.rows)}; ` +
        'each input row ' +
        `needs its ${split.labels ? 'label' : 'targets'}`,
    );
    ok = false;
  }
  if (inputs.rows === 0) {
    sink.error(inputs.place, `${inputs.name} has no rows`);
    ok = false;
  }
  return ok;
}

/**
 * The inputs' image shape: `data.inputShape` when given (its product must be the input size), else the inputs file's
 * own row shape when it has two or more dimensions. Null after reporting a wrong one.
 */
function shapeOf(node: Node, inputs: Source, input: number, sink: ProblemSink): number[] | undefined | null {
  const shapeNode = prop(node, 'inputShape');
  if (!shapeNode) return inputs.rowShape.length > 1 ? inputs.rowShape : undefined;
  const dims = (elements(shapeNode) ?? []).map(int);
  if (dims.some((d) => d === undefined)) return null; // the schema reports it
  const shape = dims as number[];
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== input) {
    sink.error(
      shapeNode,
      `data.inputShape [${shape.join(', ')}] holds ${grouped(size)} values, expected ${input} (input)`,
    );
    return null;
  }
  return shape;
}

/** Decodes the split's targets into `out`, or its labels one-hot; faults reported at the source. */
function fillTargets(
  split: Split,
  out: Floats,
  rows: number,
  model: ModelConfig,
  output: number,
  sink: ProblemSink,
): boolean {
  const { targets } = split;
  if (!split.labels) {
    if (!targets.fill?.(out)) return false;
    const faults = targetFaults(model.loss, out, output);
    reportCapped(
      faults,
      (f) =>
        sink.error(
          targets.place,
          `${targets.name} row ${f.row}${f.col === undefined ? '' : `, value ${f.col}`}: ${f.message}`,
        ),
      (n) => sink.error(targets.place, `${targets.name} has ${count(n, 'more row')} ${model.loss} cannot take`),
    );
    return faults.length === 0;
  }
  // NOTE: one number per row, far smaller than the inputs: decoded apart, then one-hot encoded into place.
  const labels = new Float64Array(rows);
  if (!targets.fill?.(labels)) return false;
  const bad: number[] = [];
  out.fill(0);
  for (let r = 0; r < rows; r++) {
    const label = labels[r];
    if (Number.isInteger(label) && label >= 0 && label < output) out[r * output + label] = 1;
    else bad.push(r);
  }
  reportCapped(
    bad,
    (r) =>
      sink.error(
        targets.place,
        `${targets.name} row ${r} is ${labels[r]}, expected an integer class in 0..${output - 1}`,
      ),
    (n) => sink.error(targets.place, `${targets.name} has ${count(n, 'more label')} outside 0..${output - 1}`),
  );
  return bad.length === 0;
}
