// Where CLI output goes, and the error a command throws to stop with a message and an exit code.
export interface Output {
  /** Results: stdout. */
  out(line: string): void;
  /** Diagnostics and progress: stderr. */
  err(line: string): void;
  /** A progress line that overwrites itself on a terminal; undefined when stderr is not a TTY. */
  progress?: (line: string) => void;
}

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

/** JSON with non-finite numbers spelled out instead of silently becoming null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
}
