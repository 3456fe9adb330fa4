// `backprop check FILE…`: every problem of every file, one compiler-style line each.
import { parseSpec } from '../../netspec';
import { formatProblem, readSpecText, type SpecAccess } from '../load';
import { CliError, type Output } from '../output';
import { nodeSpecHost } from '../../node/specFiles';

/** Returns the exit code: 1 when any file has an error (or cannot be read), else 0. */
export function checkCommand(files: string[], out: Output, access: SpecAccess = {}): number {
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = readSpecText(file);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      out.err(`${file}:1:1: error: ${err.message.replace(`${file}: `, '')}`);
      failed = true;
      continue;
    }
    const { problems } = parseSpec(text, nodeSpecHost(file, access.allowedRoot), { maxNumbers: access.maxNumbers });
    for (const p of problems) out.out(formatProblem(file, p));
    if (problems.some((p) => p.severity === 'error')) failed = true;
  }
  return failed ? 1 : 0;
}
