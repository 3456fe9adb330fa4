// Export and import as the CLI and the editor both do them: a spec (with its weights) to the files of a format, and
// a model file to a new spec or into an existing one. File access stays with the callers.
import type { Precision } from '../engine/types';
import { unwritableReason, weightEdits, type Spec, type TextEdit } from '../netspec';
import { bridgeNetwork, InteropError, type BridgeNetwork } from './network';
import { exportOnnx } from './onnx/export';
import { importOnnx } from './onnx/import';
import { pytorchScript } from './pytorchScript';
import { readSafetensors, writeSafetensors } from './safetensors';
import { defaultLoss, newSpecText, weightsForSpec } from './specWrite';
import { layersFromStateDict, META, stateDictMetadata, stateDictTensors } from './stateDict';

export const EXPORT_FORMATS = ['onnx', 'safetensors', 'pytorch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file extension of each format's main file. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  onnx: '.onnx',
  safetensors: '.safetensors',
  pytorch: '.py',
};

export interface ExportRequest {
  spec: Spec;
  specText: string;
  /** The spec's file name (for the script's header). */
  specFile: string;
  /** The weights to export: the spec's own, or a trained session's. */
  theta: ArrayLike<number>;
  format: ExportFormat;
  precision: Precision;
  /** ONNX: output the last layer's pre-activations instead of its activation. */
  logits?: boolean;
  /** The main file's name (e.g. `xor.onnx`, `xor.py`); the script's weights go beside it as `<stem>.safetensors`. */
  fileName: string;
  /** PyTorch with CSV data: the CSV's path relative to the script's folder. */
  csvFromScript?: string;
  /** PyTorch with data file references: the spec's folder relative to the script's folder. */
  specDirFromScript?: string;
  version: string;
}

export interface ExportedFile {
  /** A file name in the output folder. */
  name: string;
  bytes: Uint8Array;
}

const stemOf = (fileName: string): string => fileName.replace(/\.[^.]*$/, '');

/** The files an export writes, main file first. */
export function exportModel(r: ExportRequest): ExportedFile[] {
  const net = bridgeNetwork(r.spec.name, r.spec.model, r.theta);
  const { loss, lossOutputs } = r.spec.model;
  const safetensors = (): Uint8Array =>
    writeSafetensors(stateDictTensors(net, r.precision), stateDictMetadata(net, r.spec.model));
  switch (r.format) {
    case 'onnx':
      return [
        {
          name: r.fileName,
          bytes: exportOnnx(net, {
            precision: r.precision,
            logits: r.logits,
            producerVersion: r.version,
            metadata: {
              [META.loss]: loss,
              [META.lossOutputs]: lossOutputs,
              'backprop.output': r.logits ? 'logits' : 'activation',
            },
          }),
        },
      ];
    case 'safetensors':
      return [{ name: r.fileName, bytes: safetensors() }];
    case 'pytorch': {
      if (!r.spec.data)
        throw new InteropError(`has no "data"; the PyTorch script trains on the spec's data, so add some first`);
      const stem = stemOf(r.fileName);
      const script = pytorchScript({ ...r, stem });
      return [
        { name: r.fileName, bytes: new TextEncoder().encode(script) },
        { name: `${stem}.safetensors`, bytes: safetensors() },
      ];
    }
  }
}

export interface ImportedModel {
  format: 'onnx' | 'safetensors';
  network: BridgeNetwork;
  /** Whether the file says which activation each layer uses (ONNX always does; safetensors only from this project). */
  activationsKnown: boolean;
  /** safetensors: whether the names follow nn.Sequential's layout, so a new spec can be made from the file alone. */
  sequential: boolean;
  /** safetensors: each layer's module path (its tensors are `<path>.weight`, `<path>.bias`). */
  modules?: string[];
  /** The loss the file names, if any. */
  loss?: string;
  /** The loss's reduction over outputs the file names, if any (unchecked). */
  lossOutputs?: string;
}

/** Whether bytes look like safetensors: a header length that fits, then a JSON object. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10) return false;
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  return n <= bytes.length - 8 && bytes[8] === 0x7b;
}

/** Reads a model file (ONNX or safetensors, by extension, else by content). */
export function importModel(bytes: Uint8Array, fileName: string): ImportedModel {
  const ext = /\.[^.]*$/.exec(fileName)?.[0].toLowerCase();
  const safetensors = ext === '.safetensors' || (ext !== '.onnx' && looksLikeSafetensors(bytes));
  if (!safetensors) {
    const onnx = importOnnx(bytes);
    return {
      format: 'onnx',
      network: onnx.network,
      activationsKnown: true,
      sequential: true,
      ...(onnx.metadata[META.loss] ? { loss: onnx.metadata[META.loss] } : {}),
      ...(onnx.metadata[META.lossOutputs] ? { lossOutputs: onnx.metadata[META.lossOutputs] } : {}),
    };
  }
  const file = readSafetensors(bytes);
  const dict = layersFromStateDict(file.tensors, file.metadata, stemOf(fileName.replace(/^.*[\\/]/, '')));
  return { format: 'safetensors', ...dict };
}

/** A new spec from an imported model, and what the user must still do (activations, loss, data). */
export function importAsNewSpec(m: ImportedModel, source: string): { text: string; notes: string[] } {
  refuseUnwritable(
    m.network.layers.map((l) => ({
      name: l.name,
      weights: Array.from({ length: l.units }, (_, j) =>
        Array.from(l.weights.subarray(j * l.fanIn, (j + 1) * l.fanIn)),
      ),
      biases: Array.from(l.biases),
    })),
  );
  if (!m.sequential)
    throw new InteropError(
      `holds tensors named ${(m.modules ?? []).map((p) => `"${p}.weight"`).join(', ')}, not nn.Sequential's ` +
        `0.weight, 0.bias, 2.weight, …; import it into an existing spec with --into SPEC (layers matched in order)`,
    );
  const { loss, outputs, guessed } = defaultLoss(m.network, m.loss, m.lossOutputs);
  const notes: string[] = [];
  if (!m.activationsKnown)
    notes.push(
      `${source} stores weights only: every layer's "activation" is "identity" and the loss "${loss}" for now; ` +
        `set them to your model's`,
    );
  else if (guessed) notes.push(`${source} names no loss: "${loss}" fits its output activation; check it`);
  notes.push('add "data" (and "optimizer", "training") to train it');
  const text = newSpecText(m.network, {
    loss,
    outputs,
    header: [`Imported from ${source} by Backprop Studio.`, ...notes.map((n) => `${n[0].toUpperCase()}${n.slice(1)}.`)],
    activationNote: m.activationsKnown ? undefined : 'set this: the weights file does not say',
    lossNote: m.activationsKnown && !guessed ? undefined : 'check this: the model file does not say',
  });
  return { text, notes };
}

/** The minimal text edits that write the model's weights into the spec's layers, and warnings. */
export function importIntoSpec(m: ImportedModel, spec: Spec, text: string): { edits: TextEdit[]; warnings: string[] } {
  const { layers, warnings } = weightsForSpec(m.network, spec.model, m.activationsKnown);
  refuseUnwritable(layers.map((l, i) => ({ ...l, name: spec.model.layers[i]?.name })));
  return { edits: weightEdits(text, layers), warnings };
}

/** A model whose values a spec cannot hold (what `backprop check` would refuse) is refused before any text is made. */
function refuseUnwritable(layers: Parameters<typeof unwritableReason>[0]): void {
  const refused = unwritableReason(layers);
  if (refused) throw new InteropError(`holds values no spec can: ${refused}; nothing was written`);
}
