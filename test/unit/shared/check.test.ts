import * as assert from 'node:assert/strict';
import type { FromWebview, HistoryPoint, Progress, SessionStatus, ToWebview } from '../../../src/protocol';
import {
  arr,
  bool,
  byKind,
  checkMessage,
  f64,
  num,
  obj,
  oneOf,
  opt,
  paramRef,
  refine,
  str,
  type Check,
  type MessageChecks,
} from '../../../src/shared/check';

// Type-level tests: each @ts-expect-error fails `npm run typecheck` if the compiler stops refusing what follows, so
// a validator table that misses, misnames or mistypes a protocol field can never compile.
const progressFields = { step: num, epoch: num, totalSteps: num, batchLoss: num, stepsPerSecond: num, running: bool };
// @ts-expect-error: Progress has a `layerGradNorms` field this table has no check for
export const progressMissingAField = obj<Progress>(progressFields);
export const pointWithARenamedField = obj<HistoryPoint>({
  step: num,
  loss: num,
  validationLoss: opt(num),
  // @ts-expect-error: `gradNorm` is not a field of HistoryPoint (it is `gradNorms`)
  gradNorm: arr(num),
});
export const pointWithARequiredOptional = obj<HistoryPoint>({
  step: num,
  loss: num,
  // @ts-expect-error: `validationLoss` is optional, so its check must accept undefined
  validationLoss: num,
  gradNorms: arr(num),
});
export const pointWithAWrongType = obj<HistoryPoint>({
  // @ts-expect-error: `step` is a number, not a string
  step: str,
  loss: num,
  validationLoss: opt(num),
  gradNorms: arr(num),
});
// @ts-expect-error: the statuses listed miss most of SessionStatus
export const someStatuses: Check<SessionStatus> = oneOf({ none: true, ready: true }, 'a status');
/** A check of any type, for tables whose types alone are under test (never run). */
const typed = <T>(): Check<T> => (() => 'unchecked') as unknown as Check<T>;
// @ts-expect-error: a table of the host's messages without 'session/param'
export const incompleteToWebview: MessageChecks<ToWebview> = {
  'panel/state': { state: typed() },
  'session/progress': { progress: typed(), points: typed() },
  'session/snapshot': { snapshot: typed() },
  'session/stepDetail': { detail: typed() },
  'session/boundary': { grid: typed() },
  'session/check': { result: typed() },
};
export const incompleteFromWebview: MessageChecks<FromWebview> = {
  'ui/ready': {},
  'train/run': {},
  'train/pause': {},
  'train/step': {},
  'train/reset': {},
  'check/run': {},
  'weights/write': {},
  // @ts-expect-error: the learning rate's field is `value`
  'train/setLearningRate': { rate: num },
  'spec/reveal': { ref: paramRef },
  'param/inspect': { ref: paramRef },
};

describe('shared/check', () => {
  const point = obj<HistoryPoint>({ step: num, loss: num, validationLoss: opt(num), gradNorms: arr(num) });

  it('accepts a value of the type and says where another one goes wrong', () => {
    assert.equal(point({ step: 1, loss: NaN, gradNorms: [1, 2] }), undefined);
    assert.equal(point({ step: 1, loss: 2, validationLoss: 0.5, gradNorms: [] }), undefined);
    assert.equal(point({ step: '1', loss: 2, gradNorms: [] }), '.step a number');
    assert.equal(point({ step: 1, loss: 2, gradNorms: [1, 'x'] }), '.gradNorms[1] a number');
    assert.equal(point({ step: 1, loss: 2, validationLoss: null, gradNorms: [] }), '.validationLoss a number');
    assert.equal(point([1]), 'an object');
    assert.equal(point(null), 'an object');
    assert.equal(arr(num)({ length: 0 }), 'an array');
    assert.equal(f64(new Float32Array(1)), 'a Float64Array');
  });

  it('tells union members apart by kind and lists string unions exhaustively', () => {
    assert.equal(paramRef({ layer: 0, kind: 'weight', row: 1, col: 2 }), undefined);
    assert.equal(paramRef({ layer: 0, kind: 'bias', row: 1 }), undefined);
    assert.equal(paramRef({ layer: 0, kind: 'weight', row: 1 }), '.col a number');
    assert.equal(paramRef({ layer: 0, kind: 'gradient', row: 1 }), 'a parameter reference');
    assert.equal(paramRef({ layer: 0, kind: 'toString', row: 1 }), 'a parameter reference');
    const kinds = byKind<{ kind: 'a'; x: number } | { kind: 'b' }>(
      { a: obj({ kind: oneOf({ a: true }, '"a"'), x: num }), b: obj({ kind: oneOf({ b: true }, '"b"') }) },
      'a or b',
    );
    assert.equal(kinds({ kind: 'a', x: 1 }), undefined);
    assert.equal(kinds({ kind: 'a' }), '.x a number');
    assert.equal(oneOf({ x: true }, 'x')('constructor'), 'x');
  });

  it('refines a proved value', () => {
    const positive = refine(num, (v) => (v > 0 ? undefined : 'positive'));
    assert.equal(positive(2), undefined);
    assert.equal(positive(-2), 'positive');
    assert.equal(positive('2'), 'a number');
  });

  it('checks a message by its type, keeping only the fields its type has', () => {
    type Message = { type: 'a/go'; n: number; note?: string } | { type: 'b/stop' };
    const checks: MessageChecks<Message> = { 'a/go': { n: num, note: opt(str) }, 'b/stop': {} };
    assert.deepEqual(checkMessage(checks, { type: 'a/go', n: 1, extra: true }), {
      ok: true,
      message: { type: 'a/go', n: 1 },
    });
    assert.deepEqual(checkMessage(checks, { type: 'a/go', n: 'x' }), { ok: false, error: 'a/go: message.n a number' });
    assert.deepEqual(checkMessage(checks, { type: 'c/new' }), { ok: false, error: 'unknown message type "c/new"' });
    assert.deepEqual(checkMessage(checks, { type: 'hasOwnProperty' }), {
      ok: false,
      error: 'unknown message type "hasOwnProperty"',
    });
    assert.deepEqual(checkMessage(checks, 'a/go'), { ok: false, error: 'not a message object with a type' });
  });
});
