// `backprop step FILE`: one mini-batch step, showing the loss before and after, the gradients and the new weights.
import { Trainer } from '../../engine';
import { divergenceLine, loadSpec, requireData, type SpecAccess } from '../load';
import { toJson, type Output } from '../output';
import { fmt, formatMatrix } from '../tables';

export interface StepOptions extends SpecAccess {
  json?: boolean;
}

export function stepCommand(file: string, options: StepOptions, out: Output): number {
  const loaded = loadSpec(file, out, options);
  const trainer = new Trainer(loaded.spec.model, requireData(loaded));
  const lossBefore = trainer.trainingLoss();
  const ok = trainer.trainStep();
  const lossAfter = trainer.trainingLoss();
  const grads = trainer.net.layout.unflatten(trainer.net.grads);
  const weights = trainer.net.layout.unflatten(trainer.net.params);
  const layers = weights.map((w, l) => ({
    name: w.name,
    dW: grads[l].weights,
    db: grads[l].biases,
    weights: w.weights,
    biases: w.biases,
  }));
  const batch = Array.from(trainer.stepRows());
  if (!ok && trainer.divergence) out.err(divergenceLine(loaded, trainer.divergence));
  if (options.json) {
    out.out(toJson({ step: trainer.step, batch, batchLoss: trainer.lastBatchLoss, lossBefore, lossAfter, layers }));
    return ok ? 0 : 1;
  }
  out.out(
    `${loaded.spec.name}: step 1 on rows [${batch.join(', ')}]: batch loss ${fmt(trainer.lastBatchLoss)}; ` +
      (ok ? `loss ${fmt(lossBefore)} → ${fmt(lossAfter)}` : `not applied: the weights stay as they were`),
  );
  for (const l of layers) {
    out.out(`\n${l.name}  dJ/dW`);
    out.out(formatMatrix(l.dW));
    out.out(`${l.name}  dJ/db`);
    out.out(formatMatrix([l.db]));
    out.out(`${l.name}  W after the step`);
    out.out(formatMatrix(l.weights));
    out.out(`${l.name}  b after the step`);
    out.out(formatMatrix([l.biases]));
  }
  return ok ? 0 : 1;
}
