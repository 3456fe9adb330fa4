// Loads and validates a spec file for a CLI command, printing its problems the way compilers do.
import * as fs from 'fs';
import { parseSpec } from '../spec';
import type { Problem, Spec } from '../spec/types';
import { nodeSpecHost } from '../node/specFiles';
import { CliError, type Output } from './output';

export interface LoadedSpec {
  file: string;
  text: string;
  spec: Spec;
}

/** `FILE:LINE:COL: error|warning: message`, the form editors and CI logs link to. */
export function formatProblem(file: string, p: Problem): string {
  return `${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

export function readSpecText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(err)})`);
  }
}

/** Parses FILE; prints warnings to stderr, and on errors prints them and fails. */
export function loadSpec(file: string, out: Output, allowedRoot?: string): LoadedSpec {
  const text = readSpecText(file);
  const { spec, problems } = parseSpec(text, nodeSpecHost(file, allowedRoot));
  for (const p of problems) out.err(formatProblem(file, p));
  if (!spec) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    throw new CliError(`${file}: ${errors} error${errors === 1 ? '' : 's'}; fix ${errors === 1 ? 'it' : 'them'} first (see \`backprop check\`)`);
  }
  return { file, text, spec };
}

/** The spec's data set, or a clear failure when the spec has none. */
export function requireData(loaded: LoadedSpec): NonNullable<Spec['data']> {
  if (!loaded.spec.data) throw new CliError(`${loaded.file}: the spec has no "data", so there is nothing to train or check on`);
  return loaded.spec.data;
}
