// The debug adapter over DAP, as any client sees it: `node dist/debugAdapter.js` driven by the test support's
// DebugClient, its worker computing.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const root = path.join(__dirname, '../../../..');
const adapterPath = path.join(root, 'dist/debugAdapter.js');
const xor = path.join(root, 'examples/xor.nn.json');
const xorLines = fs.readFileSync(xor, 'utf8').split('\n');
/** 1-based line of the first line holding `text`. */
const lineOf = (lines: string[], text: string): number => lines.findIndex((l) => l.includes(text)) + 1;

/** A line z = w·x + b trained towards 0 by MSE at learning rate 1000: z is multiplied by −3999 each step. */
const DIVERGING = `{
  "name": "diverging line",
  "input": 1,
  "layers": [
    { "name": "line", "units": 1, "activation": "identity", "weights": [[1]], "biases": [0] }
  ],
  "loss": "mse",
  "optimizer": { "type": "sgd", "learningRate": 1000 },
  "training": { "epochs": 500, "batchSize": 1, "shuffle": false },
  "data": { "inputs": [[1]], "targets": [[0]] }
}
`;

/** The first step whose loss z² overflows, by plain float64 arithmetic apart from the engine. */
function firstOverflowingStep(): number {
  let w = 1;
  let b = 0;
  for (let step = 1; ; step++) {
    const z = w * 1 + b;
    if (!Number.isFinite(z * z)) return step;
    const g = 2 * z; // dJ/dz of (z − 0)², one sample, one output
    w -= 1000 * g * 1;
    b -= 1000 * g;
  }
}

describe('debug/adapter (DAP over stdio)', function () {
  this.timeout(60_000);
  let dc: DebugClient;
  let tmp: string;

  beforeEach(async () => {
    dc = new DebugClient('node', adapterPath, 'backprop');
    await dc.start();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-debug-'));
  });

  afterEach(async () => {
    await dc.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function launch(spec: string, extra: Record<string, unknown> = {}): Promise<DebugProtocol.StoppedEvent> {
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([dc.configurationSequence(), dc.launch({ spec, ...extra })]);
    return stopped;
  }

  async function frames(): Promise<DebugProtocol.StackFrame[]> {
    return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  }

  /** Sends a motion and returns its stop, checking the response came before it. */
  async function move(motion: string): Promise<DebugProtocol.StoppedEvent> {
    let answered = false;
    const stopped = dc.waitForEvent('stopped').then((e) => {
      assert.ok(answered, 'the response comes before the stopped event');
      return e as DebugProtocol.StoppedEvent;
    });
    await dc.send(motion, { threadId: 1 });
    answered = true;
    return stopped;
  }

  async function variables(path: string[], start?: number, count?: number): Promise<DebugProtocol.Variable[]> {
    const top = frames();
    const scopes = (await dc.scopesRequest({ frameId: (await top)[0].id })).body.scopes;
    let ref = scopes.find((s) => s.name === path[0])?.variablesReference ?? 0;
    for (const name of path.slice(1)) {
      const list = (await dc.variablesRequest({ variablesReference: ref })).body.variables;
      ref = list.find((v) => v.name === name)?.variablesReference ?? 0;
      assert.ok(ref > 0, `${name} expands`);
    }
    return (await dc.variablesRequest({ variablesReference: ref, start, count })).body.variables;
  }

  it('stops on entry at step 0, F10 trains one mini-batch, Step Back returns bit for bit', async () => {
    const entry = await launch(xor);
    assert.equal(entry.body.reason, 'entry');
    assert.deepEqual(
      (await frames()).map((f) => f.name),
      ['train step 0 (before the first)', 'epoch 1'],
    );
    const before = (await variables(['Parameters', 'hidden', 'W'])).map((v) => v.value);
    assert.equal((await move('next')).body.reason, 'step');
    assert.equal((await frames())[0].name, 'train step 1');
    const training = await variables(['Training']);
    assert.equal(training.find((v) => v.name === 'step')?.value, '1');
    const after = await dc.evaluateRequest({ expression: 'hidden.W[0][0]', context: 'watch' });
    await move('next');
    const two = await dc.evaluateRequest({ expression: 'hidden.W[0][0] * 1e17', context: 'watch' });
    await move('stepBack');
    assert.equal((await frames())[0].name, 'train step 1');
    assert.equal(
      (await dc.evaluateRequest({ expression: 'hidden.W[0][0]', context: 'watch' })).body.result,
      after.body.result,
    );
    await move('next');
    const again = await dc.evaluateRequest({ expression: 'hidden.W[0][0] * 1e17', context: 'watch' });
    assert.equal(again.body.result, two.body.result);
    await move('stepBack');
    await move('stepBack');
    assert.deepEqual(
      (await variables(['Parameters', 'hidden', 'W'])).map((v) => v.value),
      before,
    );
  });

  it('F11 stops at every phase, each frame on its layer’s object; Step Out finishes the step', async () => {
    await launch(xor);
    const hidden = lineOf(xorLines, '"name": "hidden"') - 1;
    const output = lineOf(xorLines, '"name": "output"') - 1;
    const expected: [string, number][] = [
      ['hidden.forward', hidden],
      ['output.forward', output],
      ['loss', lineOf(xorLines, '"loss"')],
      ['output.backward', output],
      ['hidden.backward', hidden],
      ['update', lineOf(xorLines, '"optimizer"')],
    ];
    const layerOfPhase: Record<string, number> = { hidden: 0, output: 1 };
    for (const [name, line] of expected) {
      assert.equal((await move('stepIn')).body.reason, 'step');
      const [top, step] = await frames();
      assert.deepEqual([top.name, top.line, step.name], [name, line, 'train step 1']);
      // What the panel highlights for each frame: the phase's layer, none for the loss, the update and the step.
      const layer = layerOfPhase[name.split('.')[0]];
      const focus = async (frameId: number): Promise<unknown> =>
        (await dc.customRequest('backprop/frame', { frameId })).body;
      assert.deepEqual(await focus(top.id), {
        label: `${name} in train step 1`,
        ...(layer === undefined ? {} : { layer }),
      });
      assert.deepEqual(await focus(step.id), { label: 'train step 1' });
      if (name.endsWith('forward')) {
        assert.equal(top.endLine, line + (name === 'hidden.forward' ? 7 : 6));
      }
    }
    assert.deepEqual((await dc.customRequest('backprop/frame', { frameId: 99 })).body, {});
    await move('stepIn');
    await move('stepIn');
    assert.equal((await frames())[0].name, 'output.forward');
    const z = await variables(['Forward', 'output', 'z']);
    assert.equal(z.length, 4, 'one row per sample of the batch');
    await assert.rejects(dc.evaluateRequest({ expression: 'output.delta', context: 'repl' }), /not computed yet/);
    await move('stepOut');
    assert.deepEqual(
      (await frames()).map((f) => f.name),
      ['train step 2', 'epoch 2'],
      'one step an epoch',
    );
  });

  it('Continue stops at the non-finite value at the step computed apart from the engine, naming phase and value', async () => {
    const spec = path.join(tmp, 'diverging.nn.json');
    fs.writeFileSync(spec, DIVERGING);
    await launch(spec);
    const stop = await move('continue');
    assert.equal(stop.body.reason, 'exception');
    assert.equal(stop.body.description, 'Non-finite value');
    assert.match(stop.body.text ?? '', /the mini-batch loss is Infinity/);
    const [top, step] = await frames();
    assert.deepEqual([top.name, step.name], ['loss', `train step ${firstOverflowingStep()}`]);
    const info = await dc.customRequest('exceptionInfo', { threadId: 1 });
    const body = info.body as { exceptionId: string; description: string };
    assert.equal(body.exceptionId, 'Non-finite value');
    assert.match(body.description, /Infinity/);
  });

  it('a condition and a hit count on a layer’s line stop at that layer', async () => {
    await launch(xor, { stopOnEntry: true });
    const line = lineOf(xorLines, '"units": 1');
    const set = await dc.setBreakpointsRequest({
      source: { path: xor },
      breakpoints: [{ line, condition: 'step >= 3' }, { line: 1 }, { line, hitCondition: '2' }],
    });
    assert.deepEqual(
      set.body.breakpoints.map((b) => b.verified),
      [true, false, true],
    );
    assert.match(set.body.breakpoints[1].message ?? '', /layer's lines/);
    const bad = await dc.setBreakpointsRequest({ source: { path: xor }, breakpoints: [{ line, condition: 'norm(' }] });
    assert.equal(bad.body.breakpoints[0].verified, false);
    assert.match(bad.body.breakpoints[0].message ?? '', /column 6/);
    await dc.setBreakpointsRequest({
      source: { path: xor },
      breakpoints: [{ line, condition: 'step >= 3 && norm(dW) > 0' }],
    });
    const stop = await move('continue');
    assert.equal(stop.body.reason, 'breakpoint');
    assert.deepEqual(
      (await frames()).slice(0, 2).map((f) => f.name),
      ['output.backward', 'train step 4'],
    );
  });

  it('Variables page a matrix; setVariable changes a weight and the learning rate; evaluate explains mistakes', async () => {
    await launch(xor);
    await move('next');
    const page = await variables(['Parameters', 'hidden', 'W'], 1, 2);
    assert.deepEqual(
      page.map((v) => [v.name, v.indexedVariables]),
      [
        ['[1]', 2],
        ['[2]', 2],
      ],
    );
    const row = (await dc.variablesRequest({ variablesReference: page[0].variablesReference })).body.variables;
    const set = await dc.setVariableRequest({
      variablesReference: page[0].variablesReference,
      name: '[1]',
      value: '0.25',
    });
    assert.equal(set.body.value, '0.25');
    assert.notEqual(row[1].value, '0.25');
    assert.equal((await dc.evaluateRequest({ expression: 'hidden.W[1][1]' })).body.result, '0.25');
    const scope = (await dc.scopesRequest({ frameId: 2 })).body.scopes.find((s) => s.name === 'Training');
    const ref = scope?.variablesReference ?? 0;
    const training = (await dc.variablesRequest({ variablesReference: ref })).body.variables;
    assert.equal(training.find((v) => v.name === 'learning rate')?.value, '2');
    await dc.setVariableRequest({ variablesReference: ref, name: 'learning rate', value: '0.5' });
    assert.equal((await dc.evaluateRequest({ expression: 'lr' })).body.result, '0.5');
    assert.match((await frames())[0].name, /\(edited\)/);
    const good = await dc.evaluateRequest({ expression: 'max(abs(output.delta)) + 0 * norm(hidden.dW)' });
    assert.match(good.body.result, /^\d/);
    await assert.rejects(
      dc.evaluateRequest({ expression: 'hiden.W' }),
      /no layer named 'hiden'; layers are hidden, output/,
    );
    await assert.rejects(dc.evaluateRequest({ expression: 'hidden.W[9]' }), /index 9 is outside hidden.W's 3 rows/);
    await assert.rejects(dc.evaluateRequest({ expression: 'process.exit()' }), /unexpected text at column 13/);
    await assert.rejects(dc.evaluateRequest({ expression: 'constructor(1)' }), /unknown function 'constructor'/);
  });

  it('a data breakpoint stops when its weight changes', async () => {
    await launch(xor);
    await move('next');
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: 0, name: 'output.W[0][0]' });
    assert.equal(info.body.dataId, 'output.W[0][0]');
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'output.W[0][0]' }] });
    const stop = await move('continue');
    assert.equal(stop.body.reason, 'data breakpoint');
    assert.match(stop.body.text ?? '', /output.W\[0\]\[0\] changed from/);
    assert.deepEqual(
      (await frames()).map((f) => f.name),
      ['update', 'train step 2', 'epoch 2'],
    );
  });

  it('a data breakpoint with the condition old * new < 0 stops only where the weight changes sign', async () => {
    // z = w·1 + b trained by MSE towards −3 at learning rate 0.1: w changes every step and crosses 0 later.
    const spec = path.join(tmp, 'sign.nn.json');
    fs.writeFileSync(spec, DIVERGING.replace('1000', '0.1').replace('"targets": [[0]]', '"targets": [[-3]]'));
    const history = [1];
    for (let w = 1, b = 0; history.length < 100;) {
      const g = 2 * (w + b + 3); // dJ/dz of (z + 3)², one sample, one output
      w -= 0.1 * g;
      b -= 0.1 * g;
      history.push(w);
    }
    const flip = history.findIndex((w, step) => step > 0 && w * history[step - 1] < 0);
    assert.ok(flip > 1, `the weight changes at step 1 without changing sign (it first flips at step ${flip})`);
    await launch(spec);
    const set = await dc.setDataBreakpointsRequest({
      breakpoints: [{ dataId: 'line.W[0][0]', condition: 'old * new < 0' }],
    });
    assert.deepEqual(
      set.body.breakpoints.map((b) => b.verified),
      [true],
    );
    const stop = await move('continue');
    assert.equal(stop.body.reason, 'data breakpoint');
    assert.equal((await frames())[1].name, `train step ${flip}`);
    const [, from, to] = /changed from (\S+) to (\S+)/.exec(stop.body.text ?? '') ?? [];
    assert.ok(
      Math.abs(Number(from) - history[flip - 1]) < 1e-3 && Math.abs(Number(to) - history[flip]) < 1e-3,
      stop.body.text,
    );
    const now = Number((await dc.evaluateRequest({ expression: 'line.W[0][0]', context: 'watch' })).body.result);
    assert.ok(Math.abs(now - history[flip]) <= 1e-12 * Math.abs(history[flip]), `${now} vs ${history[flip]}`);
  });

  it('disconnecting mid-training ends the adapter and its worker', async () => {
    await launch(xor);
    await dc.continueRequest({ threadId: 1 });
    await dc.disconnectRequest({});
  });
});
