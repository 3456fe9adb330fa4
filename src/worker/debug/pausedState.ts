// The paused training state as the debugger reads it: each layer's fields (parameters, the batch's z, a and δ, the
// gradients, the optimizer's moments) as views of the engine's buffers, valid only where the step has computed them.
import type { Floats, Trainer } from '../../engine';
import type { Environment, Tensor } from './expressions';

/** Which fields of a layer each Variables scope shows. */
export const SCOPE_FIELDS = {
  parameters: ['W', 'b'],
  forward: ['z', 'a'],
  backward: ['delta', 'dW', 'db'],
  optimizer: ['mW', 'mb', 'vW', 'vb'],
} as const;

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** The optimizer's vectors by field prefix: sgd's velocity and rmsprop's mean square are v, Adam's moments m and v. */
function optimizerPrefixes(t: Trainer): string[] {
  const o = t.model.optimizer;
  if (o.type === 'adam') return ['m', 'v'];
  if (o.type === 'rmsprop' || o.momentum !== 0) return ['v'];
  return [];
}

export class PausedState implements Environment {
  /** The names expressions use for the layers: the spec's, or `layer1`, … where a name is not a plain identifier. */
  readonly layerNames: string[];
  constructor(
    readonly trainer: Trainer,
    reserved: readonly string[],
  ) {
    const names = trainer.model.layers.map((l) => l.name);
    this.layerNames = names.map((n, l) =>
      IDENTIFIER.test(n) && names.indexOf(n) === l && !reserved.includes(n) ? n : `layer${l + 1}`,
    );
  }

  get globals(): ReadonlyMap<string, number> {
    const t = this.trainer;
    return new Map([
      ['step', t.step],
      ['epoch', t.epoch],
      ['loss', t.lastBatchLoss],
      ['lr', t.optimizer.learningRate],
      ['batch', t.batchRows],
    ]);
  }

  /** Whether layer l's forward (or backward) values belong to the paused moment. */
  computed(l: number, pass: 'forward' | 'backward'): boolean {
    const t = this.trainer;
    const n = t.model.layers.length;
    const done = t.phasesDone;
    // At a boundary the buffers hold the last step's batch, or none (step 0, or back at an edited state).
    if (done === 0) return t.batchRows > 0;
    return pass === 'forward' ? done > l : done > 2 * n - l;
  }

  layerFields(l: number): ReadonlyMap<string, number | Tensor> {
    const t = this.trainer;
    const s = t.net.layout.layers[l];
    const name = this.layerNames[l];
    const fields = new Map<string, number | Tensor>();
    const weights = (data: Floats, f: string): Tensor => matrix(data, s.wOffset, s.units, s.fanIn, `${name}.${f}`);
    const biases = (data: Floats, f: string): Tensor => vector(data, s.bOffset, s.units, `${name}.${f}`);
    fields.set('W', weights(t.net.params, 'W'));
    fields.set('b', biases(t.net.params, 'b'));
    const rows = t.batchRows;
    const view = t.net.batchView(l);
    if (this.computed(l, 'forward')) {
      fields.set('z', matrix(view.Z, 0, rows, s.units, `${name}.z`));
      fields.set('a', matrix(view.A, 0, rows, s.units, `${name}.a`));
    }
    if (this.computed(l, 'backward')) {
      fields.set('delta', matrix(view.dZ, 0, rows, s.units, `${name}.delta`));
      fields.set('dW', weights(t.net.grads, 'dW'));
      fields.set('db', biases(t.net.grads, 'db'));
      fields.set('gradNorm', t.layerGradNorms[l]);
    }
    optimizerPrefixes(t).forEach((p, i) => {
      const v = t.optimizer.vectors[t.model.optimizer.type === 'adam' ? i : 0];
      fields.set(`${p}W`, weights(v, `${p}W`));
      fields.set(`${p}b`, biases(v, `${p}b`));
    });
    return fields;
  }

  /** Why a field the layer has in general cannot be read now, or undefined when it is no such field. */
  missing(l: number, field: string): string | undefined {
    const forward = (SCOPE_FIELDS.forward as readonly string[]).includes(field);
    if (!forward && !['delta', 'dW', 'db', 'gradNorm'].includes(field)) return undefined;
    const t = this.trainer;
    const at = t.phasesDone === 0 ? `at step ${t.step}` : `yet in step ${t.step + 1}`;
    return `${this.layerNames[l]}.${field} is not computed ${at}: step in to compute it`;
  }
}

function matrix(data: Floats, offset: number, rows: number, cols: number, name: string): Tensor {
  return { kind: 'tensor', data: data.subarray(offset, offset + rows * cols), rows, cols, vector: false, name };
}

function vector(data: Floats, offset: number, n: number, name: string): Tensor {
  return { kind: 'tensor', data: data.subarray(offset, offset + n), rows: 1, cols: n, vector: true, name };
}
