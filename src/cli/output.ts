// Where CLI output goes, and the error a command throws to stop with a message and an exit code.
export interface Output {
  /** Results: stdout. */
  out(line: string): void;
  /** Diagnostics and progress: stderr. */
  err(line: string): void;
  /** A progress line that overwrites itself on a terminal; undefined when stderr is not a TTY. */
  progress?: (line: string) => void;
}

/** Exit code after Ctrl+C: 128 + SIGINT, what shells report for any command it stops. */
export const INTERRUPTED = 130;

/** Exit code of a usage error: options that are missing, malformed or have no effect together. */
export const USAGE = 2;

/** A user-facing failure: printed without a stack, exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function processOutput(): Output {
  const tty = process.stderr.isTTY;
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    progress: tty ? (line) => process.stderr.write('\r\x1b[2K' + line) : undefined,
  };
}

/**
 * JSON where every non-finite number is null, so a JSON reader never meets a string where a number belongs (the output
 * says what happened elsewhere: a `diverged` object, or a metric that is undefined for the data).
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
