// One of a spec's data sources (inputs, targets or labels; training or validation): inline rows or a file reference
// (.npy, .npz, IDX, gzip, CSV/TSV), opened to its header first; the elements are decoded only when asked (`fill`).
import type { Node } from 'jsonc-parser';
import type { Floats } from '../../engine/types';
import { estimateRows, readHead, resolveColumns } from '../csv';
import { openDataFile, type DataFile } from '../dataFile';
import type { ProblemSink } from '../problems';
import { LoadCancelled } from '../types';
import { bool, elements, finite, prop, str } from '../tree';
import type { SpecHost } from '../types';
import { BYTES_OF } from './arrays';
import { isBinary, openArray } from './binary';
import { countRecords, scanNumbers, type CsvLayout } from './csvScan';

export type Role = 'inputs' | 'targets' | 'labels';

/** A source opened to its header: its rows and row shape, and where they can be read, a filler. */
export interface Source {
  /** Where its problems go: the file reference's `file` string, or the inline array. */
  place: Node;
  /** The source in messages: `data.inputs "x.npy"` or `data.inputs`. */
  name: string;
  /** The path as the spec writes it, for file references. */
  file?: string;
  /** What the file is (npy, IDX, CSV…), or "inline". */
  format: string;
  /** Undefined where only a CSV's header was read. */
  rows?: number;
  /** About how many rows, where `rows` is unknown: for the memory estimate. */
  estimatedRows?: number;
  /** The shape of one row as the file gives it ([] for one number per row). */
  rowShape: number[];
  /** Reads the whole file to count its rows (CSV, whose header does not say): undefined after reporting why not. */
  count?: () => number | undefined;
  /** Writes rows × width values (scaled) into `dest`; false after reporting why it could not. Absent header-only. */
  fill?: (dest: Floats) => boolean;
}

/** The source at `node` (path `where`, e.g. `data.validation.labels`), or undefined after reporting why not. */
export function openSource(node: Node, where: string, host: SpecHost, sink: ProblemSink): Source | undefined {
  if (node.type === 'array') return inlineSource(node, where);
  if (node.type !== 'object') return undefined;
  const fileNode = prop(node, 'file');
  const rel = str(fileNode);
  if (!fileNode || rel === undefined) {
    // The schema reports a missing or non-string `file`.
    return undefined;
  }
  const label = `${where}.file`;
  const opened = openDataFile(host, rel, label);
  if ('error' in opened) {
    sink.error(fileNode, opened.error);
    return undefined;
  }
  const name = `${where} ${JSON.stringify(rel)}`;
  const scale = finite(prop(node, 'scale')) ?? 1;
  const arrayNode = prop(node, 'array');
  if (isBinary(opened.read(0, 8))) {
    const array = openArray(opened, str(arrayNode));
    if ('error' in array) {
      sink.error(array.onArray && arrayNode ? arrayNode : fileNode, `${name} ${array.error}`);
      return undefined;
    }
    for (const key of ['columns', 'header']) {
      const extra = prop(node, key);
      if (extra) sink.warning(extra, `${where}.${key} applies to CSV files; ${name} is ${array.format}`);
    }
    const { shape, type, dataOffset } = array.header;
    if (shape.length === 0) {
      sink.error(fileNode, `${name} holds a single number (shape []), expected one row per sample`);
      return undefined;
    }
    const decode = array.decode;
    return {
      place: fileNode,
      name,
      file: rel,
      format: array.format,
      rows: shape[0],
      rowShape: shape.slice(1),
      fill:
        decode &&
        ((dest) => {
          const bad = decode(dest, scale);
          if (typeof bad === 'string') {
            sink.error(fileNode, `${name} ${bad}`);
            return false;
          }
          if (bad < 0) return true;
          const width = shape.slice(1).reduce((a, b) => a * b, 1);
          sink.error(
            fileNode,
            `${name} holds ${dest[bad]} at row ${Math.floor(bad / width)} (element ${bad}, byte ` +
              `${dataOffset + bad * BYTES_OF[type]}); data must be finite numbers`,
          );
          return false;
        }),
    };
  }
  if (arrayNode) sink.warning(arrayNode, `${where}.array names an .npz member; ${name} is not an .npz archive`);
  return csvSource(node, fileNode, name, rel, opened, scale, sink);
}

function inlineSource(node: Node, where: string): Source {
  const rows = elements(node) ?? [];
  const first = elements(rows[0]);
  return {
    place: node,
    name: where,
    format: 'inline',
    rows: rows.length,
    rowShape: first ? [first.length] : [],
    fill: (dest) => {
      let k = 0;
      for (const row of rows) {
        for (const cell of elements(row) ?? [row]) dest[k++] = finite(cell) ?? NaN;
      }
      return true;
    },
  };
}

/**
 * A CSV or TSV file reference: `columns` picks columns (all by default), `header` says whether line 1 names them. Its
 * first record is read at once; its rows only when counted (after the memory estimate from the first line allowed it).
 */
function csvSource(
  node: Node,
  fileNode: Node,
  name: string,
  rel: string,
  opened: DataFile,
  scale: number,
  sink: ProblemSink,
): Source | undefined {
  const fail = (message: string): void => sink.error(fileNode, `${name} ${message}`);
  const header = bool(prop(node, 'header')) ?? true;
  const delimiter = /\.tsv$/i.test(rel) ? '\t' : ',';
  const head = readHead(opened.read, header, fail, delimiter);
  if (!head) return undefined;
  const width = head.header?.length ?? head.rows[0].length;
  const columnsNode = prop(node, 'columns');
  const columns = columnsNode
    ? resolveColumns(columnsNode, head, width, rel, sink)
    : Array.from({ length: width }, (_, j) => j);
  if (!columns) return undefined;
  const source: Source = {
    place: fileNode,
    name,
    file: rel,
    format: delimiter === ',' ? 'CSV' : 'TSV',
    rowShape: [columns.length],
    estimatedRows: estimateRows(opened.read, opened.size, header),
  };
  if (!opened.whole) return source;
  const layout: CsvLayout = { delimiter, header, width, columns };
  source.count = () => {
    source.rows = reading(() => countRecords(opened, layout), fail);
    return source.rows;
  };
  source.fill = (dest) => {
    const rows = source.rows;
    if (rows === undefined) return false;
    const faults = reading(() => scanNumbers(opened, layout, rows, dest, scale), fail);
    if (!faults) return false;
    faults.messages.forEach(fail);
    if (faults.count > faults.messages.length)
      fail(`has ${faults.count - faults.messages.length} more cells or rows like these`);
    return faults.count === 0;
  };
  return source;
}

/** Runs `read`, reporting a failure to read the file through `fail` (a cancelled load goes on up). */
function reading<T>(read: () => T, fail: (message: string) => void): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof LoadCancelled) throw e;
    fail(`could not be read whole: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
