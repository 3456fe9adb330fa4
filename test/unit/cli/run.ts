// Runs the CLI in-process and captures what it prints.
import { runCli } from '../../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  return cliWith({}, ...argv);
}

/** Like `cli`, with Ctrl+C stood in for by `interrupt`, and each stderr line shown to `onErr` as it is printed. */
export async function cliWith(
  options: { interrupt?: AbortSignal; onErr?: (line: string) => void },
  ...argv: string[]
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    {
      out: (l) => out.push(l),
      err: (l) => {
        err.push(l);
        options.onErr?.(l);
      },
    },
    options.interrupt,
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
