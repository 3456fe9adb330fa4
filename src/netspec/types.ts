// What netspec/ hands to everyone else: a validated Spec, located Problems, and the host services it needs.
import type { Dataset, ModelConfig } from '../engine/types';

export type Severity = 'error' | 'warning';

/** One problem in a spec file, located by offset (0-based) and line/column (1-based). */
export interface Problem {
  severity: Severity;
  message: string;
  offset: number;
  length: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** JSON path of the offending value, e.g. ['layers', 0, 'weights', 2]. */
  path: (string | number)[];
}

/** inline, the `csv` form, generated, or `file`: inputs, targets or labels given as file references. */
export type DataSourceKind = 'inline' | 'csv' | 'generator' | 'file';

/** A spec that passed validation: the engine's model plus its data and display facts. */
export interface Spec {
  name: string;
  model: ModelConfig;
  /** Absent when the spec has no `data` (it can be checked, not trained). */
  data?: Dataset;
  dataSource?: DataSourceKind;
  /** The CSV path as the spec writes it, or the generator's name. */
  dataOrigin?: string;
  inputNames?: string[];
  /** Output class names, when CSV one-hot encoding produced them. */
  classNames?: string[];
  /** How the CSV's columns became the inputs, when the data is a CSV file. */
  csvInputs?: CsvInputs;
  /** The shape of one input row when it is an image or another grid ([h, w] or [h, w, c]): given or the file's own. */
  inputShape?: number[];
}

/** How a CSV's input columns became the network's inputs, so that new rows (`backprop predict`) are prepared alike. */
export interface CsvInputs {
  /** The header names of the input columns, in input order; absent when the CSV has no header. */
  columns?: string[];
  /** data.normalize, with the per-column statistics it applied. */
  scaling: InputScaling;
}

/** data.normalize and its statistics, one entry per input column. */
export type InputScaling =
  | { how: 'none' }
  | { how: 'standard'; mean: number[]; std: number[] }
  | { how: 'minmax'; min: number[]; range: number[] };

/**
 * File access for data files, injected by the Node front ends so netspec/ stays pure. Paths are absolute, with '/'
 * separators. A host reads data files either whole (`readFile`: the worker and the CLI load the data and check every
 * cell) or only their first bytes (`readBytes`: the editor's extension host, which must never parse a data set; netspec
 * then checks what a file's header shows, such as a CSV's column names, and leaves the Spec's `data` out).
 */
export interface SpecHost {
  /** Absolute path of the spec file itself (its folder anchors relative CSV paths). */
  specPath: string;
  /** Folder tree data files must stay inside; defaults to the spec's folder. */
  allowedRoot?: string;
  /** Reads a whole UTF-8 file, or returns undefined when it does not exist. Throws on other I/O errors. */
  readFile?(absPath: string): string | undefined;
  /**
   * Reads a whole file's bytes (binary formats need them; text is decoded from them), or undefined when it does not
   * exist. Throws on other I/O errors. Preferred to `readFile` where both exist.
   */
  readBinary?(absPath: string): Uint8Array | undefined;
  /** The file's size in bytes, or undefined when it does not exist: a header-only host's bound for its readers. */
  fileSize?(absPath: string): number | undefined;
  /**
   * Up to `length` bytes of the file from `offset` (fewer at its end; empty past it), or undefined when it does not
   * exist. Throws on other I/O errors. With `fileSize`, headers are read through it first; a host without `readFile`
   * or `readBinary` reads nothing else (the editor's).
   */
  readBytes?(absPath: string, offset: number, length: number): Uint8Array | undefined;
  /**
   * Reads the file's bytes from `offset` into `into` (as many as fit, fewer at its end) and says how many: where a
   * whole-file host has it, data files are streamed through one reused buffer instead of read whole.
   */
  readInto?(absPath: string, offset: number, into: Uint8Array): number;
  /**
   * True where reading elements straight into the training array beats reading them through the reused buffer and
   * copying: where the array's fresh memory comes in huge pages. Without them, on the VM measured, a page the kernel's
   * `read()` filled faults once more on its first touch from JavaScript, and the buffered read is ~25% faster.
   */
  readsInPlace?: boolean;
  /** Hears how a data file's load goes and may stop it (the worker and the CLI show and cancel loads). */
  monitor?: LoadMonitor;
  /**
   * Hears the bytes the data set's arrays will take in the training precision, from the headers (estimated where a
   * CSV's rows are not counted yet), once they fit the memory limit and before any element is read: the CLI decides
   * there whether the load pays for a relaunch with huge pages.
   */
  dataBytes?(bytes: number): void;
  /** Resolves symlinks; undefined when the path does not exist. */
  realpath(absPath: string): string | undefined;
}

/** How far the load of one data file has come: `done` of `total` bytes read, or rows parsed. */
export interface LoadProgress {
  /** The path as the spec writes it. */
  file: string;
  done: number;
  total: number;
  unit: 'bytes' | 'rows';
}

/** Watches data files load, between chunks of about a megabyte. */
export interface LoadMonitor {
  progress(progress: LoadProgress): void;
  /** True once the load should stop: the loader then throws LoadCancelled out of parseSpec. */
  cancelled(): boolean;
}

/** Thrown out of parseSpec when its host's monitor cancelled a data file's load. */
export class LoadCancelled extends Error {
  constructor(readonly file: string) {
    super(`loading ${JSON.stringify(file)} was cancelled`);
    this.name = 'LoadCancelled';
  }
}

/** Default of ParseOptions.maxNumbers: 50 million numbers, about 400 MB in float64 (optimizer state comes on top). */
export const DEFAULT_MAX_NUMBERS = 50_000_000;

export interface ParseOptions {
  /**
   * Refuse specs whose parameters plus one batch of activations exceed this many numbers (default DEFAULT_MAX_NUMBERS;
   * Infinity turns the check off). Refusing at parse time keeps the engine from trying to allocate gigabytes.
   */
  maxNumbers?: number;
}

export interface ParseResult {
  /** Present only when there are no errors (warnings allowed). */
  spec?: Spec;
  problems: Problem[];
}

/** A minimal text edit on the spec text. */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}
