// Reading model files and writing outputs for CLI commands: refusals said plainly, writes that never leave half a file.
import * as fs from 'fs';
import { CliError } from './output';

/** Model files beyond this are refused without reading (a dense network this large would not fit the engine). */
const MAX_MODEL_BYTES = 1024 * 1024 * 1024;

/** Writes through a temporary file and a rename, so an interrupted write never leaves half a file. */
export function writeAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const mode = fs.existsSync(file) ? fs.statSync(file).mode : undefined;
  try {
    fs.writeFileSync(tmp, data, mode === undefined ? {} : { mode });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new CliError(`${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
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
