// Loads and validates a spec file for a CLI command, printing its problems the way compilers do.
import * as fs from 'fs';
import type { Divergence } from '../engine';
import { MAX_TEXT_LENGTH, parseSpec, rangeOfLayer, specDocument } from '../netspec';
import type { Problem, Spec } from '../netspec/types';
import { nodeSpecHost } from '../node/specFiles';
import { loadProgressText, plural } from '../shared/format';
import { CliError, type Output } from './output';
import { progressBar } from './tables';

/** Milliseconds between two redraws of the loading line. */
const PROGRESS_MS = 100;

/** Where data files may be read from and how large a network may be: every command takes both. */
export interface SpecAccess {
  /** Folder tree CSV data may be read from (default: the spec's folder). */
  allowedRoot?: string;
  /** The memory cap handed to parseSpec (default DEFAULT_MAX_NUMBERS). */
  maxNumbers?: number;
}

/**
 * Files beyond this are refused without reading: the spec limit is far lower, and V8 cannot hold such a string anyway.
 */
const MAX_READ_BYTES = 256 * 1024 * 1024;

export interface LoadedSpec {
  file: string;
  text: string;
  spec: Spec;
}

/** `FILE:LINE:COL: error|warning: message`, the form editors and CI logs link to. */
export function formatProblem(file: string, p: Problem): string {
  return `${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

/** The file's text; a CliError saying why when it is missing, not a regular file, unreadable or far too large. */
export function readSpecText(file: string): string {
  try {
    // NOTE: stat first: reading a directory fails obscurely, and reading a FIFO or a device would block forever.
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new CliError(`${file}: is a directory; give the *.nn.json files in it`);
    if (!stat.isFile()) throw new CliError(`${file}: is not a regular file`);
    if (stat.size > MAX_READ_BYTES)
      throw new CliError(
        `${file}: is ${Math.round(stat.size / 1e6)} MB; a spec may hold at most ${MAX_TEXT_LENGTH / 1e6} MB`,
      );
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : `cannot read (${code ?? String(err)})`;
    throw new CliError(`${file}: ${why}`);
  }
}

/**
 * Where training diverged, compiler style at the layer's object in the file, naming the layer even when the engine's
 * message does not.
 */
export function divergenceLine(loaded: LoadedSpec, d: Divergence): string {
  const doc = specDocument(loaded.text);
  const range = rangeOfLayer(doc, d.layer);
  const pos = range ? doc.positionAt(range.offset) : { line: 1, column: 1 };
  return `${loaded.file}:${pos.line}:${pos.column}: error: ${d.message} (at layers[${d.layer}] "${d.layerName}")`;
}

/** Parses FILE; prints warnings to stderr, and on errors prints them and fails. */
export function loadSpec(file: string, out: Output, access: SpecAccess = {}): LoadedSpec {
  const text = readSpecText(file);
  const host = nodeSpecHost(file, access.allowedRoot);
  const draw = out.progress;
  let drawn = 0;
  // On a terminal, a line with each data file's percent; Ctrl+C stops the load (the process ends, nothing is written).
  if (draw)
    host.monitor = {
      progress: (p) => {
        const now = performance.now();
        if (now - drawn < PROGRESS_MS) return;
        drawn = now;
        draw(`loading ${progressBar(p.done, p.total)} ${loadProgressText(p)}`);
      },
      cancelled: () => false,
    };
  const { spec, problems } = parseSpec(text, host, { maxNumbers: access.maxNumbers });
  if (draw && drawn > 0) draw('');
  for (const p of problems) out.err(formatProblem(file, p));
  if (!spec) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    throw new CliError(
      `${file}: ${plural(errors, 'error')}; fix ${errors === 1 ? 'it' : 'them'} first (see \`backprop check\`)`,
    );
  }
  return { file, text, spec };
}

/** The spec's data set, or a clear failure when the spec has none. */
export function requireData(loaded: LoadedSpec): NonNullable<Spec['data']> {
  if (!loaded.spec.data)
    throw new CliError(`${loaded.file}: the spec has no "data", so there is nothing to train or check on`);
  return loaded.spec.data;
}
