// `backprop import MODEL [--into SPEC | -o NEW.nn.json]`: an ONNX model or a safetensors state_dict as a spec, or its
// weights written into an existing spec. Nothing is written when anything is wrong.
import * as fs from 'fs';
import * as path from 'path';
import { importAsNewSpec, importIntoSpec, importModel, InteropError, type ImportedModel } from '../../interop';
import { applyTextEdits, parseSpec } from '../../netspec';
import { nodeSpecHost } from '../../node/specFiles';
import { readModelFile, replaceKeepingBackup } from '../files';
import { formatProblem, loadSpec, type SpecAccess } from '../load';
import { CliError, type Output } from '../output';

export interface ImportOptions extends SpecAccess {
  into?: string;
  out?: string;
  force?: boolean;
  /** False with --no-backup: keep no FILE.bak of a spec this replaces. */
  backup?: boolean;
}

function shape(m: ImportedModel): string {
  return [m.network.input, ...m.network.layers.map((l) => l.units)].join(' → ');
}

export function importCommand(model: string, o: ImportOptions, out: Output): number {
  if (o.into && o.out) throw new CliError('give either --into SPEC or -o NEW.nn.json, not both', 2);
  const bytes = readModelFile(model);
  const name = path.basename(model);
  const fail = (err: unknown): never => {
    if (err instanceof InteropError) throw new CliError(`${model}: ${err.message}`);
    throw err;
  };
  let imported: ImportedModel;
  try {
    imported = importModel(bytes, name);
  } catch (err) {
    return fail(err);
  }
  let target: string;
  let text: string;
  if (o.into) {
    const loaded = loadSpec(o.into, out, o);
    target = o.into;
    try {
      const result = importIntoSpec(imported, loaded.spec, loaded.text);
      text = applyTextEdits(loaded.text, result.edits);
      for (const w of result.warnings) out.err(`${o.into}: warning: ${w}`);
    } catch (err) {
      if (err instanceof InteropError) throw new CliError(`${model}: ${err.message} (into ${o.into})`);
      throw err;
    }
    if (fs.readFileSync(o.into, 'utf8') !== loaded.text)
      throw new CliError(`${o.into}: not writing weights: the file changed while importing`);
  } else {
    target = o.out ?? path.join(path.dirname(model), name.replace(/\.[^.]*$/, '') + '.nn.json');
    if (fs.existsSync(target) && !o.force)
      throw new CliError(`${target}: already exists; give --force to replace it, or --into it to keep its settings`);
    let notes: string[];
    try {
      ({ text, notes } = importAsNewSpec(imported, name));
    } catch (err) {
      return fail(err);
    }
    for (const n of notes) out.err(`${target}: note: ${n}`);
  }
  // The result must be a valid spec before it lands: a failure here is a bug, and the file stays as it was.
  const { problems } = parseSpec(text, nodeSpecHost(path.resolve(target), o.allowedRoot), { maxNumbers: o.maxNumbers });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    throw new Error(`the imported spec has errors:\n${errors.map((p) => formatProblem(target, p)).join('\n')}`);
  const backup = replaceKeepingBackup(target, text, o.backup !== false);
  out.out(
    `${target}: ${o.into ? 'weights imported' : 'written'} from ${imported.format} ${name} (${shape(imported)}; ` +
      `${imported.network.layers.map((l) => l.activation).join(', ')})` +
      (backup ? `; the previous text is in ${backup}` : ''),
  );
  return 0;
}
