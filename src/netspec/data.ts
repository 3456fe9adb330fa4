// Reads a spec's `data` into a Dataset: checks the form (inline, CSV or generated) and every row count and width.
import { getNodePath } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import { GENERATORS } from '../engine/types';
import type { Dataset, ModelConfig } from '../engine/types';
import { loadCsv } from './csv';
import { classTargets, generate, TWO_CLASS } from './generators';
import { count, keyOf, pathText } from './problems';
import type { ProblemSink } from './problems';
import { elements, finite, int, matrix, prop, str } from './tree';
import type { CsvInputs, DataSourceKind, SpecHost } from './types';

/** What the data part of a spec adds to the Spec. */
export interface LoadedData {
  data: Dataset;
  dataSource: DataSourceKind;
  inputNames?: string[];
  classNames?: string[];
  csvInputs?: CsvInputs;
}

const FORMS: Record<DataSourceKind, string[]> = {
  inline: ['inputs', 'targets', 'labels'],
  csv: ['csv', 'targetColumns', 'inputColumns', 'header', 'oneHot', 'normalize'],
  generator: ['generator', 'samples', 'noise'],
};

/** The data set, or undefined when `data` is absent or has errors (reported to `sink`). */
export function readData(
  node: Node | undefined,
  model: ModelConfig,
  host: SpecHost,
  sink: ProblemSink,
): LoadedData | undefined {
  if (node?.type !== 'object') return undefined;
  const present = (Object.keys(FORMS) as DataSourceKind[]).filter((f) => FORMS[f].some((k) => prop(node, k)));
  const place = keyOf(node) ?? node;
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
    sink.error(place, `${form} data is missing ${missing.map((k) => `"${k}"`).join(' and ')}`);
    return undefined;
  }
  if (form === 'csv') return loadCsv(node, model, host, sink);
  const data = form === 'inline' ? readInline(node, model, sink) : readGenerated(node, model, sink);
  return data && { data, dataSource: form };
}

function readInline(node: Node, model: ModelConfig, sink: ProblemSink): Dataset | undefined {
  const inputsNode = prop(node, 'inputs');
  const targetsNode = prop(node, 'targets');
  const labelsNode = prop(node, 'labels');
  const output = model.layers[model.layers.length - 1]?.units ?? 1;
  const inputs = matrix(inputsNode);
  if (!inputsNode || !inputs) return undefined;
  if (inputs.length === 0) sink.error(inputsNode, 'data.inputs has no rows');
  checkRows(inputsNode, model.input, 'input size', sink);
  warnHuge([inputsNode, targetsNode], sink);
  if (targetsNode && labelsNode) {
    sink.error(keyOf(labelsNode) ?? labelsNode, 'data has both "targets" and "labels"; keep one');
    return undefined;
  }
  if (!targetsNode && !labelsNode) {
    sink.error(keyOf(inputsNode) ?? inputsNode, 'data.inputs needs "targets" rows or class "labels" beside it');
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
  const targets = targetsNode ? readTargets(targetsNode, output, sink) : readLabels(given, model, output, sink);
  if (!targets || rows !== inputs.length) return undefined;
  return {
    rows: inputs.length,
    inputSize: model.input,
    outputSize: output,
    inputs: Float64Array.from(inputs.flat()),
    targets,
  };
}

function readTargets(node: Node, output: number, sink: ProblemSink): Float64Array | undefined {
  checkRows(node, output, 'output units', sink);
  const rows = matrix(node);
  return rows && Float64Array.from(rows.flat());
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
/** Warnings about huge values beyond this many are summed up in one. */
const MAX_HUGE_REPORTS = 5;

/** Warns on each inline value beyond ±HUGE_DATA: a warning, not an error, since scaled-up data can still be meant. */
function warnHuge(matrices: (Node | undefined)[], sink: ProblemSink): void {
  const huge = matrices.flatMap((m) =>
    (elements(m) ?? []).flatMap((row) => (elements(row) ?? []).filter((v) => Math.abs(finite(v) ?? 0) > HUGE_DATA)),
  );
  for (const v of huge.slice(0, MAX_HUGE_REPORTS)) {
    sink.warning(
      v,
      `${pathText(getNodePath(v))} is ${sink.textOf(v)}; values beyond ±1e6 make training overflow to Infinity or ` +
        `NaN; scale the data down (e.g. to about −1..1)`,
    );
  }
  if (huge.length > MAX_HUGE_REPORTS) {
    sink.warning(huge[MAX_HUGE_REPORTS], `${huge.length - MAX_HUGE_REPORTS} more data values beyond ±1e6 from here on`);
  }
}

/** Each row of a matrix node must hold `width` values; the wrong ones are reported on the row. */
function checkRows(node: Node, width: number, why: string, sink: ProblemSink): void {
  (elements(node) ?? []).forEach((row) => {
    const n = elements(row)?.length;
    if (n !== undefined && n !== width)
      sink.error(row, `${pathText(getNodePath(row))} has ${count(n, 'value')}, expected ${width} (${why})`);
  });
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
