// "Backprop: Export…" and "Backprop: Import Model…": the interop bridges behind quick picks and file dialogs. A spec
// with a training session exports the session's trained weights. The bridges (dist/interop.js, with protobufjs) load
// on the first export or import, not at activation.
import * as path from 'path';
import * as vscode from 'vscode';
import { initialParams, ParamLayout } from '../../engine';
import type * as Interop from '../../interop';
import type { ExportFormat, ImportedModel } from '../../interop';
import type { Spec } from '../../netspec';
import { isSpecDocument, type SpecAnalyzer } from '../editor/specAnalyzer';
import { showFailure } from '../platform/failures';
import type { Probe } from '../testing/probe';
import { UserError } from '../platform/userError';
import type { Sessions } from '../sessions/registry';
import { pickSpec, targetSpec } from './pickSpec';

interface FormatItem extends vscode.QuickPickItem {
  format: ExportFormat;
  logits?: boolean;
}

const FORMATS: FormatItem[] = [
  {
    label: 'ONNX',
    description: '.onnx',
    detail: 'The network and its output activation, for ONNX Runtime',
    format: 'onnx',
  },
  {
    label: 'ONNX, logits',
    description: '.onnx',
    detail: "The network without its output activation (the last layer's pre-activations)",
    format: 'onnx',
    logits: true,
  },
  {
    label: 'safetensors',
    description: '.safetensors',
    detail: 'The weights as a PyTorch nn.Sequential state_dict (0.weight, 0.bias, 2.weight, …)',
    format: 'safetensors',
  },
  {
    label: 'PyTorch training script',
    description: '.py + .safetensors',
    detail: 'A standalone script that trains as the engine does, on one process or many (DistributedDataParallel)',
    format: 'pytorch',
  },
];

/** Skips the dialogs (for tests and scripted use): the format and the file to write. */
export interface ExportArgs {
  format: ExportFormat;
  logits?: boolean;
  target: vscode.Uri;
}

/** Skips the dialogs of an import: write the weights into a spec, or a new spec to `target`. */
export type ImportArgs = { into: vscode.Uri } | { target: vscode.Uri };

const asUserError = (io: typeof Interop, err: unknown, file: string): unknown =>
  err instanceof io.InteropError ? new UserError(`${file}: ${err.message}`) : err;

/** The spec's current analysis, or a refusal saying to fix it first. */
function validSpec(analyzer: SpecAnalyzer, doc: vscode.TextDocument): Spec {
  const spec = analyzer.get(doc)?.result.spec;
  if (!spec)
    throw new UserError(
      `${vscode.workspace.asRelativePath(doc.uri)} has errors; fix them first (see the Problems view).`,
    );
  return spec;
}

/** The session's trained weights when it trains this very network, else the spec's own (with which it is). */
async function weightsToExport(
  sessions: Sessions,
  uri: vscode.Uri,
  spec: Spec,
): Promise<{ theta: ArrayLike<number>; trainedSteps?: number }> {
  const session = sessions.get(uri);
  const size = new ParamLayout(spec.model).size;
  const shape = [spec.model.input, ...spec.model.layers.map((l) => l.units)];
  if (session && session.shape.join() === shape.join()) {
    const snapshot = session.status === 'crashed' ? session.state.snapshot : await session.snapshotNow();
    if (snapshot && snapshot.params.length === size) return { theta: snapshot.params, trainedSteps: snapshot.step };
  }
  return { theta: initialParams(spec.model) };
}

async function exportSpec(
  io: typeof Interop,
  sessions: Sessions,
  analyzer: SpecAnalyzer,
  version: string,
  uri: vscode.Uri,
  args?: ExportArgs,
): Promise<vscode.Uri[] | undefined> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const spec = validSpec(analyzer, doc);
  const choice =
    args ?? (await vscode.window.showQuickPick(FORMATS, { title: `Export ${spec.name}`, placeHolder: 'Format' }));
  if (!choice) return undefined;
  const stem = path.basename(uri.fsPath).replace(/(\.nn)?\.json$/i, '');
  const ext = io.EXPORT_EXTENSIONS[choice.format];
  const target =
    args?.target ??
    (await vscode.window.showSaveDialog({
      title: `Export ${spec.name} as ${'label' in choice ? choice.label : choice.format}`,
      defaultUri: vscode.Uri.joinPath(uri, '..', stem + ext),
      filters: { [choice.format === 'pytorch' ? 'Python script' : choice.format]: [ext.slice(1)] },
    }));
  if (!target) return undefined;
  const { theta, trainedSteps } = await weightsToExport(sessions, uri, spec);
  const dir = path.dirname(target.fsPath);
  const csv = spec.dataSource === 'csv' ? io.csvSettings(doc.getText())?.csv : undefined;
  let files;
  try {
    files = io.exportModel({
      spec,
      specText: doc.getText(),
      specFile: path.basename(uri.fsPath),
      theta,
      format: choice.format,
      precision: spec.model.training.precision,
      logits: choice.logits,
      fileName: path.basename(target.fsPath),
      csvFromScript:
        csv &&
        path
          .relative(dir, path.resolve(path.dirname(uri.fsPath), csv))
          .split(path.sep)
          .join('/'),
      specDirFromScript: path.relative(dir, path.dirname(uri.fsPath)).split(path.sep).join('/') || '.',
      version,
    });
  } catch (err) {
    throw asUserError(io, err, vscode.workspace.asRelativePath(uri));
  }
  const written = files.map((f) => vscode.Uri.file(path.join(dir, f.name)));
  await Promise.all(files.map((f, i) => vscode.workspace.fs.writeFile(written[i], f.bytes)));
  const weights = trainedSteps === undefined ? "the spec's weights" : `the weights trained for ${trainedSteps} steps`;
  void vscode.window.showInformationMessage(
    `Exported ${spec.name} with ${weights} to ${files.map((f) => f.name).join(' and ')}.`,
  );
  return written;
}

async function chooseModel(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const chosen = await vscode.window.showOpenDialog({
    title: 'Import Model',
    canSelectMany: false,
    filters: { 'ONNX or safetensors': ['onnx', 'safetensors'] },
  });
  return chosen?.[0];
}

/**
 * Where the import goes: a new spec, the active spec (its editor's, else its focused panel's), or another spec chosen
 * from the workspace.
 */
async function chooseDestination(
  model: vscode.Uri,
  panelSpec: vscode.Uri | undefined,
): Promise<ImportArgs | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const activeSpec = active && isSpecDocument(active) ? active.uri : panelSpec;
  const items: (vscode.QuickPickItem & { pick: () => Promise<ImportArgs | undefined> })[] = [
    {
      label: 'New spec…',
      detail: 'A new *.nn.json with the network and its weights',
      pick: async () => {
        const target = await vscode.window.showSaveDialog({
          title: 'Import Model as a New Spec',
          defaultUri: vscode.Uri.joinPath(
            model,
            '..',
            path.basename(model.fsPath).replace(/\.[^.]*$/, '') + '.nn.json',
          ),
          filters: { 'Network spec': ['nn.json'] },
        });
        return target && { target };
      },
    },
    ...(activeSpec
      ? [
          {
            label: `Into ${vscode.workspace.asRelativePath(activeSpec)}`,
            detail: "Replace this spec's weights (layers matched in order, shapes checked; undoable)",
            pick: () => Promise.resolve({ into: activeSpec }),
          },
        ]
      : []),
    {
      label: 'Into another spec…',
      detail: "Replace an existing spec's weights",
      pick: async () => {
        const into = await pickSpec('Import Model Into');
        return into && { into };
      },
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Import ${path.basename(model.fsPath)}` });
  return picked?.pick();
}

async function importInto(
  io: typeof Interop,
  analyzer: SpecAnalyzer,
  imported: ImportedModel,
  model: string,
  uri: vscode.Uri,
): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const spec = validSpec(analyzer, doc);
  let result;
  try {
    result = io.importIntoSpec(imported, spec, doc.getText());
  } catch (err) {
    throw asUserError(io, err, model);
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of result.edits)
    edit.replace(uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.newText);
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new UserError('VS Code refused the edit (was the file changed meanwhile?).');
  await vscode.window.showTextDocument(doc, { preview: false });
  for (const w of result.warnings) void vscode.window.showWarningMessage(`Backprop: ${w}`);
}

async function importFile(
  io: typeof Interop,
  analyzer: SpecAnalyzer,
  panelSpec: vscode.Uri | undefined,
  arg: unknown,
  args?: ImportArgs,
): Promise<vscode.Uri | undefined> {
  const model = await chooseModel(arg);
  if (!model) return undefined;
  const name = path.basename(model.fsPath);
  let imported: ImportedModel;
  try {
    imported = io.importModel(await vscode.workspace.fs.readFile(model), name);
  } catch (err) {
    throw asUserError(io, err, name);
  }
  const where = args ?? (await chooseDestination(model, panelSpec));
  if (!where) return undefined;
  if ('into' in where) {
    await importInto(io, analyzer, imported, name, where.into);
    return where.into;
  }
  let made;
  try {
    made = io.importAsNewSpec(imported, name);
  } catch (err) {
    throw asUserError(io, err, name);
  }
  await vscode.workspace.fs.writeFile(where.target, new TextEncoder().encode(made.text));
  await vscode.window.showTextDocument(where.target, { preview: false });
  void vscode.window.showInformationMessage(`Imported ${name}: ${made.notes.join('; ')}.`);
  return where.target;
}

/**
 * Registers backprop.export (spec?, ExportArgs?) and backprop.importModel (model?, ImportArgs?). `panelSpec` is the
 * spec of the focused panel: from there the palette's Export and Import act on what the panel shows, as Train does.
 */
export function registerModelCommands(
  sessions: Sessions,
  analyzer: SpecAnalyzer,
  version: string,
  probe: Probe | undefined,
  interop: () => typeof Interop,
  panelSpec: () => vscode.Uri | undefined,
): vscode.Disposable {
  const guarded =
    <A extends unknown[], T>(title: string, run: (...args: A) => Promise<T>) =>
    async (...args: A): Promise<T | undefined> => {
      try {
        return await run(...args);
      } catch (err) {
        showFailure(err, `running ${title}`, probe);
        return undefined;
      }
    };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(
      'backprop.export',
      guarded('Export', async (arg?: unknown, args?: ExportArgs) => {
        const uri = await targetSpec(arg, 'Export', panelSpec());
        return uri && exportSpec(interop(), sessions, analyzer, version, uri, args);
      }),
    ),
    vscode.commands.registerCommand(
      'backprop.importModel',
      guarded('Import Model', (arg?: unknown, args?: ImportArgs) =>
        importFile(interop(), analyzer, panelSpec(), arg, args),
      ),
    ),
  );
}
