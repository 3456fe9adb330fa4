// The slice of csv-parse/sync that netspec/ uses. NOTE: csv-parse's own declarations (CJS and browser ESM builds alike)
// reference Node's types, which would leak `process` and `Buffer` into netspec/; src/netspec/tsconfig.json maps the
// import
// here instead. Other tsconfigs (tests, worker, CLI) see the real declarations, so this must stay a compatible subset.
export interface CsvRecordContext {
  /** 1-based line where the record ends. */
  readonly lines: number;
}

export interface CsvOptions {
  relax_column_count?: boolean;
  skip_empty_lines?: boolean;
  trim?: boolean;
  /** The field separator (one character). */
  delimiter?: string;
  /** Stop after this many records. */
  to?: number;
  on_record?: (record: string[], context: CsvRecordContext) => string[];
}

export declare function parse(input: string, options: CsvOptions): string[][];
