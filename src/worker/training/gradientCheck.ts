// The editor's gradient check of a session's current weights, sized to a budget so a large network checks a sample.
import { gradientCheck, type Trainer } from '../../engine';
import type { FromWorker } from '../../protocol';

/** Multiply-adds a gradient check from the editor may spend: a few seconds, so a large network checks a sample. */
const CHECK_BUDGET = 2e9;

/**
 * Parameters a check can afford: each costs two forward passes over the training rows (about params × rows
 * multiply-adds each). Small networks are checked whole; large ones on a seeded sample of at least 50.
 */
export function affordableSample(params: number, rows: number): number | undefined {
  const n = Math.floor(CHECK_BUDGET / (2 * params * Math.max(rows, 1)));
  return n >= params ? undefined : Math.max(50, n);
}

/** The answer to `check/run`; an exception in the check is reported as an internal error, not thrown. */
export function checkAnswer(t: Trainer, requestId: number, eps?: number, sample?: number): FromWorker {
  try {
    const size = sample ?? affordableSample(t.net.layout.size, t.rows.train.length);
    const value = gradientCheck(t.model, t.data, t.net.params, { eps, sample: size });
    return { type: 'check/result', requestId, result: { ok: true, value } };
  } catch (err) {
    return {
      type: 'check/result',
      requestId,
      result: { ok: false, error: `Internal error while checking gradients: ${String(err)}` },
    };
  }
}
