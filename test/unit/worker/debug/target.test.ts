// The debug session's worker side, driven in-process: motions, breakpoints, the ring, edits.
import * as assert from 'node:assert/strict';
import * as path from 'path';
import type { DebugBreakpoints, DebugStop, FromWorker } from '../../../../src/protocol';
import { DebugTarget } from '../../../../src/worker/debug/target';

const root = path.join(__dirname, '../../../../..');

/** A spec with inline data (no files), `patch` merged over a tanh/sigmoid network on eight rows. */
function spec(patch: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'debug target',
    seed: 3,
    input: 2,
    layers: [
      { name: 'hidden', units: 4, activation: 'tanh' },
      { name: 'output', units: 1, activation: 'sigmoid' },
    ],
    loss: 'binary-cross-entropy',
    optimizer: { type: 'sgd', learningRate: 0.5 },
    training: { epochs: 50, batchSize: 2, shuffle: true },
    data: {
      inputs: [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
        [0.5, 0],
        [0, 0.5],
        [1, 0.5],
        [0.5, 1],
      ],
      targets: [[0], [1], [1], [0], [1], [1], [0], [0]],
    },
    ...patch,
  });
}

class Harness {
  readonly posted: FromWorker[] = [];
  private waiting: ((stop: DebugStop) => void) | undefined;
  readonly target = new DebugTarget((m) => {
    this.posted.push(m);
    if (m.type === 'debug/stopped') this.waiting?.(m.stop);
  });
  private id = 0;

  constructor(text = spec(), maxSteps?: number) {
    this.target.request({
      type: 'debug/start',
      requestId: ++this.id,
      source: { text, specPath: path.join(root, 'examples/test.nn.json') },
      maxSteps,
    });
    const reply = this.lastReply();
    assert.ok(reply.ok, reply.ok ? '' : reply.error);
  }

  lastReply(): Extract<FromWorker, { type: 'debug/reply' }>['result'] {
    const r = this.posted.filter((m) => m.type === 'debug/reply').pop();
    assert.ok(r?.type === 'debug/reply');
    return r.result;
  }

  /** Sends a motion and resolves with its stop (motions may run over several macrotasks). */
  move(motion: Parameters<DebugTarget['motion']>[0]): Promise<DebugStop> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.target.motion(motion);
    });
  }

  ask(msg: Record<string, unknown> & { type: string }): unknown {
    this.target.request({ ...msg, requestId: ++this.id } as Parameters<DebugTarget['request']>[0]);
    const r = this.lastReply();
    if (!r.ok) throw new Error(r.error);
    return r.value;
  }

  value(expression: string): string {
    return (this.ask({ type: 'debug/evaluate', expression }) as { value: string }).value;
  }

  breakpoints(b: DebugBreakpoints): unknown {
    return this.ask({ type: 'debug/breakpoints', breakpoints: b });
  }
}

describe('worker/debug/target', () => {
  it('a start of a spec with errors is refused with the first error', () => {
    const posted: FromWorker[] = [];
    const t = new DebugTarget((m) => posted.push(m));
    t.request({ type: 'debug/start', requestId: 1, source: { text: '{ "input": 2 }', specPath: '/x.nn.json' } });
    const r = posted[0];
    assert.ok(r.type === 'debug/reply' && !r.result.ok);
    assert.match(r.result.error, /The spec has errors; the first:/);
  });

  it('the exception filters stop where their condition first holds, with the numbers', async () => {
    const h = new Harness();
    h.breakpoints({ exceptions: [{ filter: 'gradNorm', condition: '> 0' }] });
    let stop = await h.move('continue');
    assert.equal(stop.description, 'Gradient norm above');
    assert.deepEqual(stop.position.phase, { kind: 'backward', layer: 1 });
    assert.match(stop.text ?? '', /^‖∇output‖ = [\d.e-]+ \(> 0\)$/);
    h.breakpoints({ exceptions: [{ filter: 'lossAbove', condition: '>= 0' }] });
    stop = await h.move('continue');
    assert.deepEqual([stop.description, stop.position.phase], ['Loss above', { kind: 'loss' }]);
    h.breakpoints({ exceptions: [{ filter: 'lossIncreased' }] });
    stop = await h.move('continue');
    assert.equal(stop.description, 'Loss increased');
    const [, from, to] = /rose from (\S+) to (\S+)/.exec(stop.text ?? '') ?? [];
    assert.ok(Number(to) > Number(from), stop.text);
    const set = h.breakpoints({ exceptions: [{ filter: 'gradNorm', condition: 'big' }, { filter: 'nope' }] });
    assert.deepEqual(set, {
      exceptions: [
        { verified: false, message: "'big' is not a condition; write a comparison with a number, such as '> 10'" },
        { verified: false, message: "unknown exception filter 'nope'" },
      ],
      layers: [],
      data: [],
    });
  });

  it('dead units: a ReLU layer whose units all output 0 stops at its forward phase', async () => {
    const relu = spec({
      layers: [
        {
          name: 'hidden',
          units: 2,
          activation: 'relu',
          weights: [
            [-1, -1],
            [-1, -1],
          ],
          biases: [-1, -1],
        },
        { name: 'output', units: 1, activation: 'sigmoid' },
      ],
    });
    const h = new Harness(relu);
    h.breakpoints({ exceptions: [{ filter: 'deadUnits', condition: '>= 1' }] });
    const stop = await h.move('continue');
    assert.deepEqual([stop.description, stop.position.phase], ['Dead units above', { kind: 'forward', layer: 0 }]);
    assert.match(stop.text ?? '', /100% of hidden's units output 0/);
  });

  it('a non-finite pre-activation is named by layer, sample and unit at its forward phase', async () => {
    const huge = spec({
      input: 1,
      layers: [
        { name: 'hidden', units: 2, activation: 'identity', weights: [[1], [1e6]] },
        { name: 'output', units: 1, activation: 'identity' },
      ],
      loss: 'mse',
      data: { inputs: [[1], [1e303]], targets: [[0], [0]] },
      training: { epochs: 5, batchSize: 2, shuffle: false },
    });
    const h = new Harness(huge);
    const stop = await h.move('next');
    assert.equal(stop.description, 'Non-finite value');
    assert.equal(stop.text, "layer 'hidden' forward: hidden.z[1][1] = Infinity (sample 1, unit 1)");
    assert.deepEqual(stop.position, { step: 0, epoch: 0, phase: { kind: 'forward', layer: 0 } });
  });

  it('Continue stops at the end (maxSteps); Step Out of a step frame ends the epoch; Pause lands on a boundary', async () => {
    const h = new Harness(spec(), 9);
    let stop = await h.move('stepOut');
    assert.deepEqual([stop.position.step, stop.position.epoch, stop.description], [4, 1, 'End of epoch 1']);
    stop = await h.move('continue');
    assert.deepEqual([stop.reason, stop.position.step], ['end', 9]);
    const long = new Harness(spec({ training: { epochs: 1e6, batchSize: 2, shuffle: true } }));
    const running = long.move('continue');
    await new Promise((r) => setTimeout(r, 50));
    long.target.motion('pause');
    stop = await running;
    assert.equal(stop.reason, 'pause');
    assert.equal(stop.position.phase, undefined, 'a step boundary');
    assert.ok(stop.position.step > 0);
  });

  it('Reverse Continue goes back to the last breakpoint hit, to the same phase, values bit for bit', async () => {
    const h = new Harness();
    h.ask({ type: 'debug/breakpoints', breakpoints: { layers: [{ id: 1, layer: 0, condition: 'step == 3' }] } });
    let stop = await h.move('continue');
    assert.deepEqual(
      [stop.reason, stop.position.step, stop.position.phase],
      ['breakpoint', 3, { kind: 'forward', layer: 0 }],
    );
    const z = h.value('hidden.z[1][2] * 1e17');
    h.breakpoints({ layers: [] });
    stop = await h.move('next');
    for (let i = 0; i < 3; i++) await h.move('next');
    assert.equal((await h.move('next')).position.step, 8);
    stop = await h.move('reverseContinue');
    assert.deepEqual(
      [stop.reason, stop.position.step, stop.position.phase],
      ['breakpoint', 3, { kind: 'forward', layer: 0 }],
    );
    assert.equal(h.value('hidden.z[1][2] * 1e17'), z);
    stop = await h.move('reverseContinue');
    assert.deepEqual([stop.description, stop.position.step], ['No earlier breakpoint hit: the oldest kept step', 0]);
  });

  it('weights are set between steps only; an edit marks the session and survives Step Back to it', async () => {
    const h = new Harness();
    await h.move('stepIn');
    assert.throws(() => h.ask({ type: 'debug/setVariable', path: 'hidden.W[0][0]', value: '1' }), /between steps/);
    await h.move('stepOut');
    assert.throws(() => h.ask({ type: 'debug/setVariable', path: 'hidden.W[9][0]', value: '1' }), /index 9 is outside/);
    assert.throws(() => h.ask({ type: 'debug/setVariable', path: 'hidden.W[0][0]', value: 'NaN' }), /no layer/);
    assert.throws(() => h.ask({ type: 'debug/setVariable', path: 'lr', value: '-1' }), /above 0/);
    assert.throws(() => h.ask({ type: 'debug/setVariable', path: 'hidden.z[0][0]', value: '1' }), /only a weight/);
    h.ask({ type: 'debug/setVariable', path: 'hidden.W[0][0]', value: '0.125 * 2' });
    assert.equal(h.value('hidden.W[0][0]'), '0.25');
    const stop = await h.move('next');
    assert.equal(stop.position.edited, true);
    await h.move('stepBack');
    assert.equal(h.value('hidden.W[0][0]'), '0.25');
    assert.equal(h.value('step'), '1');
  });

  it('pages a matrix’s rows and values, formatted like the hovers', async () => {
    const h = new Harness();
    await h.move('next');
    const rows = h.ask({ type: 'debug/variables', path: 'hidden.W', start: 1, count: 2 }) as { name: string }[];
    assert.deepEqual(
      rows.map((r) => r.name),
      ['[1]', '[2]'],
    );
    const values = h.ask({ type: 'debug/variables', path: 'hidden.W[1]' }) as { value: string; watchable?: boolean }[];
    assert.equal(values.length, 2);
    assert.ok(values.every((v) => v.watchable));
    const scope = h.ask({ type: 'debug/variables', path: 'scope:optimizer' }) as { value: string }[];
    assert.match(scope[0].value, /plain gradient descent/);
  });
});
