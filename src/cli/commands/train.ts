// `backprop train FILE`: trains for the spec's epochs (or --steps/--epochs), with a progress line on a terminal.
import * as fs from 'fs';
import { nextSliceSteps, Trainer, type Precision } from '../../engine';
import { applyTextEdits, weightEdits } from '../../netspec';
import { writeAtomically } from '../files';
import { divergenceLine, loadSpec, requireData, type SpecAccess } from '../load';
import { CliError, toJson, type Output } from '../output';
import { fmt } from '../tables';

export interface TrainOptions extends SpecAccess {
  steps?: number;
  epochs?: number;
  precision?: Precision;
  write?: boolean;
  digits?: number;
  json?: boolean;
  /** Stops training early (Ctrl+C): the steps done so far still count and can be written. */
  signal?: AbortSignal;
}

/** Work between two looks at the clock and the signal: long enough to be cheap, short enough to stay responsive. */
const SLICE_MS = 50;

export async function trainCommand(file: string, options: TrainOptions, out: Output): Promise<number> {
  const loaded = loadSpec(file, out, options);
  const { model } = loaded.spec;
  const trainer = new Trainer(model, requireData(loaded), options.precision ?? model.training.precision);
  const total = options.steps ?? (options.epochs ?? model.training.epochs) * trainer.stepsPerEpoch;
  const lossBefore = trainer.trainingLoss();
  const started = performance.now();
  let slice = 1;
  let lastDraw = 0;
  while (trainer.step < total && !trainer.divergence && !options.signal?.aborted) {
    const t0 = performance.now();
    trainer.runSteps(Math.min(slice, total - trainer.step));
    const dt = performance.now() - t0;
    slice = nextSliceSteps(slice, dt, SLICE_MS);
    if (out.progress && t0 - lastDraw > 100) {
      lastDraw = t0;
      out.progress(progressLine(trainer, total, started));
    }
    // Yield so Ctrl+C (and anything else pending) is handled between slices.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (out.progress) out.progress(progressLine(trainer, total, started) + '\n');
  const seconds = (performance.now() - started) / 1000;
  const loss = trainer.trainingLoss();
  const validationLoss = trainer.validationLoss();
  const layers = trainer.net.layout.unflatten(trainer.net.params);
  const d = trainer.divergence;
  if (d) out.err(divergenceLine(loaded, d));
  else if (options.signal?.aborted) out.err(`${file}: stopped after ${trainer.step} of ${total} steps`);

  if (options.write) {
    if (d) throw new CliError(`${file}: not writing weights: training diverged`);
    const edits = weightEdits(loaded.text, layers, { digits: options.digits });
    if (fs.readFileSync(file, 'utf8') !== loaded.text)
      throw new CliError(`${file}: not writing weights: the file changed while training`);
    writeAtomically(file, applyTextEdits(loaded.text, edits));
    out.err(`${file}: wrote trained weights (${edits.length} edit${edits.length === 1 ? '' : 's'})`);
  }

  if (options.json) {
    out.out(
      toJson({
        steps: trainer.step,
        loss,
        ...(validationLoss === undefined ? {} : { validationLoss }),
        layers,
        ...(d ? { divergence: d } : {}),
      }),
    );
  } else {
    const rate = trainer.step / Math.max(seconds, 1e-9);
    out.out(
      `${loaded.spec.name}: ${trainer.step} steps (${trainer.epoch} epochs) in ${seconds.toFixed(2)} s, ` +
        `${Math.round(rate).toLocaleString('en-US')} steps/s; loss ${fmt(lossBefore)} → ${fmt(loss)}` +
        (validationLoss === undefined ? '' : `, validation loss ${fmt(validationLoss)}`),
    );
  }
  return d ? 1 : 0;
}

function progressLine(t: Trainer, total: number, started: number): string {
  const width = 24;
  const done = Math.round((t.step / Math.max(total, 1)) * width);
  const rate = t.step / Math.max((performance.now() - started) / 1000, 1e-9);
  return (
    `[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${t.step}/${total} steps  epoch ${t.epoch}  loss ` +
    `${fmt(t.lastBatchLoss)}  ${Math.round(rate).toLocaleString('en-US')} steps/s`
  );
}
