// `backprop train FILE`: trains for the spec's epochs (or --steps/--epochs), with a progress line on a terminal;
// saves and resumes checkpoints, and writes the trained weights back only when the spec can hold them.
import * as fs from 'fs';
import { accuracyOf, lossRiseWarning, nextSliceSteps, Trainer, type Divergence, type Precision } from '../../engine';
import { applyTextEdits, unwritableReason, weightEdits } from '../../netspec';
import { checkpointText, readCheckpoint } from '../checkpoint';
import { checkWritableFolder, replaceKeepingBackup, writeAtomically } from '../files';
import { divergenceLine, loadSpec, requireData, type LoadedSpec, type SpecAccess } from '../load';
import { CliError, toJson, type Output } from '../output';
import { grouped, formatPercent, plural } from '../../shared/format';
import { fmt, formatDuration, progressBar, SLOW_SECONDS } from '../tables';

export interface TrainOptions extends SpecAccess {
  steps?: number;
  epochs?: number;
  precision?: Precision;
  write?: boolean;
  digits?: number;
  /** Keep the spec's previous text in FILE.bak when writing (default true). */
  backup?: boolean;
  /** Save the run's state here when it ends (or is stopped). */
  checkpoint?: string;
  /** Continue the run saved in this checkpoint. */
  resume?: string;
  json?: boolean;
  /** Stops training early (Ctrl+C): the steps done so far still count and can be written. */
  signal?: AbortSignal;
}

/** Work between two looks at the clock and the signal: long enough to be cheap, short enough to stay responsive. */
const SLICE_MS = 50;
/** Training this long is timed before the rest of the run is estimated. */
const TIMING_MS = 200;

export async function trainCommand(file: string, options: TrainOptions, out: Output): Promise<number> {
  if (options.checkpoint) checkWritableFolder(options.checkpoint, 'checkpoint');
  const loaded = loadSpec(file, out, options);
  const { model } = loaded.spec;
  const data = requireData(loaded);
  const { trainer, resumed } = startTrainer(loaded, options, out);
  const start = trainer.step;
  const runLength = model.training.epochs * trainer.stepsPerEpoch;
  const total =
    options.steps !== undefined
      ? start + options.steps
      : options.epochs !== undefined
        ? start + options.epochs * trainer.stepsPerEpoch
        : Math.max(start, runLength);
  if (resumed && total === start)
    out.err(
      `${options.resume}: the run is at step ${start}, the end of the spec's ${model.training.epochs} epochs; ` +
        'pass --steps or --epochs to train on',
    );
  const lossBefore = trainer.trainingLoss();
  const started = performance.now();
  let slice = 1;
  let lastDraw = 0;
  let estimated = false;
  while (trainer.step < total && !trainer.divergence && !options.signal?.aborted) {
    const t0 = performance.now();
    trainer.runSteps(Math.min(slice, total - trainer.step));
    const dt = performance.now() - t0;
    slice = nextSliceSteps(slice, dt, SLICE_MS);
    if (!estimated && t0 + dt - started >= TIMING_MS) {
      estimated = true;
      const seconds = ((total - trainer.step) * (t0 + dt - started)) / 1000 / Math.max(trainer.step - start, 1);
      if (seconds > SLOW_SECONDS)
        out.err(
          `${file}: training ${grouped(total - start)} steps will take about ${formatDuration(seconds)}; ` +
            'Ctrl+C stops ' +
            `early and keeps what was trained${options.write ? ' (and writes it)' : ''}`,
        );
    }
    if (out.progress && t0 - lastDraw > 100) {
      lastDraw = t0;
      out.progress(progressLine(trainer, start, total, started));
    }
    // Yield so Ctrl+C (and anything else pending) is handled between slices.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (out.progress) out.progress(progressLine(trainer, start, total, started) + '\n');
  const seconds = (performance.now() - started) / 1000;
  const { loss, accuracy, validationLoss, validationAccuracy } = splitScores(trainer);
  const layers = trainer.net.layout.unflatten(trainer.net.params);
  const d = trainer.divergence ?? lossDivergence(trainer, loss);
  // A diverged run's error already says the learning rate is too high.
  const rise = d ? undefined : lossRiseWarning(lossBefore, loss);
  if (d) out.err(divergenceLine(loaded, d));
  else if (options.signal?.aborted) out.err(`${file}: stopped after ${trainer.step} of ${total} steps`);
  if (rise) out.err(`${file}: warning: ${rise}`);

  if (options.checkpoint) {
    if (d) out.err(`${options.checkpoint}: not saved: the run diverged, so its state cannot be continued`);
    else {
      writeAtomically(options.checkpoint, checkpointText(model, data, trainer.net.precision, trainer.saveState()));
      out.err(`${options.checkpoint}: saved the run at step ${trainer.step} (epoch ${trainer.epoch}); --resume it`);
    }
  }
  // A refused write still reports the run (a diverged run's JSON included); its error comes last.
  let refused: CliError | undefined;
  try {
    if (options.write) writeWeights(loaded, layers, options, d !== undefined, out);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    refused = err;
  }

  if (options.json) {
    out.out(
      toJson({
        steps: trainer.step,
        loss,
        ...(validationLoss === undefined ? {} : { validationLoss }),
        ...(accuracy === undefined ? {} : { accuracy }),
        ...(validationAccuracy === undefined ? {} : { validationAccuracy }),
        layers,
        ...(d ? { diverged: d } : {}),
        ...(rise ? { lossRise: { from: lossBefore, to: loss, message: rise } } : {}),
      }),
    );
  } else {
    const done = trainer.step - start;
    const rate = done / Math.max(seconds, 1e-9);
    out.out(
      `${loaded.spec.name}: ${plural(done, 'step')}${resumed ? ` (from step ${start}, now ${trainer.step})` : ''} ` +
        `(${plural(trainer.epoch, 'epoch')}) in ${seconds.toFixed(2)} s, ${grouped(rate)} steps/s; loss ` +
        `${fmt(lossBefore)} → ${fmt(loss)}` +
        (validationLoss === undefined ? '' : `, validation loss ${fmt(validationLoss)}`) +
        (accuracy === undefined ? '' : `; accuracy ${formatPercent(accuracy)}`) +
        (validationAccuracy === undefined ? '' : `, validation accuracy ${formatPercent(validationAccuracy)}`),
    );
  }
  if (refused) throw refused;
  return d ? 1 : 0;
}

/**
 * Loss per split, and accuracy per split for a classifier (cross-entropy or binary cross-entropy; an mse network has
 * no right answer to count): the validation figures only when rows are held out.
 */
function splitScores(t: Trainer): {
  loss: number;
  accuracy?: number;
  validationLoss?: number;
  validationAccuracy?: number;
} {
  const { training, validation } = t.scores();
  return {
    loss: training.loss,
    accuracy: accuracyOf(training.metrics),
    validationLoss: validation?.loss,
    validationAccuracy: validation && accuracyOf(validation.metrics),
  };
}

/**
 * A run whose last step left finite weights with a non-finite loss over the training rows has diverged as surely as
 * one stopped mid-step: its next step would fail, so it is reported (and refused for --write) the same way.
 */
function lossDivergence(t: Trainer, loss: number): Divergence | undefined {
  if (Number.isFinite(loss)) return undefined;
  const layer = t.model.layers.length - 1;
  return {
    step: t.step + 1,
    epoch: t.epoch + 1,
    layer,
    layerName: t.model.layers[layer].name,
    where: 'loss',
    message:
      `Training diverged: the weights after step ${t.step} give a non-finite loss over the training rows; try a ` +
      'smaller learning rate.',
  };
}

/** A trainer at the spec's weights, or continuing the checkpoint given with --resume. */
function startTrainer(loaded: LoadedSpec, options: TrainOptions, out: Output): { trainer: Trainer; resumed: boolean } {
  const { model } = loaded.spec;
  const data = requireData(loaded);
  if (!options.resume)
    return { trainer: new Trainer(model, data, options.precision ?? model.training.precision), resumed: false };
  const saved = readCheckpoint(options.resume, model, data);
  if (options.precision && options.precision !== saved.precision)
    throw new CliError(
      `${options.resume}: the run was trained in ${saved.precision}; resume it in ${saved.precision} ` +
        '(drop --precision)',
    );
  const trainer = new Trainer(model, data, saved.precision);
  const problem = trainer.stateProblem(saved.state);
  if (problem) throw new CliError(`${options.resume}: does not fit ${loaded.file}: ${problem}`);
  trainer.restoreState(saved.state);
  for (const w of saved.warnings) out.err(`${options.resume}: warning: ${w}`);
  return { trainer, resumed: true };
}

/**
 * Writes the trained values into the spec, through a temporary file and a rename, keeping the previous text in
 * FILE.bak; refuses (leaving the file as it was) after a divergence, when a value is one the spec cannot hold, or when
 * the file changed during training.
 */
function writeWeights(
  loaded: LoadedSpec,
  layers: { name: string; weights: number[][]; biases: number[] }[],
  options: TrainOptions,
  diverged: boolean,
  out: Output,
): void {
  const file = loaded.file;
  if (diverged) throw new CliError(`${file}: not writing weights: training diverged`);
  const refused = unwritableReason(layers, options.digits);
  if (refused)
    throw new CliError(
      `${file}: not writing weights: ${refused}; the file is untouched. The training blew up: lower the learning rate`,
    );
  const edits = weightEdits(loaded.text, layers, { digits: options.digits });
  if (fs.readFileSync(file, 'utf8') !== loaded.text)
    throw new CliError(`${file}: not writing weights: the file changed while training`);
  const backup = replaceKeepingBackup(file, applyTextEdits(loaded.text, edits), options.backup !== false);
  out.err(
    `${file}: wrote trained weights (${plural(edits.length, 'edit')})` +
      (backup ? `; the previous text is in ${backup}` : ''),
  );
}

function progressLine(t: Trainer, start: number, total: number, started: number): string {
  const rate = (t.step - start) / Math.max((performance.now() - started) / 1000, 1e-9);
  return (
    `${progressBar(t.step - start, total - start)} ${t.step}/${total} steps  epoch ${t.epoch}  loss ` +
    `${fmt(t.lastBatchLoss)}  ${grouped(rate)} steps/s`
  );
}
