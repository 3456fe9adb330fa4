// `backprop export FILE --format onnx|safetensors|pytorch`: the spec's network and weights as a framework's files.
import * as path from 'path';
import { initialParams, type Precision } from '../../engine';
import { csvSettings, EXPORT_EXTENSIONS, exportModel, InteropError, type ExportFormat } from '../../interop';
import { writeAtomically } from '../files';
import { loadSpec, type SpecAccess } from '../load';
import { CliError, type Output } from '../output';
import { grouped } from '../../shared/format';

export interface ExportOptions extends SpecAccess {
  format: ExportFormat;
  out?: string;
  precision?: Precision;
  logits?: boolean;
  version: string;
}

/** `dir/name.nn.json` → `name`: the default stem of every exported file. */
export function specStem(file: string): string {
  return path.basename(file).replace(/(\.nn)?\.json$/i, '');
}

export function exportCommand(file: string, o: ExportOptions, out: Output): number {
  const loaded = loadSpec(file, out, o);
  const { spec } = loaded;
  const target = o.out ?? path.join(path.dirname(file), specStem(file) + EXPORT_EXTENSIONS[o.format]);
  const dir = path.dirname(target);
  const csv = spec.dataSource === 'csv' ? csvSettings(loaded.text)?.csv : undefined;
  const precision = o.precision ?? spec.model.training.precision;
  let files;
  try {
    files = exportModel({
      spec,
      specText: loaded.text,
      specFile: path.basename(file),
      theta: initialParams(spec.model),
      format: o.format,
      precision,
      logits: o.logits,
      fileName: path.basename(target),
      csvFromScript:
        csv &&
        path
          .relative(dir, path.resolve(path.dirname(file), csv))
          .split(path.sep)
          .join('/'),
      specDirFromScript:
        path
          .relative(dir, path.dirname(path.resolve(file)))
          .split(path.sep)
          .join('/') || '.',
      version: o.version,
    });
  } catch (err) {
    if (err instanceof InteropError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
  for (const f of files) {
    const where = path.join(dir, f.name);
    writeAtomically(where, f.bytes);
    out.err(`wrote ${where} (${grouped(f.bytes.length)} bytes)`);
  }
  out.out(
    `${spec.name}: exported as ${o.format === 'pytorch' ? 'a PyTorch script' : o.format} in ${precision}` +
      (o.format === 'onnx' ? `, output ${o.logits ? 'logits' : 'after the output activation'}` : '') +
      ` → ${target}`,
  );
  return 0;
}
