// parseSpec: defaults, located errors with exact ranges, all errors at once, warnings, JSONC.
import * as assert from 'node:assert/strict';
import { errors, parse, problem, rangeText, specText } from './helpers';

describe('netspec/parse defaults', () => {
  it('fills every default', () => {
    const r = parse(specText());
    assert.deepEqual(r.problems, []);
    const spec = r.spec!;
    assert.equal(spec.name, 'net');
    assert.equal(spec.model.seed, 0);
    assert.deepEqual(spec.model.optimizer, { type: 'sgd', learningRate: 0.01, momentum: 0 });
    assert.deepEqual(spec.model.training, {
      epochs: 100,
      batchSize: 32,
      shuffle: true,
      l2: 0,
      validationSplit: 0,
      precision: 'float64',
    });
    assert.deepEqual(
      spec.model.layers.map((l) => [l.name, l.init]),
      [
        ['layer1', 'xavier'],
        ['layer2', 'xavier'],
      ],
    );
    assert.equal(spec.model.layers[0].weights, undefined);
    assert.equal(spec.dataSource, 'inline');
    assert.deepEqual(Array.from(spec.data!.targets), [0, 1, 1, 0]);
  });

  it('fills adam and rmsprop defaults', () => {
    const adam = parse(specText({ optimizer: { type: 'adam', learningRate: 0.1 } })).spec!.model.optimizer;
    assert.deepEqual(adam, { type: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const rms = parse(specText({ optimizer: { type: 'rmsprop' } })).spec!.model.optimizer;
    assert.deepEqual(rms, { type: 'rmsprop', learningRate: 0.01, rho: 0.99, epsilon: 1e-8 });
  });

  it('takes the name from the file, the top-level init for layers, and input names', () => {
    const r = parse(specText({ init: { normal: 0.01 }, input: { size: 2, names: ['a', 'b'] } }), {
      specPath: 'C:\\work\\My Net.nn.json',
      readFile: () => undefined,
      realpath: () => undefined,
    });
    assert.equal(r.spec!.name, 'My Net');
    assert.deepEqual(r.spec!.model.layers[1].init, { normal: 0.01 });
    assert.equal(r.spec!.model.input, 2);
    assert.deepEqual(r.spec!.inputNames, ['a', 'b']);
  });

  it('accepts comments and trailing commas', () => {
    const text = `{
  // a comment
  "input": 1, /* block */
  "layers": [{ "units": 1, "activation": "identity", },],
  "loss": "mse",
}`;
    const r = parse(text);
    assert.deepEqual(r.problems, []);
    assert.equal(r.spec!.model.loss, 'mse');
  });
});

describe('netspec/parse located errors', () => {
  const base = `{
  "input": 2,
  "layers": [
    { "units": 3, "activation": "tanh",
      "weights": [[1, 2], [3, 4, 5], [6, 7]],
      "biases": [0, 0] },
    { "units": 2, "activation": "softmax" }
  ],
  "loss": "mse",
  "optimizer": { "type": "sgd", "learningrate": 0.1 },
  "training": { "epochs": 1.5, "validationSplit": 1, "batchSize": 1e400 },
  "data": { "inputs": [[0, 0], [1, 1], [2, 2], [3, 3]], "targets": [[1, 0], [0, 1], [1]] }
}`;
  const r = parse(base);

  it('reports every error at once with exact ranges', () => {
    const cases: [string, string][] = [
      ['layers[0].weights[1] has 3 values, expected 2 (input size)', '[3, 4, 5]'],
      ['layers[0].biases has 2 values, expected 3 (units)', '[0, 0]'],
      ['layers[1].activation "softmax" requires loss "cross-entropy", found "mse"', '"softmax"'],
      ['training.epochs must be an integer, found 1.5', '1.5'],
      ['training.validationSplit must be < 1, found 1', '1'],
      ['training.batchSize is 1e400', '1e400'],
      ['data.targets has 3 rows but data.inputs has 4', '[[1, 0], [0, 1], [1]]'],
      ['data.targets[2] has 1 value, expected 2 (output units)', '[1]'],
    ];
    for (const [message, range] of cases) assert.equal(rangeText(base, problem(r, message)), range, message);
    assert.equal(r.spec, undefined);
  });

  it('gives 1-based line and column ranges', () => {
    const p = problem(r, 'layers[0].weights[1]');
    assert.deepEqual([p.line, p.column, p.endLine, p.endColumn], [5, 27, 5, 36]);
    assert.deepEqual(p.path, ['layers', 0, 'weights', 1]);
  });

  it('reports unknown fields as warnings with a did-you-mean', () => {
    const p = problem(r, 'unknown field "learningrate" in optimizer (did you mean "learningRate"?)');
    assert.equal(p.severity, 'warning');
    assert.equal(rangeText(base, p), '"learningrate"');
  });

  it('locates wrong row counts on the weights array', () => {
    const text = specText({
      layers: [
        { units: 3, activation: 'tanh', weights: [[1, 2]] },
        { units: 1, activation: 'sigmoid' },
      ],
    });
    assert.equal(
      rangeText(text, problem(parse(text), 'layers[0].weights has 1 row, expected 3 (units)')).replace(/\s/g, ''),
      '[[1,2]]',
    );
  });

  it('checks softmax placement, loss pairs and labels', () => {
    const hidden = parse(
      specText({
        layers: [
          { units: 2, activation: 'softmax' },
          { units: 1, activation: 'sigmoid' },
        ],
      }),
    );
    problem(hidden, 'layers[0].activation "softmax" is only allowed on the output layer');
    const bce = parse(specText({ layers: [{ units: 1, activation: 'tanh' }] }));
    problem(bce, 'loss "binary-cross-entropy" requires a sigmoid output layer, found "tanh"');
    const ce = parse(specText({ loss: 'cross-entropy' }));
    problem(ce, 'loss "cross-entropy" requires a softmax output layer');
    const text = specText({
      layers: [{ units: 3, activation: 'softmax' }],
      loss: 'cross-entropy',
      data: {
        inputs: [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ],
        labels: [0, 2, 1, 5],
      },
    });
    const labels = parse(text);
    assert.equal(rangeText(text, problem(labels, 'data.labels[3] is 5, expected an integer class in 0..2')), '5');
    const ok = parse(text.replace('5\n', '1\n'));
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(Array.from(ok.spec!.data!.targets.slice(3, 6)), [0, 0, 1]);
    problem(
      parse(specText({ data: { inputs: [[0, 0]], labels: [1] } })),
      'data.labels need loss "cross-entropy", found "binary-cross-entropy"',
    );
  });

  it('rewrites schema errors into clear messages', () => {
    const text = specText({ layers: [{ units: 0, activation: 'sigmod' }], loss: 'mse', seed: 'x', init: 'glorot' });
    const res = parse(text);
    problem(res, 'layers[0].units must be >= 1, found 0');
    problem(res, 'found "sigmod" (did you mean "sigmoid"?)');
    problem(res, 'seed must be an integer, found "x"');
    problem(res, 'init must be one of "xavier", "he", "zeros", found "glorot"');
    problem(
      parse(specText({ init: 5 })),
      'init must be "xavier", "he", "zeros" or { "normal": … } or { "uniform": … }, found 5',
    );
    problem(parse(specText({ init: { normal: -1 } })), 'init.normal must be > 0, found -1');
    problem(parse(specText({ input: { size: 0 } })), 'input.size must be >= 1, found 0');
    const missing = parse('{ "input": 2, "layers": [{ "units": 1 }] }');
    problem(missing, 'the spec is missing the required field "loss"');
    const m = problem(missing, 'layers[0] is missing the required field "activation"');
    assert.equal(rangeText('{ "input": 2, "layers": [{ "units": 1 }] }', m), '{');
  });

  it('flags parameters outside ±1e6 as errors', () => {
    const text = specText({ layers: [{ units: 1, activation: 'sigmoid', weights: [[1e308, 0]] }] });
    problem(parse(text), 'layers[0].weights[0][0] must be <= 1000000, found 1e+308');
  });

  it('reports duplicate keys, syntax errors and non-objects', () => {
    const dup = '{ "input": 2, "input": 3, "layers": [{ "units": 1, "activation": "identity" }], "loss": "mse" }';
    assert.equal(rangeText(dup, problem(parse(dup), 'duplicate field "input"')), '"input"');
    assert.equal(dup.indexOf('"input"', 5), problem(parse(dup), 'duplicate field').offset);
    const bad = '{ "input": 2 "loss": "mse" }';
    const syntax = problem(parse(bad), 'JSON syntax error: comma expected here');
    assert.equal(syntax.offset, bad.indexOf('"loss"'));
    problem(parse('[1, 2]'), 'the spec must be a JSON object');
    problem(parse(''), 'the spec is empty');
  });

  it('checks the data form and input names', () => {
    const both = specText({ data: { inputs: [[0, 0]], targets: [[0]], generator: 'xor' } });
    problem(parse(both), 'data must use exactly one form');
    problem(parse(specText({ data: {} })), 'found none');
    problem(parse(specText({ input: { size: 2, names: ['a'] } })), 'input.names has 1 name, expected 2 (input.size)');
    problem(
      parse(specText({ data: { inputs: [[0, 0, 1]], targets: [[1]] } })),
      'data.inputs[0] has 3 values, expected 2 (input size)',
    );
  });

  it('warns about optimizer fields that do not apply', () => {
    const r2 = parse(specText({ optimizer: { type: 'adam', momentum: 0.9 } }));
    assert.equal(problem(r2, 'optimizer.momentum has no effect with optimizer "adam"').severity, 'warning');
    assert.ok(r2.spec);
  });

  it('refuses specs above maxNumbers with the estimate', () => {
    const r3 = parse(specText(), undefined, 10);
    problem(
      r3,
      'this network needs about 37 numbers (13 parameters + 24 activations for a batch of 4), more than the limit of 10',
    );
    assert.equal(errors(parse(specText(), undefined, 37)).length, 0);
  });
});

describe('netspec/parse: the loss and its reduction over outputs', () => {
  const model = (loss: unknown, output = { units: 2, activation: 'sigmoid' }): ReturnType<typeof parse> =>
    parse(
      specText({
        layers: [{ units: 3, activation: 'tanh' }, output],
        loss,
        data: {
          inputs: [
            [0, 0],
            [1, 1],
          ],
          targets:
            output.activation === 'softmax'
              ? [
                  [1, 0],
                  [0, 1],
                ]
              : [
                  [0, 1],
                  [1, 0],
                ],
        },
      }),
    );

  it('reads the plain name with its default reduction, and the object form with "outputs"', () => {
    const cases: [unknown, string, string][] = [
      ['binary-cross-entropy', 'binary-cross-entropy', 'mean'],
      [{ type: 'binary-cross-entropy' }, 'binary-cross-entropy', 'mean'],
      [{ type: 'binary-cross-entropy', outputs: 'sum' }, 'binary-cross-entropy', 'sum'],
      [{ type: 'binary-cross-entropy', outputs: 'mean' }, 'binary-cross-entropy', 'mean'],
    ];
    for (const [loss, name, outputs] of cases) {
      const r = model(loss);
      assert.deepEqual(r.problems, [], JSON.stringify(loss));
      assert.deepEqual([r.spec!.model.loss, r.spec!.model.lossOutputs], [name, outputs], JSON.stringify(loss));
    }
    const mse = model({ type: 'mse', outputs: 'sum' }, { units: 2, activation: 'identity' });
    assert.deepEqual([mse.spec!.model.loss, mse.spec!.model.lossOutputs], ['mse', 'sum']);
    const softmax = { units: 2, activation: 'softmax' };
    assert.equal(model('cross-entropy', softmax).spec!.model.lossOutputs, 'sum');
    assert.equal(model({ type: 'cross-entropy', outputs: 'sum' }, softmax).spec!.model.lossOutputs, 'sum');
  });

  it('refuses "outputs": "mean" on cross-entropy at the value, saying why', () => {
    const text = specText({
      layers: [{ units: 3, activation: 'softmax' }],
      loss: { type: 'cross-entropy', outputs: 'mean' },
      data: { inputs: [[0, 0]], labels: [2] },
    });
    const r = parse(text);
    assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
    const p = problem(r, 'loss "cross-entropy" takes only "outputs": "sum", found "mean"');
    assert.match(p.message, /always sums over the classes, as PyTorch's CrossEntropyLoss/);
    assert.equal(rangeText(text, p), '"mean"');
  });

  it('locates loss/output mismatches and unknown names on loss.type in the object form', () => {
    const text = specText({
      loss: { type: 'binary-cross-entropy', outputs: 'sum' },
      layers: [{ units: 1, activation: 'tanh' }],
    });
    const r = parse(text);
    assert.equal(
      rangeText(text, problem(r, 'requires a sigmoid output layer, found "tanh"')),
      '"binary-cross-entropy"',
    );
    const unknown = specText({ loss: { type: 'BCELoss', outputs: 'sum' } });
    const u = parse(unknown);
    assert.equal(u.problems.length, 1, JSON.stringify(u.problems));
    assert.equal(rangeText(unknown, problem(u, 'loss.type must be one of')), '"BCELoss"');
    problem(u, '(did you mean "binary-cross-entropy"?)');
    problem(parse(specText({ loss: { type: 'mse', outputs: 'avg' } })), 'loss.outputs must be one of "mean", "sum"');
  });
});

describe('netspec/parse: one mistake, one problem', () => {
  const base = `{
  "input": 2,
  "layers": [
    { "units": 4, "activation": "relu" },
    { "units": 3, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "optimizer": { "type": "adam", "learningRate": 0.01, "beta1": 0.9 },
  "training": { "epochs": 5, "batchSize": 2, "validationSplit": 0.25 },
  "data": { "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]], "labels": [0, 1, 2, 1] }
}`;

  it('the base spec is valid', () => assert.deepEqual(parse(base).problems, []));

  const mistakes: [string, string, string][] = [
    [
      '"loss": "cross-entropy"',
      '"loss": "categorical_crossentropy"',
      'found "categorical_crossentropy" (did you mean "cross-entropy"?)',
    ],
    ['"loss": "cross-entropy"', '"loss": "crossentropy"', '(did you mean "cross-entropy"?)'],
    ['"loss": "cross-entropy"', '"loss": "CrossEntropyLoss"', '(did you mean "cross-entropy"?)'],
    ['"loss": "cross-entropy"', '"loss": { "type": "sparse_categorical_crossentropy" }', 'with integer class "labels"'],
    ['"loss": "cross-entropy"', '"los": "cross-entropy"', 'unknown field "los" at the top level; did you mean "loss"?'],
    ['"activation": "softmax"', '"activation": "Softmax"', 'found "Softmax" (did you mean "softmax"?)'],
    ['"activation": "softmax"', '"activation": "softmx"', 'found "softmx" (did you mean "softmax"?)'],
    ['"activation": "softmax"', '"activaton": "softmax"', 'did you mean "activation"? (it is required and missing)'],
    ['"activation": "relu"', '"activation": "ReLU"', 'found "ReLU" (did you mean "relu"?)'],
    ['"units": 4', '"unit": 4', 'unknown field "unit" in layers[0]; did you mean "units"? (it is required'],
    ['"units": 3', '"unts": 3', 'unknown field "unts" in layers[1]; did you mean "units"?'],
    ['"units": 3', '"units": "3"', 'layers[1].units must be an integer, found "3" (write the number without quotes'],
    ['"input": 2', '"inputs": 2', 'unknown field "inputs" at the top level; did you mean "input"?'],
    ['"layers"', '"layer"', 'unknown field "layer" at the top level; did you mean "layers"?'],
    ['"type": "adam"', '"type": "Adam"', 'found "Adam" (did you mean "adam"?)'],
    ['"type": "adam"', '"type": "adamw"', 'optimizer.type must be one of'],
    ['"learningRate": 0.01', '"lr": 0.01', 'unknown field "lr" in optimizer (did you mean "learningRate"?)'],
    ['"optimizer"', '"optimiser"', 'unknown field "optimiser" at the top level (did you mean "optimizer"?)'],
    ['"batchSize"', '"batch_size"', 'unknown field "batch_size" in training (did you mean "batchSize"?)'],
    ['"validationSplit"', '"validation_split"', '(did you mean "validationSplit"?)'],
    ['"validationSplit": 0.25', '"validationSplit": 0.2', 'holds out floor(0.2 × 4) = 0 of the 4 rows'],
    ['"labels"', '"label"', 'unknown field "label" in data; did you mean "labels"?'],
    ['"inputs": [[', '"input": [[', 'unknown field "input" in data; did you mean "inputs"?'],
    ['[0, 1, 2, 1]', '[0, 1, 3, 1]', 'data.labels[2] is 3, expected an integer class in 0..2'],
    ['"epochs": 5', '"epochs": 5, "learningRate": 0.1', '(did you mean "optimizer": { "learningRate": 0.1 }?)'],
  ];
  for (const [from, to, message] of mistakes) {
    it(`${to} instead of ${from}: one problem, "${message}"`, () => {
      assert.ok(base.includes(from), from);
      const r = parse(base.replace(from, to));
      assert.equal(r.problems.length, 1, r.problems.map((p) => p.message).join('\n'));
      assert.ok(r.problems[0].message.includes(message), r.problems[0].message);
    });
  }
});

describe('netspec/parse: validationSplit', () => {
  const withRows = (rows: number, validationSplit: number): string =>
    specText({
      training: { validationSplit },
      data: {
        inputs: Array.from({ length: rows }, (_, i) => [i, 0]),
        targets: Array.from({ length: rows }, () => [1]),
      },
    });

  it('refuses a split that holds out no row, suggesting the least that holds out one, which then passes', () => {
    for (let rows = 2; rows <= 150; rows++) {
      const r = parse(withRows(rows, 0.5 / rows));
      assert.equal(r.problems.length, 1, `${rows} rows`);
      const least = Number(/use at least ([\d.e-]+) \(1 row\)/.exec(r.problems[0].message)?.[1]);
      assert.ok(least > 0 && least < 1 && least <= 1.1 / rows, `${rows} rows: ${least}`);
      assert.deepEqual(parse(withRows(rows, least)).problems, [], `${rows} rows at ${least}`);
    }
  });

  it('says one row cannot be split, and leaves a split of 0 alone', () => {
    problem(parse(withRows(1, 0.5)), 'one row cannot be split');
    assert.deepEqual(parse(withRows(3, 0)).problems, []);
  });
});
