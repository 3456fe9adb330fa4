// "Did you mean": names from Keras and PyTorch map to the spec's own, other near misses to the closest name.
import * as assert from 'node:assert/strict';
import { ACTIVATIONS, LOSSES, OPTIMIZERS } from '../../../../src/engine';
import { didYouMean, fieldHint, suggestName } from '../../../../src/netspec/schema/suggest';

const TOP = ['name', 'seed', 'input', 'layers', 'loss', 'init', 'optimizer', 'training', 'data'];
const OPTIMIZER = ['type', 'learningRate', 'momentum', 'beta1', 'beta2', 'rho', 'epsilon'];
const TRAINING = ['epochs', 'batchSize', 'shuffle', 'l2', 'validationSplit', 'precision'];
const LAYER = ['name', 'units', 'activation', 'init', 'weights', 'biases'];

describe('netspec/schema/suggest', () => {
  it('maps Keras and PyTorch loss names to the spec loss', () => {
    const cases: [string, string][] = [
      ['mean_squared_error', 'mse'],
      ['MSELoss', 'mse'],
      ['nn.MSELoss', 'mse'],
      ['categorical_crossentropy', 'cross-entropy'],
      ['CrossEntropyLoss', 'cross-entropy'],
      ['sparse_categorical_crossentropy', 'cross-entropy'],
      ['binary_crossentropy', 'binary-cross-entropy'],
      ['BCELoss', 'binary-cross-entropy'],
      ['BCEWithLogits', 'binary-cross-entropy'],
      ['BCEWithLogitsLoss', 'binary-cross-entropy'],
    ];
    for (const [word, name] of cases) assert.equal(suggestName(word, LOSSES)?.name, name, word);
    assert.equal(
      didYouMean('sparse_categorical_crossentropy', LOSSES),
      ' (did you mean "cross-entropy" with integer class "labels" in data?)',
    );
    assert.match(didYouMean('BCEWithLogits', LOSSES), /"binary-cross-entropy" on a sigmoid output layer/);
  });

  it('maps activation and optimizer names, whatever their case or separators', () => {
    const cases: [string, string][] = [
      ['ReLU', 'relu'],
      ['nn.ReLU', 'relu'],
      ['LeakyReLU', 'leaky-relu'],
      ['leaky_relu', 'leaky-relu'],
      ['Softmax', 'softmax'],
      ['Sigmoid', 'sigmoid'],
      ['logistic', 'sigmoid'],
      ['Tanh', 'tanh'],
      ['GELU', 'gelu'],
      ['linear', 'identity'],
    ];
    for (const [word, name] of cases) assert.equal(suggestName(word, ACTIVATIONS)?.name, name, word);
    assert.equal(suggestName('Adam', OPTIMIZERS)?.name, 'adam');
    assert.equal(suggestName('RMSprop', OPTIMIZERS)?.name, 'rmsprop');
    // Momentum is SGD's option here, not an optimizer of its own.
    assert.equal(didYouMean('momentum', OPTIMIZERS), ' (did you mean "sgd" with "momentum": 0.9?)');
    assert.equal(didYouMean('SGDM', OPTIMIZERS), ' (did you mean "sgd" with "momentum": 0.9?)');
  });

  it('suggests a foreign name only where it is allowed, and nothing for unrelated words', () => {
    assert.equal(suggestName('ReLU', LOSSES), undefined);
    assert.equal(suggestName('MSELoss', ACTIVATIONS), undefined);
    assert.equal(didYouMean('hinge', LOSSES), '');
    assert.equal(suggestName('sigmod', ACTIVATIONS)?.name, 'sigmoid');
  });

  it('maps field names, to the same object or to where they belong', () => {
    assert.equal(fieldHint('lr', ['optimizer'], OPTIMIZER, '0.1'), ' (did you mean "learningRate"?)');
    assert.equal(fieldHint('learning_rate', ['optimizer'], OPTIMIZER, '0.1'), ' (did you mean "learningRate"?)');
    assert.equal(fieldHint('eps', ['optimizer'], OPTIMIZER, '1e-7'), ' (did you mean "epsilon"?)');
    assert.equal(fieldHint('beta_1', ['optimizer'], OPTIMIZER, '0.9'), ' (did you mean "beta1"?)');
    assert.equal(fieldHint('learningRate', [], TOP, '0.1'), ' (did you mean "optimizer": { "learningRate": 0.1 }?)');
    assert.equal(fieldHint('lr', [], TOP, '0.1'), ' (did you mean "optimizer": { "learningRate": 0.1 }?)');
    assert.equal(fieldHint('batch_size', [], TOP, '16'), ' (did you mean "training": { "batchSize": 16 }?)');
    assert.equal(
      fieldHint('lr', ['training'], TRAINING, '0.1'),
      ' (did you mean "optimizer": { "learningRate": 0.1 }?)',
    );
    assert.equal(
      fieldHint('weight_decay', ['optimizer'], OPTIMIZER, '1e-4'),
      ' (did you mean "training": { "l2": 1e-4 }?)',
    );
    assert.equal(fieldHint('validation_split', ['training'], TRAINING, '0.2'), ' (did you mean "validationSplit"?)');
    assert.equal(fieldHint('out_features', ['layers', 0], LAYER, '4'), ' (did you mean "units"?)');
    assert.equal(fieldHint('activaton', ['layers', 2], LAYER, '"relu"'), ' (did you mean "activation"?)');
    assert.equal(fieldHint('reduction', ['loss'], ['type', 'outputs'], '"sum"'), ' (did you mean "outputs"?)');
    assert.equal(
      fieldHint('learningRate', [], TOP, '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]'),
      ' (did you mean "optimizer": { "learningRate": … }?)',
    );
    assert.equal(fieldHint('dataset', [], TOP, '{ "csv": "x.csv" }'), ' (did you mean "data"?)');
    assert.equal(fieldHint('colour', [], TOP, '1'), '');
  });
});
