// Reads a spec's `data` into a Dataset: checks the form (inline, CSV or generated) and every row count and width.
import { getNodePath } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import { GENERATORS } from '../engine/types';
import type { Dataset, ModelConfig } from '../engine/types';
import { loadCsv } from './csv';
import { readFileData } from './data/files';
import { classTargets, generate, TWO_CLASS } from './data/generators';
import { count, keyOf, MAX_REPORTS, pathText, reportCapped } from './problems';
import { suggestField } from './schema/suggest';
import { targetFaults } from './targets';
import type { ProblemSink } from './problems';
import { elements, finite, int, matrix, prop, str } from './tree';
import type { CsvInputs, DataSourceKind, SpecHost } from './types';

/** What the data part of a spec adds to the Spec (`data` is absent where only data-file headers were read). */
export interface LoadedData {
  data?: Dataset;
  dataSource: DataSourceKind;
  dataOrigin?: string;
  inputNames?: string[];
  classNames?: string[];
  csvInputs?: CsvInputs;
  inputShape?: number[];
}

/** The forms `data` may take; inline's inputs, targets and labels may each be a file reference instead. */
type Form = Exclude<DataSourceKind, 'file'>;

const FORMS: Record<Form, string[]> = {
  inline: ['inputs', 'targets', 'labels', 'validation', 'inputShape'],
  csv: ['csv', 'targetColumns', 'inputColumns', 'header', 'oneHot', 'normalize'],
  generator: ['generator', 'samples', 'noise'],
};

/** The spec's data set, or undefined when `data` is absent or has errors (reported to `sink`). */
export function readData(
  root: Node,
  model: ModelConfig,
  host: SpecHost,
  sink: ProblemSink,
  budget = Infinity,
): LoadedData | undefined {
  const loaded = readForm(prop(root, 'data'), model, host, sink, budget);
  // Where only a data file's header was read the rows are unknown; the full load (worker, CLI) checks the split.
  if (loaded?.data) checkSplit(prop(prop(root, 'training'), 'validationSplit'), loaded.data.rows, sink);
  return loaded;
}

/**
 * A validationSplit that holds out no row would report no validation loss without a word: an error, with the
 * smallest split (two significant digits) that holds out one row.
 */
function checkSplit(node: Node | undefined, rows: number, sink: ProblemSink): void {
  const split = finite(node);
  if (!node || split === undefined || split <= 0 || rows < 1 || Math.floor(split * rows) > 0) return;
  const held = `floor(${split} × ${rows}) = 0`;
  const where = `training.validationSplit ${sink.textOf(node)} holds out ${held} of the ${rows} rows`;
  if (rows < 2) {
    sink.error(node, `${where}; one row cannot be split: remove validationSplit or add rows`);
    return;
  }
  const exact = 1 / rows;
  const step = 10 ** (Math.floor(Math.log10(exact)) - 1);
  let least = Number((Math.ceil(exact / step) * step).toPrecision(2));
  if (Math.floor(least * rows) < 1) least = Number((least + step).toPrecision(2));
  sink.error(node, `${where}, so nothing is validated; use at least ${least} (1 row) or remove it`);
}

function readForm(
  node: Node | undefined,
  model: ModelConfig,
  host: SpecHost,
  sink: ProblemSink,
  budget: number,
): LoadedData | undefined {
  if (node?.type !== 'object') return undefined;
  const present = (Object.keys(FORMS) as Form[]).filter((f) => FORMS[f].some((k) => prop(node, k)));
  const place = keyOf(node) ?? node;
  const formNeeds = 'data needs one form: inline ("inputs" + "targets" or "labels"), csv or generator';
  if (present.length === 0 && misspelt(node, ['inputs', 'csv', 'generator'], formNeeds, sink)) return undefined;
  if (present.includes('csv') && columnNamesInline(node, sink)) return undefined;
  if (present.length !== 1) {
    const found =
      present.length === 0
        ? 'none'
        : present
            .map(
              (f) =>
                `${f} (${FORMS[f]
                  .filter((k) => prop(node, k))
                  .map((k) => `"${k}"`)
                  .join(', ')})`,
            )
            .join(' and ');
    sink.error(
      place,
      `data must use exactly one form: inline ("inputs" + "targets" or "labels"), csv ("csv" + "targetColumns") or ` +
        `generator ("generator"); found ${found}`,
    );
    return undefined;
  }
  const form = present[0];
  const required = { inline: ['inputs'], csv: ['csv', 'targetColumns'], generator: ['generator'] }[form];
  const missing = required.filter((k) => !prop(node, k));
  if (missing.length > 0) {
    const what = `${form} data needs ${missing.map((k) => `"${k}"`).join(' and ')}`;
    if (!misspelt(node, missing, what, sink))
      sink.error(place, `${form} data is missing ${missing.map((k) => `"${k}"`).join(' and ')}`);
    return undefined;
  }
  if (form === 'csv') return loadCsv(node, model, host, sink, budget);
  if (form === 'inline' && usesFiles(node)) return readFileData(node, model, host, sink, budget);
  if (form === 'inline') {
    const data = readInline(node, model, sink);
    return data && { data, dataSource: form };
  }
  const data = readGenerated(node, model, sink);
  return data && { data, dataSource: form, dataOrigin: str(prop(node, 'generator')) };
}

/**
 * Beside "csv", an inline field holding strings (`"targets": ["y"]`) names CSV columns: one error at its key says where
 * column names go, in place of the form clash and a type error per name. False when there is none.
 */
function columnNamesInline(node: Node, sink: ProblemSink): boolean {
  const meant: Record<string, string> = { inputs: 'inputColumns', targets: 'targetColumns', labels: 'targetColumns' };
  let found = false;
  for (const [field, columns] of Object.entries(meant)) {
    const value = prop(node, field);
    const items = value && elements(value);
    if (!value || !items?.length || !items.every((n) => n.type === 'string')) continue;
    found = true;
    sink.retractWithin(value);
    sink.error(
      keyOf(value) ?? value,
      `data."${field}" names CSV columns; with "csv", write them as "${columns}": ${sink.textOf(value)}`,
    );
  }
  return found;
}

/** True when inputs, targets or labels is a file reference, or a separate validation source is given. */
function usesFiles(node: Node): boolean {
  return ['inputs', 'targets', 'labels'].some((k) => prop(node, k)?.type === 'object') || !!prop(node, 'validation');
}

/**
 * Reports a field of `data` that no form knows but that stands for one of `wanted` as the one error, at its key (the
 * schema's unknown-field warning there gives way to it). False when there is none.
 */
function misspelt(node: Node, wanted: string[], why: string, sink: ProblemSink): boolean {
  const known = Object.values(FORMS).flat();
  for (const p of node.children ?? []) {
    const key = p.children?.[0];
    const name = String(key?.value);
    const meant = key && !known.includes(name) ? suggestField(name, ['data'], wanted) : undefined;
    if (key && meant !== undefined && wanted.includes(meant)) {
      sink.error(key, `unknown field "${name}" in data; did you mean "${meant}"? (${why})`);
      return true;
    }
  }
  return false;
}

function readInline(node: Node, model: ModelConfig, sink: ProblemSink): Dataset | undefined {
  const inputsNode = prop(node, 'inputs');
  const targetsNode = prop(node, 'targets');
  const labelsNode = prop(node, 'labels');
  const output = model.layers[model.layers.length - 1]?.units ?? 1;
  const inputs = matrix(inputsNode);
  if (!inputsNode || !inputs) return undefined;
  if (inputs.length === 0) sink.error(inputsNode, 'data.inputs has no rows');
  checkRows(inputsNode, model.input, 'input size', sink, '"input"');
  warnHuge([inputsNode, targetsNode], sink);
  if (targetsNode && labelsNode) {
    sink.error(keyOf(labelsNode) ?? labelsNode, 'data has both "targets" and "labels"; keep one');
    return undefined;
  }
  if (!targetsNode && !labelsNode) {
    const what = 'data.inputs needs "targets" rows or class "labels" beside it';
    if (!misspelt(node, ['targets', 'labels'], what, sink)) sink.error(keyOf(inputsNode) ?? inputsNode, what);
    return undefined;
  }
  const given = (targetsNode ?? labelsNode) as Node;
  const name = targetsNode ? 'targets' : 'labels';
  const rows = elements(given)?.length;
  if (rows !== undefined && rows !== inputs.length) {
    sink.error(
      given,
      `data.${name} has ${count(rows, targetsNode ? 'row' : 'value')} but data.inputs has ${inputs.length}`,
    );
  }
  const targets = targetsNode ? readTargets(targetsNode, model, output, sink) : readLabels(given, model, output, sink);
  if (!targets || rows !== inputs.length) return undefined;
  return {
    rows: inputs.length,
    inputSize: model.input,
    outputSize: output,
    inputs: Float64Array.from(inputs.flat()),
    targets,
  };
}

/** The target rows; each the loss cannot take is an error at its value (or at the row, for a wrong sum). */
function readTargets(node: Node, model: ModelConfig, output: number, sink: ProblemSink): Float64Array | undefined {
  const rows = matrix(node);
  if (!checkRows(node, output, 'output units', sink, `the output layer's "units"`) || !rows) return undefined;
  const targets = Float64Array.from(rows.flat());
  const rowNodes = elements(node) ?? [];
  const places = targetFaults(model.loss, targets, output).map((f) => {
    const row = rowNodes[f.row];
    const place = f.col === undefined ? row : (elements(row)?.[f.col] ?? row);
    return { place, message: `${pathText(getNodePath(place))}: ${f.message}` };
  });
  reportCapped(
    places,
    (p) => sink.error(p.place, p.message),
    (n) =>
      sink.error(places[MAX_REPORTS].place, `${count(n, 'more target row')} ${model.loss} cannot take, from here on`),
  );
  return targets;
}

function readLabels(node: Node, model: ModelConfig, output: number, sink: ProblemSink): Float64Array | undefined {
  if (model.loss !== 'cross-entropy') {
    sink.error(
      keyOf(node) ?? node,
      `data.labels need loss "cross-entropy", found "${model.loss}"; write "targets" rows instead`,
    );
    return undefined;
  }
  const classes: number[] = [];
  (elements(node) ?? []).forEach((item, i) => {
    const label = int(item);
    if (label !== undefined && label >= 0 && label < output) classes.push(label);
    // A non-integer was already reported by the schema; a second message on it would only repeat it.
    else if (label !== undefined)
      sink.error(item, `data.labels[${i}] is ${label}, expected an integer class in 0..${output - 1}`);
  });
  return classTargets(classes, output);
}

/**
 * Inline values beyond this are legal JSON but overflow training at once (their squares pass 1e12, float32's precision
 * is gone).
 */
const HUGE_DATA = 1e6;
/** Warns on each inline value beyond ±HUGE_DATA: a warning, not an error, since scaled-up data can still be meant. */
function warnHuge(matrices: (Node | undefined)[], sink: ProblemSink): void {
  const huge = matrices.flatMap((m) =>
    (elements(m) ?? []).flatMap((row) => (elements(row) ?? []).filter((v) => Math.abs(finite(v) ?? 0) > HUGE_DATA)),
  );
  reportCapped(
    huge,
    (v) =>
      sink.warning(
        v,
        `${pathText(getNodePath(v))} is ${sink.textOf(v)}; values beyond ±1e6 make training overflow to Infinity or ` +
          `NaN; scale the data down (e.g. to about −1..1)`,
      ),
    (n) => sink.warning(huge[MAX_REPORTS], `${n} more data values beyond ±1e6 from here on`),
  );
}

/** Each row of a matrix node must hold `width` values; the wrong ones are reported on the row. True when all do. */
function checkRows(node: Node, width: number, why: string, sink: ProblemSink, sizeField: string): boolean {
  const rows = elements(node) ?? [];
  const widths = new Set(rows.map((row) => elements(row)?.length));
  const [n] = widths;
  // Every row the same wrong width is one mistake (most often in the size the rows are measured against), not one
  // per row.
  if (rows.length > 1 && widths.size === 1 && n !== undefined && n !== width) {
    sink.error(
      keyOf(node) ?? node,
      `every row of ${pathText(getNodePath(node))} has ${count(n, 'value')}, expected ${width} (${why}); change ` +
        `${sizeField} or the rows`,
    );
    return false;
  }
  let ok = true;
  rows.forEach((row) => {
    const n = elements(row)?.length;
    if (n !== undefined && n !== width) {
      sink.error(row, `${pathText(getNodePath(row))} has ${count(n, 'value')}, expected ${width} (${why})`);
      ok = false;
    }
  });
  return ok;
}

function readGenerated(node: Node, model: ModelConfig, sink: ProblemSink): Dataset | undefined {
  const generatorNode = prop(node, 'generator') as Node;
  const name = GENERATORS.find((g) => g === str(generatorNode));
  if (!name) return undefined;
  const output = model.layers[model.layers.length - 1]?.units ?? 1;
  const classes = output === 1 ? 2 : output;
  let ok = true;
  if (model.input !== 2) {
    sink.error(generatorNode, `generator "${name}" makes 2 inputs, but input is ${model.input}`);
    ok = false;
  }
  if (TWO_CLASS.includes(name) && classes !== 2) {
    sink.error(
      generatorNode,
      `generator "${name}" makes 2 classes, but the output layer has ${output} units; use 1 (a 0/1 target) or 2 ` +
        `(one-hot)`,
    );
    ok = false;
  }
  if (!ok) return undefined;
  const samples = int(prop(node, 'samples')) ?? 200;
  const noise = finite(prop(node, 'noise')) ?? 0.1;
  const generated = generate(name, samples, noise, model.seed, classes);
  return {
    rows: samples,
    inputSize: 2,
    outputSize: output,
    inputs: generated.inputs,
    targets: classTargets(generated.classes, output),
  };
}
