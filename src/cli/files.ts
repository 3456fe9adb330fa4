// Reading model files and writing outputs for CLI commands: refusals said plainly, writes that never leave half a
// file, and the previous text kept when asked.
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from './output';

/** Model files beyond this are refused without reading (a dense network this large would not fit the engine). */
const MAX_MODEL_BYTES = 1024 * 1024 * 1024;

/**
 * Replaces `file`'s contents through a temporary file beside it, flushed to disk, and a rename: a crash or a full
 * disk leaves either the old contents or the new, never half of one. Writes through a symlink to its target, and keeps
 * an existing file's permissions.
 */
export function writeAtomically(file: string, data: string | Uint8Array): void {
  const target = resolveLink(file);
  const mode = existingMode(target);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w', mode ?? 0o666);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (mode !== undefined) fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    const e = err as NodeJS.ErrnoException;
    throw new CliError(`${file}: cannot write (${e.code ?? e.message}); the file was left as it was`);
  }
}

/**
 * Replaces `file`'s text with `text`, first keeping its previous contents in FILE.bak unless `backup` is false; the
 * backup's path when one was written. `train --write` and `import` over an existing file share it.
 */
export function replaceKeepingBackup(file: string, text: string, backup = true): string | undefined {
  let previous: Uint8Array | undefined;
  try {
    previous = backup ? fs.readFileSync(file) : undefined;
  } catch {
    previous = undefined; // nothing there yet: nothing to keep
  }
  const kept = previous && `${file}.bak`;
  if (kept && previous) writeAtomically(kept, previous);
  writeAtomically(file, text);
  return kept;
}

/**
 * Refuses up front (before any work) an output path whose folder is missing or not a folder, so a long run never
 * ends in a write that cannot happen.
 */
export function checkWritableFolder(file: string, what: string): void {
  const dir = path.dirname(path.resolve(file));
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    stat = undefined;
  }
  if (!stat?.isDirectory())
    throw new CliError(`${file}: cannot write the ${what}: the folder ${dir} does not exist`, 2);
}

/** A model file's bytes; a CliError saying why when it is missing, not a regular file or too large. */
export function readModelFile(file: string): Uint8Array {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      `${file}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot read (${code})`}`,
    );
  }
  if (stat.isDirectory()) throw new CliError(`${file}: is a directory; give a model file (*.onnx, *.safetensors)`);
  if (!stat.isFile()) throw new CliError(`${file}: is not a regular file`);
  if (stat.size > MAX_MODEL_BYTES) throw new CliError(`${file}: is ${Math.round(stat.size / 1e6)} MB; too large`);
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (err) {
    throw new CliError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** A symlink's final target (so the link stays a link), or the path itself. */
function resolveLink(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function existingMode(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o7777;
  } catch {
    return undefined;
  }
}
