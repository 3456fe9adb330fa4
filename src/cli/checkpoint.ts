// Checkpoints of `train --checkpoint` / `--resume`: a run's full state as versioned JSON, checked against the spec.
import { createHash } from 'crypto';
import type { Dataset, ModelConfig, Precision, RngState, TrainerState } from '../engine';
import { version } from '../../package.json';
import { readSpecText } from './load';
import { CliError } from './output';

export const CHECKPOINT_FORMAT = 'backprop-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** The settings a run depends on; a checkpoint continues exactly only when the spec still has the same ones. */
interface Settings {
  loss: string;
  optimizer: ModelConfig['optimizer'];
  batchSize: number;
  shuffle: boolean;
  l2: number;
}

/**
 * The file: numbers that must come back bit for bit (parameters, optimizer vectors, the row order) are base64 of
 * little-endian float64 (uint32 for the order); JSON's decimal numbers would lose -0.
 */
interface CheckpointFile {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  writtenBy: string;
  /** [input, units…]. */
  shape: number[];
  precision: Precision;
  /** sha256 of the data set's sizes, inputs and targets: the rows the run was shuffling. */
  data: string;
  settings: Settings;
  step: number;
  epoch: number;
  cursor: number;
  shuffleRng: RngState;
  order: string;
  params: string;
  optimizer: { type: string; updates: number; vectors: string[] };
}

/** A checkpoint read back, ready to restore; `warnings` name what differs from the spec without preventing it. */
export interface LoadedCheckpoint {
  state: TrainerState;
  precision: Precision;
  warnings: string[];
}

/** The checkpoint text of a run of `model` over `data` in `precision`. */
export function checkpointText(model: ModelConfig, data: Dataset, precision: Precision, state: TrainerState): string {
  const file: CheckpointFile = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    writtenBy: `backprop ${version}`,
    shape: shapeOf(model),
    precision,
    data: dataHash(data),
    settings: settingsOf(model),
    step: state.step,
    epoch: state.epoch,
    cursor: state.cursor,
    shuffleRng: state.shuffleRng,
    order: encode(state.order),
    params: encode(state.params),
    optimizer: {
      type: model.optimizer.type,
      updates: state.optimizer.updates,
      vectors: state.optimizer.vectors.map(encode),
    },
  };
  return JSON.stringify(file, null, 1) + '\n';
}

/**
 * Reads and checks a checkpoint for a run of `model` over `data`; a CliError says what is wrong with it, or why it
 * belongs to another network.
 */
export function readCheckpoint(file: string, model: ModelConfig, data: Dataset): LoadedCheckpoint {
  const fail = (why: string): never => {
    throw new CliError(`${file}: ${why}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readSpecText(file));
  } catch (err) {
    if (err instanceof CliError) throw err;
    return fail(`is not a checkpoint: not valid JSON (${(err as Error).message})`);
  }
  const c = raw as Partial<CheckpointFile> | null;
  if (typeof c !== 'object' || c === null || c.format !== CHECKPOINT_FORMAT)
    return fail(`is not a checkpoint (no "format": "${CHECKPOINT_FORMAT}"); make one with train --checkpoint FILE`);
  if (c.version !== CHECKPOINT_VERSION)
    return fail(
      `is a version ${String(c.version)} checkpoint; this backprop (${version}) reads version ${CHECKPOINT_VERSION}`,
    );
  const shape = shapeOf(model);
  const field = <T>(key: keyof CheckpointFile, ok: (v: unknown) => v is T, what: string): T => {
    const v = c[key];
    return ok(v) ? v : fail(`"${key}" must be ${what}; the file is damaged`);
  };
  const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  const savedShape = field('shape', (v): v is number[] => Array.isArray(v) && v.every(count), 'a list of sizes');
  if (savedShape.join('-') !== shape.join('-'))
    fail(
      `is a checkpoint of a ${savedShape.join('-')} network; this spec's network is ${shape.join('-')}. Resume with ` +
        'the checkpoint of this spec, or train from the spec without --resume',
    );
  const opt = field(
    'optimizer',
    (v): v is CheckpointFile['optimizer'] => typeof v === 'object' && v !== null,
    'an object',
  );
  if (opt.type !== model.optimizer.type)
    fail(
      `was made with the ${String(opt.type)} optimizer; this spec uses ${model.optimizer.type}, whose state differs. ` +
        "Set the spec's optimizer back, or train from the spec without --resume",
    );
  const precision = field(
    'precision',
    (v): v is Precision => v === 'float32' || v === 'float64',
    '"float32" or "float64"',
  );
  if (!Array.isArray(opt.vectors) || !count(opt.updates)) fail('"optimizer" lacks its state; the file is damaged');
  const state: TrainerState = {
    step: field('step', count, 'a whole number'),
    epoch: field('epoch', count, 'a whole number'),
    cursor: field('cursor', count, 'a whole number'),
    order: decodeU32(field('order', isString, 'base64 text'), (why) => fail(`"order" ${why}`)),
    shuffleRng: field('shuffleRng', (v): v is RngState => Array.isArray(v) && v.length === 4, 'four numbers'),
    params: decodeF64(field('params', isString, 'base64 text'), (why) => fail(`"params" ${why}`)),
    optimizer: {
      updates: opt.updates,
      vectors: opt.vectors.map((v, i) =>
        typeof v === 'string'
          ? decodeF64(v, (why) => fail(`"optimizer.vectors[${i}]" ${why}`))
          : fail(`"optimizer.vectors[${i}]" must be base64 text; the file is damaged`),
      ),
    },
  };
  const warnings: string[] = [];
  if (c.data !== dataHash(data))
    warnings.push(
      'the data differs from the data the checkpoint was trained on, so the run will not match one uninterrupted run',
    );
  const saved = c.settings;
  const now = settingsOf(model);
  for (const key of Object.keys(now) as (keyof Settings)[]) {
    const before = JSON.stringify(saved?.[key]);
    const after = JSON.stringify(now[key]);
    if (before !== after)
      warnings.push(
        `${key} changed since the checkpoint (${before ?? 'absent'} → ${after}); continuing with the spec's`,
      );
  }
  return { state, precision, warnings };
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function shapeOf(model: ModelConfig): number[] {
  return [model.input, ...model.layers.map((l) => l.units)];
}

function settingsOf(model: ModelConfig): Settings {
  const { batchSize, shuffle, l2 } = model.training;
  return { loss: model.loss, optimizer: model.optimizer, batchSize, shuffle, l2 };
}

function dataHash(data: Dataset): string {
  const h = createHash('sha256');
  h.update(`${data.rows} ${data.inputSize} ${data.outputSize}\n`);
  h.update(new Uint8Array(data.inputs.buffer, data.inputs.byteOffset, data.inputs.byteLength));
  h.update(new Uint8Array(data.targets.buffer, data.targets.byteOffset, data.targets.byteLength));
  return h.digest('hex');
}

function encode(values: Float64Array | Uint32Array): string {
  const wide = values instanceof Float64Array;
  const b = Buffer.alloc(values.length * (wide ? 8 : 4));
  values.forEach((v, i) => (wide ? b.writeDoubleLE(v, i * 8) : b.writeUInt32LE(v, i * 4)));
  return b.toString('base64');
}

function bytes(text: string, size: number, fail: (why: string) => never): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) fail('is not base64; the file is damaged');
  const b = Buffer.from(text, 'base64');
  if (b.length % size !== 0) fail('is cut short; the file is damaged');
  return b;
}

function decodeF64(text: string, fail: (why: string) => never): Float64Array {
  const b = bytes(text, 8, fail);
  return Float64Array.from({ length: b.length / 8 }, (_, i) => b.readDoubleLE(i * 8));
}

function decodeU32(text: string, fail: (why: string) => never): Uint32Array {
  const b = bytes(text, 4, fail);
  return Uint32Array.from({ length: b.length / 4 }, (_, i) => b.readUInt32LE(i * 4));
}
