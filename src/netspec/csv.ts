// Loads CSV data for a spec: parses the file, picks input and target columns, one-hot encodes and normalizes. On a
// header-only host (the editor) it reads the first record alone and checks the columns against it.
import { parse } from 'csv-parse/sync';
import type { Node } from 'jsonc-parser';
import { splitRows } from '../engine/objective';
import type { Dataset, Floats, ModelConfig } from '../engine/types';
import type { LoadedData } from './data';
import { openDataFile, textOf, type ByteReader } from './dataFile';
import { count, keyOf, reportCapped } from './problems';
import type { ProblemSink } from './problems';
import { didYouMean } from './schema/suggest';
import { targetFaults } from './targets';
import { bool, elements, int, prop, str } from './tree';
import type { CsvInputs, InputScaling, SpecHost } from './types';
import { grouped } from '../shared/format';

export interface Table {
  header?: string[];
  rows: string[][];
  /** 1-based file line of each row, for messages. */
  lines: number[];
  /** False when only the first record was read (a header-only host): the rows are then unknown. */
  complete: boolean;
}

/** Bytes a header-only host reads first; doubled until the first record is whole. */
const HEAD_BYTES = 4096;

const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: true, trim: true } as const;

/**
 * The CSV data set, or undefined with its problems reported (file problems on the `csv` string, column problems on the
 * column).
 */
export function loadCsv(
  node: Node,
  model: ModelConfig,
  host: SpecHost,
  sink: ProblemSink,
  budget = Infinity,
): LoadedData | undefined {
  const csvNode = prop(node, 'csv') as Node;
  const rel = str(csvNode);
  if (rel === undefined) return undefined;
  const file = openDataFile(host, rel);
  if ('error' in file) {
    sink.error(csvNode, file.error);
    return undefined;
  }
  const fail = (message: string): void => sink.error(csvNode, `data.csv ${JSON.stringify(rel)} ${message}`);
  const header = bool(prop(node, 'header')) ?? true;
  const head = readHead(file.read, header, fail);
  if (!head) return undefined;
  // The estimate from the first line's length refuses a file too large to load before it is read whole.
  const rows = estimateRows(file.read, file.size, header);
  const numbers = rows * (head.header?.length ?? head.rows[0].length);
  if (numbers > budget) {
    fail(
      `holds about ${grouped(rows)} rows (${grouped(file.size)} bytes): about ` +
        `${grouped(numbers)} numbers, more than the ${grouped(Math.max(0, budget))} ` +
        `the memory limit leaves beside the network; train on fewer rows, or raise the limit (--max-numbers in the ` +
        `CLI, backprop.worker.maxMemoryMb in the editor)`,
    );
    return undefined;
  }
  host.dataBytes?.(numbers * (model.training.precision === 'float32' ? 4 : 8));
  const text = textOf(file);
  const table = text === undefined ? head : readTable(text, header, fail);
  if (!table) return undefined;
  const width = table.header?.length ?? table.rows[0].length;
  const ragged = table.rows.flatMap((r, i) => (r.length === width ? [] : [i]));
  reportCapped(
    ragged,
    (i) =>
      fail(
        `line ${table.lines[i]} has ${count(table.rows[i].length, 'field')}, expected ${width} (as in ` +
          `${table.header ? 'the header' : `line ${table.lines[0]}`})`,
      ),
    (n) => fail(`has ${n} more rows with the wrong number of fields`),
  );
  const targetsNode = prop(node, 'targetColumns') as Node;
  const targetCols = resolveColumns(targetsNode, table, width, rel, sink);
  const inputsNode = prop(node, 'inputColumns');
  const inputCols = inputsNode
    ? resolveColumns(inputsNode, table, width, rel, sink)
    : targetCols && Array.from({ length: width }, (_, j) => j).filter((j) => !targetCols.includes(j));
  if (!targetCols || !inputCols || ragged.length > 0) return undefined;
  const output = model.layers[model.layers.length - 1]?.units ?? 1;
  const oneHot = bool(prop(node, 'oneHot')) ?? false;
  const overlap = inputCols.find((j) => targetCols.includes(j));
  let ok = true;
  const check = (cond: boolean, place: Node, message: string): void => {
    if (!cond) {
      sink.error(place, message);
      ok = false;
    }
  };
  check(
    overlap === undefined,
    inputsNode ?? csvNode,
    `column ${columnName(table, overlap ?? 0)} is both an input and a target column`,
  );
  check(
    inputCols.length === model.input,
    inputsNode ?? csvNode,
    `data.csv ${JSON.stringify(rel)} gives ${count(inputCols.length, 'input column')}, expected ${model.input} ` +
      `(input size)`,
  );
  const oneHotNode = prop(node, 'oneHot');
  if (oneHot && oneHotNode)
    check(
      targetCols.length === 1,
      keyOf(oneHotNode) ?? oneHotNode,
      `data.oneHot needs exactly one target column, found ${targetCols.length}`,
    );
  else
    check(
      targetCols.length === output,
      targetsNode,
      `data.targetColumns has ${count(targetCols.length, 'column')}, expected ${output} (output units)`,
    );
  if (!ok) return undefined;
  // NOTE: a header-only host stops here: the cells are checked where the data is loaded (worker, CLI).
  if (!table.complete)
    return table.header ? { dataSource: 'csv', inputNames: namesOf(table.header, inputCols) } : { dataSource: 'csv' };
  const numeric = oneHot ? inputCols : [...inputCols, ...targetCols];
  const bad = table.rows.flatMap((r, i) =>
    numeric.filter((j) => !Number.isFinite(toNumber(r[j]))).map((j) => ({ i, j })),
  );
  reportCapped(
    bad,
    ({ i, j }) =>
      fail(
        `line ${table.lines[i]}, column ${columnName(table, j)}: ${JSON.stringify(table.rows[i][j])} is not a ` +
          `number${targetCols.includes(j) ? ' (for class names in a target column, set "oneHot": true)' : ''}`,
      ),
    (n) => fail(`has ${n} more cells that are not numbers`),
  );
  if (bad.length > 0) return undefined;
  const inputs = Float64Array.from(table.rows.flatMap((r) => inputCols.map((j) => toNumber(r[j]))));
  // The statistics come from the training rows only: validation rows are scaled as unseen data would be.
  const train = splitRows(table.rows.length, model.training.validationSplit).train;
  const scaling = inputScaling(inputs, inputCols.length, str(prop(node, 'normalize')) ?? 'none', train);
  scaleInputs(inputs, scaling);
  const targets: { values: Float64Array; classNames?: string[] } | undefined = oneHot
    ? encodeClasses(table, targetCols[0], output, targetsNode, sink)
    : { values: Float64Array.from(table.rows.flatMap((r) => targetCols.map((j) => toNumber(r[j])))) };
  if (!targets) return undefined;
  // One-hot rows are distributions by construction; numeric target columns are checked against the loss.
  const faults = oneHot ? [] : targetFaults(model.loss, targets.values, targetCols.length);
  reportCapped(
    faults,
    (f) =>
      fail(
        `line ${table.lines[f.row]}, ` +
          (f.col === undefined
            ? `target columns ${targetCols.map((j) => columnName(table, j)).join(', ')}`
            : `column ${columnName(table, targetCols[f.col])}`) +
          `: ${f.message}`,
      ),
    (n) => fail(`has ${count(n, 'more row')} whose targets ${model.loss} cannot take`),
  );
  if (faults.length > 0) return undefined;
  const data: Dataset = {
    rows: table.rows.length,
    inputSize: model.input,
    outputSize: output,
    inputs,
    targets: targets.values,
  };
  const csvInputs: CsvInputs = { scaling };
  const loaded: LoadedData = { data, dataSource: 'csv', dataOrigin: rel, csvInputs };
  if (table.header) loaded.inputNames = csvInputs.columns = namesOf(table.header, inputCols);
  if (targets.classNames) loaded.classNames = targets.classNames;
  return loaded;
}

/** Header and rows of the CSV text, or undefined after reporting why there are none. */
export function readTable(
  text: string,
  header: boolean,
  fail: (message: string) => void,
  delimiter = ',',
): Table | undefined {
  const parsed = parseRecords(text, undefined, delimiter);
  if ('error' in parsed) {
    fail(invalid(parsed.error));
    return undefined;
  }
  const { records, lines } = parsed;
  if (records.length === 0) {
    fail('is empty');
    return undefined;
  }
  if (header && records.length === 1) {
    fail('has a header but no data rows');
    return undefined;
  }
  return header
    ? { header: records[0], rows: records.slice(1), lines: lines.slice(1), complete: true }
    : { rows: records, lines, complete: true };
}

/**
 * The first record alone, read through a header-only host: whole lines of the file's start, more of them until the
 * record is whole (a quoted field may span lines). Undefined after reporting why there is none.
 */
export function readHead(
  bytes: ByteReader,
  header: boolean,
  fail: (message: string) => void,
  delimiter = ',',
): Table | undefined {
  for (let length = HEAD_BYTES; ; length *= 2) {
    let chunk: Uint8Array;
    try {
      chunk = bytes(0, length);
    } catch (e) {
      fail(`could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    const whole = chunk.length < length;
    // NOTE: cut after the last newline: a UTF-8 character never contains its byte, so none is split.
    const end = whole ? chunk.length : chunk.lastIndexOf(0x0a) + 1;
    if (end === 0 && !whole) continue;
    const parsed = parseRecords(new TextDecoder().decode(chunk.subarray(0, end)), 1, delimiter);
    if ('error' in parsed) {
      if (!whole && (parsed.error as { code?: unknown }).code === 'CSV_QUOTE_NOT_CLOSED') continue;
      fail(invalid(parsed.error));
      return undefined;
    }
    const [first] = parsed.records;
    if (!first) {
      if (!whole) continue;
      fail('is empty');
      return undefined;
    }
    return header
      ? { header: first, rows: [], lines: [], complete: false }
      : { rows: [first], lines: parsed.lines, complete: false };
  }
}

/** Records of the CSV text (the first `limit` of them, when given) with the line each ends on, or csv-parse's error. */
function parseRecords(
  text: string,
  limit: number | undefined,
  delimiter = ',',
): { records: string[][]; lines: number[] } | { error: unknown } {
  const lines: number[] = [];
  try {
    // NOTE: BOM and CRLF are normalized here: csv-parse counts a CRLF inside a quoted field as two lines.
    const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const records = parse(clean, {
      ...CSV_OPTIONS,
      delimiter,
      ...(limit === undefined ? {} : { to: limit }),
      on_record: (record, context) => {
        lines.push(context.lines);
        return record;
      },
    });
    return { records, lines };
  } catch (error) {
    return { error };
  }
}

function invalid(e: unknown): string {
  const line = (e as { lines?: unknown }).lines;
  return (
    `is not valid CSV${typeof line === 'number' ? ` near line ${line}` : ''}: ` +
    `${e instanceof Error ? e.message : String(e)}`
  );
}

function namesOf(header: string[], columns: number[]): string[] {
  return columns.map((j) => header[j] ?? '');
}

/** Column indices named (or numbered) by a column list, each unknown one reported on its item. */
export function resolveColumns(
  listNode: Node,
  table: Table,
  width: number,
  file: string,
  sink: ProblemSink,
): number[] | undefined {
  const what = String(keyOf(listNode)?.value ?? 'columns');
  const columns: number[] = [];
  let ok = true;
  (elements(listNode) ?? []).forEach((item, i) => {
    const name = str(item);
    const index = int(item);
    const where = `data.${what}[${i}]`;
    let j = -1;
    if (name !== undefined && !table.header) {
      sink.error(
        item,
        `${where} ${JSON.stringify(name)} is a name, but data.header is false; use a 0-based column index`,
      );
    } else if (name !== undefined) {
      j = table.header?.indexOf(name) ?? -1;
      if (j < 0)
        sink.error(
          item,
          `${where} ${JSON.stringify(name)} is not a column of ` +
            `${JSON.stringify(file)}${didYouMean(name, table.header ?? [])}`,
        );
    } else if (index !== undefined) {
      j = index < width ? index : -1;
      if (j < 0)
        sink.error(item, `${where} is ${index}, but ${JSON.stringify(file)} has ${width} columns (0..${width - 1})`);
    }
    if (j < 0) ok = false;
    else columns.push(j);
  });
  return ok ? columns : undefined;
}

/** One-hot targets from a string column: classes sorted, their count checked against the output units. */
function encodeClasses(
  table: Table,
  column: number,
  output: number,
  targetsNode: Node,
  sink: ProblemSink,
): { values: Float64Array; classNames: string[] } | undefined {
  const cells = table.rows.map((r) => r[column]);
  const classNames = [...new Set(cells)].sort();
  if (classNames.length !== output) {
    const place = elements(targetsNode)?.[0] ?? targetsNode;
    const listed = classNames.length <= 10 ? ` (${classNames.join(', ')})` : '';
    sink.error(
      place,
      `one-hot column ${columnName(table, column)} has ${classNames.length} classes${listed}, expected ${output} ` +
        `(output units)`,
    );
    return undefined;
  }
  const values = new Float64Array(cells.length * output);
  cells.forEach((c, i) => (values[i * output + classNames.indexOf(c)] = 1));
  return { values, classNames };
}

/** data.normalize's per-column statistics of the `train` rows of `inputs` ([rows, width]); `how` other than
 * standard/minmax is none. */
export function inputScaling(inputs: Floats, width: number, how: string, train: ArrayLike<number>): InputScaling {
  if (how !== 'standard' && how !== 'minmax') return { how: 'none' };
  const mean: number[] = [];
  const std: number[] = [];
  const min: number[] = [];
  const range: number[] = [];
  for (let j = 0; j < width; j++) {
    const column = Array.from(train, (i) => inputs[i * width + j]);
    const m = column.reduce((a, b) => a + b, 0) / column.length;
    mean.push(m);
    std.push(Math.sqrt(column.reduce((a, b) => a + (b - m) ** 2, 0) / column.length));
    // NOTE: a loop, not Math.min(...column): spreading 100k+ rows overflows the call stack.
    const lo = column.reduce((a, b) => Math.min(a, b), Infinity);
    min.push(lo);
    range.push(column.reduce((a, b) => Math.max(a, b), -Infinity) - lo);
  }
  return how === 'standard' ? { how, mean, std } : { how, min, range };
}

/**
 * Scales rows of inputs in place as training saw them; constant columns are only centred (standard) or zeroed
 * (minmax).
 */
export function scaleInputs(inputs: Floats, scaling: InputScaling): void {
  if (scaling.how === 'none') return;
  const width = scaling.how === 'standard' ? scaling.mean.length : scaling.min.length;
  for (let i = 0; i < inputs.length; i++) {
    const j = i % width;
    const x = inputs[i];
    if (scaling.how === 'standard') inputs[i] = (x - scaling.mean[j]) / (scaling.std[j] || 1);
    else inputs[i] = scaling.range[j] === 0 ? 0 : (x - scaling.min[j]) / scaling.range[j];
  }
}

function columnName(table: Table, j: number): string {
  return table.header ? `${JSON.stringify(table.header[j])} (${j + 1})` : `${j + 1}`;
}

function toNumber(cell: string | undefined): number {
  return cell === undefined || cell === '' ? NaN : Number(cell);
}

/** Bytes of a CSV read to estimate its rows from its first data line. */
const ESTIMATE_BYTES = 4096;

/** About how many rows a CSV of `size` bytes holds, if its rows are as long as its first data line. */
export function estimateRows(read: ByteReader, size: number, header: boolean): number {
  const lines = new TextDecoder().decode(read(0, ESTIMATE_BYTES)).split('\n');
  const start = header ? 1 : 0;
  const first = lines[start];
  if (first === undefined || lines.length <= start + 1) return 1;
  const before = lines.slice(0, start).reduce((a, l) => a + l.length + 1, 0);
  return Math.max(1, Math.round((size - before) / (first.length + 1)));
}
