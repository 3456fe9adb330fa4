// Writes a spec as a standalone PyTorch training script that trains exactly as the engine does: same network,
// weights, loss, L2, optimizer, precision, data and mini-batch order, on one process or many (DDP).
import { parse as parseJsonc } from 'jsonc-parser';
import type { ActivationName, Dataset, ModelConfig, OptimizerConfig, Precision } from '../engine/types';
import type { Spec } from '../netspec';
import { PY_CELLS, PY_DATA_FILES, PY_RNG, PY_SAFETENSORS, PY_TRAIN } from './pytorchRuntime';
import { bridgeNetwork } from './network';
import { linearIndex, stateDictMetadata } from './stateDict';

export interface ScriptOptions {
  spec: Spec;
  /** The spec's text: CSV data is described there (file, columns, encoding). */
  specText: string;
  /** The spec file's name, for the header. */
  specFile: string;
  /** The script's file name without `.py`; the weights are `<stem>.safetensors` beside it. */
  stem: string;
  /** For CSV data: the CSV file's path relative to the script's folder, with '/' separators. */
  csvFromScript?: string;
  /** For data file references: the spec's folder relative to the script's folder, with '/' separators. */
  specDirFromScript?: string;
  precision: Precision;
  /** Backprop Studio's version, for the header. */
  version: string;
}

/** A float as a Python literal that reads back to the same float64 (JS and Python both print the shortest form). */
const py = (v: number): string => (Object.is(v, -0) ? '-0.0' : String(v));
const pyString = (s: string): string => JSON.stringify(s);
/** Text inside a """docstring""": backslashes and quotes escaped, so no name can end it or make a bad escape. */
const docText = (s: string): string => s.replace(/[\\"]/g, (c) => `\\${c}`);

/**
 * A file name as one word of a POSIX shell command, written into the docstring so that the line reads right in the
 * script's source: as it is when plain, else single-quoted, a quote inside written '"'"' (no backslash, which the
 * docstring would have to double). A backslash in the name is doubled and a run of double quotes, which could end the
 * docstring, escaped: the docstring stays valid Python whatever the name.
 */
const shellWord = (s: string): string => {
  const word = /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`;
  return word.replace(/\\/g, '\\\\').replace(/"(?=")/g, '\\"');
};

/** Activations whose nn module differs from the spec, written out with the spec's formula and derivative. */
const SPEC_MODULES: Partial<Record<ActivationName, string>> = {
  softplus: `
class Softplus(nn.Module):
    """softplus as the spec defines it: log(1 + exp(z)), computed stably for every z, derivative sigmoid(z).
    NOTE: nn.Softplus returns z itself above its threshold (z > 20); the spec never does."""

    def forward(self, z):
        return softplus(z)
`,
  elu: `
class ELU(nn.Module):
    """elu as the spec defines it: z for z > 0, else exp(z) - 1 (computed as expm1); derivative 1, else elu(z) + 1.
    NOTE: written out rather than nn.ELU so the formula and its rounding are the engine's."""

    def forward(self, z):
        return _Elu.apply(z)


class _Elu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        a = torch.where(z > 0, z, torch.expm1(z))
        ctx.save_for_backward(z, a)
        return a

    @staticmethod
    def backward(ctx, grad):
        z, a = ctx.saved_tensors
        return grad * torch.where(z > 0, torch.ones_like(a), a + 1)
`,
};

/** softplus with the spec's derivative, used by the Softplus module and by binary cross-entropy. */
const PY_SOFTPLUS = `
class _Softplus(torch.autograd.Function):
    """softplus(z) = z + log1p(exp(-z)) for z > 0, else log1p(exp(z)): finite for every z. The backward pass is
    sigmoid(z) itself (the engine's), not autograd's derivative of this formula."""

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return torch.where(z > 0, z + torch.log1p(torch.exp(-z)), torch.log1p(torch.exp(z)))

    @staticmethod
    def backward(ctx, grad):
        (z,) = ctx.saved_tensors
        return grad * torch.sigmoid(z)


softplus = _Softplus.apply
`;

/** The module expression of an activation, with a comment where the spec's choice needs saying. */
function moduleOf(f: ActivationName): string {
  switch (f) {
    case 'identity':
      return 'nn.Identity(),';
    case 'sigmoid':
      return 'nn.Sigmoid(),';
    case 'tanh':
      return 'nn.Tanh(),';
    case 'relu':
      return 'nn.ReLU(),  # derivative 0 at z = 0, as the spec says';
    case 'leaky-relu':
      return "nn.LeakyReLU(0.01),  # the spec's slope: 0.01 z for z <= 0 (derivative 0.01 at 0)";
    case 'elu':
      return "ELU(),  # the spec's elu (see the class above)";
    case 'softplus':
      return "Softplus(),  # the spec's softplus (see the class above)";
    case 'gelu':
      return 'nn.GELU(approximate="tanh"),  # the spec\'s gelu is the tanh form; nn.GELU\'s default is the erf form';
    case 'softmax':
      return 'nn.Softmax(dim=1),';
    default: {
      const unknown: never = f;
      throw new Error(`Internal error: no PyTorch module for ${String(unknown)}`);
    }
  }
}

function modelSection(model: ModelConfig, stem: string): string {
  let fanIn = model.input;
  const lines = model.layers.flatMap((layer, l) => {
    const linear = `        nn.Linear(${fanIn}, ${layer.units}),  # ${linearIndex(l)}: ${pyString(layer.name)}`;
    fanIn = layer.units;
    return [linear, `        ${moduleOf(layer.activation)}`];
  });
  const custom = [...new Set(model.layers.map((l) => l.activation))].flatMap((f) => SPEC_MODULES[f] ?? []);
  return `${custom.join('\n\n')}

def build_model():
    """The spec's layers as nn.Sequential, each Linear followed by its activation module, so the state_dict names
    are 0.weight, 0.bias, 2.weight, ...; the weights are read from ${docText(stem)}.safetensors beside this script."""
    model = nn.Sequential(
${lines.join('\n')}
    ).to(DTYPE)
    tensors, _ = read_safetensors(WEIGHTS)
    model.load_state_dict({name: t.to(DTYPE) for name, t in tensors.items()})
    return model
`;
}

/**
 * The data loss, divided as the spec's reduction says: by m·k for "mean" over outputs, by m for "sum". It is always
 * this batch's sum divided by the whole batch's divisor (never a stock module's own mean), so the shares of DDP ranks
 * add up to the single-process loss.
 */
function lossSection(model: ModelConfig): string {
  const sum = model.lossOutputs === 'sum';
  const over = sum ? 'm' : '(m k)';
  const divisor = sum ? 'count' : '(count * y.shape[1])';
  const reduction = `"outputs": "${model.lossOutputs}"`;
  // The same J in PyTorch's stock losses (the BCE one takes z, as the fused form here does).
  const stock = sum
    ? { mse: 'nn.MSELoss(reduction="sum")(a, y) / m', bce: 'nn.BCEWithLogitsLoss(reduction="sum")(z, y) / m' }
    : { mse: 'nn.MSELoss()(a, y) (reduction="mean")', bce: 'nn.BCEWithLogitsLoss()(z, y) (reduction="mean")' };
  const fused = `FUSED = True  # the loss reads the output layer's pre-activations z, as the engine's fused form does`;
  switch (model.loss) {
    case 'mse':
      return `
FUSED = False  # the loss reads the network's outputs a


def data_loss(a, y, count):
    """mse, ${reduction}: J = (1/${over}) sum (a - y)^2 over m samples and k outputs, which is PyTorch's
    ${stock.mse}. This batch's share, with m = count."""
    return ((a - y) ** 2).sum() / ${divisor}
`;
    case 'binary-cross-entropy':
      return `
${fused}


def data_loss(z, y, count):
    """binary-cross-entropy, ${reduction}: J = -(1/${over}) sum [y log a + (1 - y) log(1 - a)] over m samples and
    k outputs, a = sigmoid(z), which is PyTorch's ${stock.bce}.
    Written with -log sigmoid(z) = softplus(-z) so it stays finite; its gradient is (a - y)/${over}. This batch's
    share, with m = count."""
    return (y * softplus(-z) + (1 - y) * softplus(z)).sum() / ${divisor}
`;
    case 'cross-entropy':
      return `
${fused}


def data_loss(z, y, count):
    """cross-entropy: J = -(1/m) sum_i sum_c y_ic log softmax(z_i)_c over m samples (targets one-hot, as the spec's
    labels become), summed over the classes; in PyTorch's terms nn.CrossEntropyLoss() (reduction="mean" over the
    samples). Its gradient is (softmax(z) - y)/m. This batch's share, with m = count."""
    return -(y * torch.log_softmax(z, dim=1)).sum() / count
`;
  }
}

function optimizerSection(o: OptimizerConfig): string {
  const doc = {
    sgd: 'sgd: v = mu v + g; theta -= eta v (torch.optim.SGD with momentum is this form)',
    adam: 'adam: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; theta -= eta (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)',
    rmsprop: 'rmsprop: v = rho v + (1-rho) g^2; theta -= eta g / (sqrt(v) + eps)',
  }[o.type];
  const call = {
    sgd: () => o.type === 'sgd' && `torch.optim.SGD(params, lr=${py(o.learningRate)}, momentum=${py(o.momentum)})`,
    adam: () =>
      o.type === 'adam' &&
      `torch.optim.Adam(params, lr=${py(o.learningRate)}, betas=(${py(o.beta1)}, ${py(o.beta2)}), ` +
        `eps=${py(o.epsilon)})`,
    rmsprop: () =>
      o.type === 'rmsprop' &&
      `torch.optim.RMSprop(params, lr=${py(o.learningRate)}, alpha=${py(o.rho)}, eps=${py(o.epsilon)})`,
  }[o.type]();
  return `
def make_optimizer(params):
    """${doc}"""
    return ${call}
`;
}

/** Rows of a matrix as Python list lines. */
function rowsLiteral(values: Float64Array | Float32Array, width: number): string {
  const rows: string[] = [];
  for (let r = 0; r < values.length / width; r++)
    rows.push(`    [${Array.from(values.subarray(r * width, (r + 1) * width), py).join(', ')}],`);
  return rows.join('\n');
}

function embeddedData(data: Dataset, source: string): string {
  return `
# The spec's ${source}, embedded: inputs [rows, ${data.inputSize}] and targets [rows, ${data.outputSize}].
INPUTS = [
${rowsLiteral(data.inputs, data.inputSize)}
]
TARGETS = [
${rowsLiteral(data.targets, data.outputSize)}
]


def load_data():
    """Inputs and targets as float64 NumPy arrays."""
    return np.array(INPUTS, dtype=np.float64), np.array(TARGETS, dtype=np.float64)
`;
}

interface CsvSettings {
  csv: string;
  targetColumns: (string | number)[];
  inputColumns?: (string | number)[];
  header?: boolean;
  oneHot?: boolean;
  normalize?: string;
}

function csvData(csvPath: string, s: CsvSettings): string {
  const list = (cols: (string | number)[]): string =>
    `[${cols.map((c) => (typeof c === 'string' ? pyString(c) : c)).join(', ')}]`;
  return `
DATA_FILE = os.path.join(HERE, ${pyString(csvPath)})  # the spec's data.csv, from this script's folder
HEADER = ${(s.header ?? true) ? 'True' : 'False'}
TARGET_COLUMNS = ${list(s.targetColumns)}  # names (with a header) or 0-based indices
INPUT_COLUMNS = ${s.inputColumns ? list(s.inputColumns) : 'None  # every column that is not a target'}
ONE_HOT = ${s.oneHot ? 'True' : 'False'}  # the target column holds class names, one-hot encoded in sorted order
NORMALIZE = ${pyString(s.normalize ?? 'none')}  # "standard", "minmax" or "none", per input column


def load_data():
    """The CSV file read as the engine reads it: fields trimmed, empty lines skipped, columns picked by name or index,
    then one-hot encoding and per-column normalization with the training rows' statistics."""
    with open(DATA_FILE, newline="", encoding="utf-8-sig") as f:
        rows = [[cell.strip() for cell in row] for row in csv.reader(f)]
    rows = [row for row in rows if row and row != [""]]
    header = rows.pop(0) if HEADER else []
    column = lambda c: header.index(c) if isinstance(c, str) else c
    targets = [column(c) for c in TARGET_COLUMNS]
    inputs = [column(c) for c in INPUT_COLUMNS or []] or [j for j in range(len(rows[0])) if j not in targets]
    x = np.array([[number(row[j]) for j in inputs] for row in rows], dtype=np.float64)
    if ONE_HOT:
        classes = sorted({row[targets[0]] for row in rows})
        y = np.array([[1.0 if row[targets[0]] == c else 0.0 for c in classes] for row in rows], dtype=np.float64)
    else:
        y = np.array([[number(row[j]) for j in targets] for row in rows], dtype=np.float64)
    normalize(x, training_rows(len(x)), NORMALIZE)
    return x, y
`;
}

/** A JSON value (a spec's data source) as a Python literal. */
function pyLiteral(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return py(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(v as object)
    .map(([k, x]) => `${pyString(k)}: ${pyLiteral(x)}`)
    .join(', ')}}`;
}

type Sources = Record<'inputs' | 'targets' | 'labels', unknown>;

/** Data whose sources are file references (or inline rows beside them): read from the same files with NumPy. */
function fileData(o: ScriptOptions): string {
  const data = (parseJsonc(o.specText) as { data: Partial<Sources> & { validation?: Partial<Sources> } }).data;
  const split = (s: Partial<Sources>): string =>
    `{${(['inputs', 'targets', 'labels'] as const)
      .filter((role) => s[role] !== undefined)
      .map((role) => `\n    ${pyString(role)}: ${pyLiteral(s[role])},`)
      .join('')}\n}`;
  const inputs = data.inputs as { normalize?: string } | undefined;
  const model = o.spec.model;
  return `
SPEC_DIR = os.path.join(HERE, ${pyString(o.specDirFromScript ?? '.')})  # data files are relative to the spec's folder
OUTPUTS = ${model.layers[model.layers.length - 1].units}  # output units: class labels become one-hot rows this wide
NUMPY_DTYPE = np.${o.precision}
# The spec's data sources: inline rows, or file references read as the engine reads them.
TRAINING_DATA = ${split(data)}
VALIDATION_DATA = ${data.validation ? split(data.validation) : 'None'}  # appended after the training rows, held out
NORMALIZE = ${pyString(inputs?.normalize ?? 'none')}  # "standard", "minmax" or "none", per input column

${PY_DATA_FILES.trim()}


def load_data():
    """Inputs and targets as float64 NumPy arrays: the training sources, then any validation set, then per-column
    normalization with the training rows' statistics."""
    splits = [TRAINING_DATA] + ([VALIDATION_DATA] if VALIDATION_DATA else [])
    x = np.concatenate([read_source(s["inputs"], "inputs") for s in splits])
    y = np.concatenate([read_source(s.get("targets", s.get("labels")), "targets" if "targets" in s else "labels")
                        for s in splits])
    normalize(x, training_rows(len(x)), NORMALIZE)
    return x, y
`;
}

/** The `data` settings of a spec whose data is a CSV file (the spec's text is valid: parseSpec accepted it). */
export function csvSettings(specText: string): CsvSettings | undefined {
  const data = (parseJsonc(specText) as { data?: Partial<CsvSettings> } | undefined)?.data;
  return typeof data?.csv === 'string' && Array.isArray(data.targetColumns) ? (data as CsvSettings) : undefined;
}

function dataSection(o: ScriptOptions): string {
  const { spec } = o;
  if (!spec.data) throw new Error('Internal error: a script needs a spec with data');
  if (spec.dataSource === 'csv') {
    const data = csvSettings(o.specText);
    if (!data || o.csvFromScript === undefined) throw new Error('Internal error: CSV data without its settings');
    return csvData(o.csvFromScript, data);
  }
  if (spec.dataSource === 'file') return fileData(o);
  return embeddedData(spec.data, spec.dataSource === 'generator' ? 'generated data (as the engine drew it)' : 'data');
}

/** The script's text. */
export function pytorchScript(o: ScriptOptions): string {
  const { model } = o.spec;
  const t = model.training;
  // The file names as the docstring shows them; in its commands, as a shell reads them (a name may hold spaces).
  const [stem, specFile] = [docText(o.stem), docText(o.specFile)];
  const [script, specArg] = [shellWord(`${o.stem}.py`), shellWord(o.specFile)];
  const needsSoftplus = model.loss === 'binary-cross-entropy' || model.layers.some((l) => l.activation === 'softplus');
  const header = `#!/usr/bin/env python3
"""${docText(o.spec.name)}: the Backprop Studio spec ${specFile} as a standalone PyTorch training script.

Generated by Backprop Studio ${o.version}. It trains as \`backprop train\` does: the same network and weights
(${stem}.safetensors beside this file), loss, L2 term, optimizer, precision, data and mini-batch order, so after
K steps in float64 its weights equal the engine's to round-off.

    python3 ${script} --steps 20 --out trained.safetensors     # one process
    torchrun --nproc_per_node=4 ${script}                       # DistributedDataParallel (gloo on CPU, NCCL on GPU)
    python3 ${script} --spawn 2 --steps 20                      # the same DDP training, without torchrun

Needs torch and numpy. Bring the trained weights back with
    backprop import trained.safetensors --into ${specArg}
"""
import argparse
import csv
import gzip
import io
import json
import math
import os
import socket
import struct
import sys

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = ${pyString(o.spec.name)}
NAME_STEM = ${pyString(o.stem)}
WEIGHTS = os.path.join(HERE, ${pyString(`${o.stem}.safetensors`)})
METADATA = ${JSON.stringify(stateDictMetadata(bridgeNetwork(o.spec.name, model, []), model), null, 4)}

# The spec's training settings.
SEED = ${model.seed}  # seeds the mini-batch shuffle (the engine's "shuffle" stream)
EPOCHS = ${t.epochs}
BATCH_SIZE = ${t.batchSize}  # the last batch of an epoch may be smaller
SHUFFLE = ${t.shuffle ? 'True' : 'False'}
L2 = ${py(t.l2)}  # J += (L2/2) * sum of every squared weight (not the biases)
${
  o.spec.data?.heldOut === undefined
    ? `VALIDATION_SPLIT = ${py(t.validationSplit)}  # the last floor(split * rows) rows are held out`
    : `HELD_OUT = ${o.spec.data.heldOut}  # the rows of data.validation, after the training rows`
}
DTYPE = torch.${o.precision}`;
  const split =
    o.spec.data?.heldOut === undefined
      ? `
def training_rows(rows):
    """How many of the data's first rows train: the last floor(VALIDATION_SPLIT * rows) rows are held out."""
    return rows - math.floor(VALIDATION_SPLIT * rows)
`
      : `
def training_rows(rows):
    """How many of the data's first rows train: the last HELD_OUT rows are the validation set."""
    return rows - HELD_OUT
`;
  const l2 = `
def l2_penalty(model):
    """(L2/2) * sum of W^2 over every Linear's weight; biases are not regularized."""
    return 0.5 * L2 * sum((m.weight**2).sum() for m in model if isinstance(m, nn.Linear))
`;
  const sections = [
    header,
    needsSoftplus ? PY_SOFTPLUS : '',
    modelSection(model, o.stem),
    lossSection(model),
    l2,
    optimizerSection(model.optimizer),
    split,
    o.spec.dataSource === 'csv' || o.spec.dataSource === 'file' ? PY_CELLS : '',
    dataSection(o),
    PY_RNG,
    PY_SAFETENSORS,
    PY_TRAIN,
  ];
  // Two blank lines between top-level sections, as PEP 8 has them.
  return (
    sections
      .map((section) => section.trim())
      .filter((section) => section !== '')
      .join('\n\n\n') + '\n'
  );
}
