// Reads the model part of a spec tree (input, layers, loss, optimizer, training) with defaults, checking what the
// schema cannot.
import { getNodePath } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import { reductionsOf } from '../engine/losses';
import { ACTIVATIONS, LOSS_OUTPUTS, LOSSES, OPTIMIZERS } from '../engine/types';
import type {
  InitSpec,
  LayerConfig,
  LossName,
  LossOutputs,
  ModelConfig,
  OptimizerConfig,
  TrainingConfig,
} from '../engine/types';
import { count, keyOf, pathText } from './problems';
import type { ProblemSink } from './problems';
import { bool, elements, finite, int, matrix, prop, str, vector } from './tree';

/** The model with every default filled; meaningful only when the sink holds no errors. */
export function readModel(
  root: Node,
  sink: ProblemSink,
): { model: ModelConfig; inputNames?: string[]; sizesKnown: boolean } {
  const { size, names } = readInput(root, sink);
  const init = readInit(prop(root, 'init')) ?? 'xavier';
  const layers = readLayers(prop(root, 'layers'), size, init, sink);
  const loss = readLoss(prop(root, 'loss'), sink);
  checkLossMatchesOutput(loss, prop(root, 'layers'), layers, sink);
  const model: ModelConfig = {
    seed: int(prop(root, 'seed')) ?? 0,
    input: size ?? 1,
    layers,
    loss: loss.name ?? 'mse',
    lossOutputs: loss.outputs,
    optimizer: readOptimizer(prop(root, 'optimizer'), sink),
    training: readTraining(prop(root, 'training')),
  };
  // Whether data rows can be measured against the model: input, every layer's units and the loss are readable.
  const sizesKnown =
    size !== undefined &&
    size >= 1 &&
    elements(prop(root, 'layers'))?.every((l) => (int(prop(l, 'units')) ?? 0) >= 1) === true &&
    loss.name !== undefined;
  return names ? { model, inputNames: names, sizesKnown } : { model, sizesKnown };
}

function readInput(root: Node, sink: ProblemSink): { size?: number; names?: string[] } {
  const node = prop(root, 'input');
  const size = int(node) ?? int(prop(node, 'size'));
  const namesNode = prop(node, 'names');
  const names = elements(namesNode)?.map((n) => str(n) ?? '');
  if (namesNode && names && size !== undefined && names.length !== size) {
    sink.error(namesNode, `input.names has ${count(names.length, 'name')}, expected ${size} (input.size)`);
  }
  return { size, names };
}

function readInit(node: Node | undefined): InitSpec | undefined {
  const name = str(node);
  if (name === 'xavier' || name === 'he' || name === 'zeros') return name;
  const normal = finite(prop(node, 'normal'));
  if (normal !== undefined) return { normal };
  const uniform = finite(prop(node, 'uniform'));
  return uniform === undefined ? undefined : { uniform };
}

function readLayers(
  node: Node | undefined,
  inputSize: number | undefined,
  init: InitSpec,
  sink: ProblemSink,
): LayerConfig[] {
  const layers: LayerConfig[] = [];
  // undefined once a size is unreadable: the schema already reported it, and shapes after it cannot be checked.
  let fanIn = inputSize;
  const items = elements(node) ?? [];
  items.forEach((layerNode, i) => {
    const units = int(prop(layerNode, 'units'));
    const activationNode = prop(layerNode, 'activation');
    const activation = oneOf(str(activationNode), ACTIVATIONS) ?? 'identity';
    if (activation === 'softmax' && i < items.length - 1 && activationNode) {
      sink.error(
        activationNode,
        `layers[${i}].activation "softmax" is only allowed on the output layer (layers[${items.length - 1}])`,
      );
    }
    const fanInWhy = i === 0 ? 'input size' : `units of layers[${i - 1}]`;
    const weightsNode = prop(layerNode, 'weights');
    const biasesNode = prop(layerNode, 'biases');
    checkShape(weightsNode, biasesNode, units, fanIn, fanInWhy, sink);
    const layer: LayerConfig = {
      name: str(prop(layerNode, 'name')) ?? `layer${i + 1}`,
      units: units ?? 1,
      activation,
      init: readInit(prop(layerNode, 'init')) ?? init,
    };
    const weights = matrix(weightsNode);
    const biases = vector(biasesNode);
    if (weights) layer.weights = weights;
    if (biases) layer.biases = biases;
    layers.push(layer);
    fanIn = units;
  });
  return layers;
}

/** weights must be [units][fanIn] and biases [units]: wrong row counts on the array, wrong rows on the row. */
function checkShape(
  weightsNode: Node | undefined,
  biasesNode: Node | undefined,
  units: number | undefined,
  fanIn: number | undefined,
  fanInWhy: string,
  sink: ProblemSink,
): void {
  const rows = elements(weightsNode);
  if (weightsNode && rows && units !== undefined && rows.length !== units) {
    sink.error(
      weightsNode,
      `${pathText(getNodePath(weightsNode))} has ${count(rows.length, 'row')}, expected ${units} (units)`,
    );
  }
  for (const row of rows ?? []) {
    const values = elements(row);
    if (values && fanIn !== undefined && values.length !== fanIn) {
      sink.error(
        row,
        `${pathText(getNodePath(row))} has ${count(values.length, 'value')}, expected ${fanIn} (${fanInWhy})`,
      );
    }
  }
  const biases = elements(biasesNode);
  if (biasesNode && biases && units !== undefined && biases.length !== units) {
    sink.error(
      biasesNode,
      `${pathText(getNodePath(biasesNode))} has ${count(biases.length, 'value')}, expected ${units} (units)`,
    );
  }
}

interface LossChoice {
  /** Undefined when unreadable or unknown: the schema has reported it, and checks that depend on it stay silent. */
  name?: LossName;
  /** The string naming the loss: `loss`, or `loss.type` in the object form. */
  nameNode?: Node;
  outputs: LossOutputs;
}

/**
 * `"loss": name` or `{ "type": name, "outputs": "mean" | "sum" }`. Without `outputs` a loss takes "mean" when it
 * defines it, else the one reduction it has (cross-entropy's "sum"); LOSS_TABLE says which it defines.
 */
function readLoss(node: Node | undefined, sink: ProblemSink): LossChoice {
  const nameNode = node?.type === 'object' ? prop(node, 'type') : node;
  const name = oneOf(str(nameNode), LOSSES);
  const outputsNode = prop(node, 'outputs');
  const written = oneOf(str(outputsNode), LOSS_OUTPUTS);
  if (name === undefined) return { nameNode, outputs: written ?? 'mean' };
  const defined = reductionsOf(name);
  if (outputsNode && written !== undefined && !defined.includes(written)) {
    const why =
      name === 'cross-entropy'
        ? ": it always sums over the classes, as PyTorch's CrossEntropyLoss and Keras' CategoricalCrossentropy do"
        : '';
    sink.error(
      outputsNode,
      `loss "${name}" takes only "outputs": ${defined.map((o) => `"${o}"`).join(' or ')}, found "${written}"${why}; ` +
        `remove "outputs"`,
    );
  }
  return { name, nameNode, outputs: written !== undefined && defined.includes(written) ? written : defined[0] };
}

/** softmax ⇔ cross-entropy and binary-cross-entropy ⇒ sigmoid, reported where the user would fix it. */
function checkLossMatchesOutput(
  loss: LossChoice,
  layersNode: Node | undefined,
  layers: LayerConfig[],
  sink: ProblemSink,
): void {
  const last = layers.length - 1;
  const outputNode = elements(layersNode)?.[last];
  const activationNode = prop(outputNode, 'activation');
  // Only names both known: a misspelt one is its own error, and the default standing in for it would mislead here.
  const output = oneOf(str(activationNode), ACTIVATIONS);
  const lossNode = loss.nameNode;
  if (output === undefined || !activationNode) return;
  if (loss.name !== undefined && lossNode) {
    if (output === 'softmax' && loss.name !== 'cross-entropy') {
      sink.error(
        activationNode,
        `layers[${last}].activation "softmax" requires loss "cross-entropy", found "${loss.name}"`,
      );
    } else if (loss.name === 'cross-entropy' && output !== 'softmax') {
      sink.error(
        lossNode,
        `loss "cross-entropy" requires a softmax output layer, found "${output}" on layers[${last}]`,
      );
    } else if (loss.name === 'binary-cross-entropy' && output !== 'sigmoid') {
      sink.error(
        lossNode,
        `loss "binary-cross-entropy" requires a sigmoid output layer, found "${output}" on layers[${last}]`,
      );
    }
  }
  if (output === 'softmax' && int(prop(outputNode, 'units')) === 1) {
    sink.warning(activationNode, `softmax over 1 unit always outputs 1; use 2 or more units (one per class)`);
  }
}

const OPTIMIZER_FIELDS: Record<OptimizerConfig['type'], string[]> = {
  sgd: ['momentum'],
  adam: ['beta1', 'beta2', 'epsilon'],
  rmsprop: ['rho', 'epsilon'],
};

function readOptimizer(node: Node | undefined, sink: ProblemSink): OptimizerConfig {
  const typeNode = prop(node, 'type');
  const known = oneOf(str(typeNode), OPTIMIZERS);
  const type = known ?? 'sgd';
  for (const field of ['momentum', 'beta1', 'beta2', 'rho', 'epsilon']) {
    const valueNode = prop(node, field);
    // With a misspelt type the fields may well fit the optimizer meant; that type is the one error.
    if (valueNode && (known || !typeNode) && !OPTIMIZER_FIELDS[type].includes(field)) {
      sink.warning(keyOf(valueNode) ?? valueNode, `optimizer.${field} has no effect with optimizer "${type}"`);
    }
  }
  const num = (key: string, fallback: number): number => finite(prop(node, key)) ?? fallback;
  const learningRate = num('learningRate', 0.01);
  switch (type) {
    case 'sgd':
      return { type, learningRate, momentum: num('momentum', 0) };
    case 'adam':
      return {
        type,
        learningRate,
        beta1: num('beta1', 0.9),
        beta2: num('beta2', 0.999),
        epsilon: num('epsilon', 1e-8),
      };
    case 'rmsprop':
      return { type, learningRate, rho: num('rho', 0.99), epsilon: num('epsilon', 1e-8) };
  }
}

function readTraining(node: Node | undefined): TrainingConfig {
  return {
    epochs: int(prop(node, 'epochs')) ?? 100,
    batchSize: int(prop(node, 'batchSize')) ?? 32,
    shuffle: bool(prop(node, 'shuffle')) ?? true,
    l2: finite(prop(node, 'l2')) ?? 0,
    validationSplit: finite(prop(node, 'validationSplit')) ?? 0,
    precision: str(prop(node, 'precision')) === 'float32' ? 'float32' : 'float64',
  };
}

function oneOf<T extends string>(value: string | undefined, options: readonly T[]): T | undefined {
  return options.find((o) => o === value);
}
