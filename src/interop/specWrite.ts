// Turns an imported network into spec text: a new *.nn.json, or the weights of an existing spec's layers (shapes
// checked layer by layer).
import { reductionsOf } from '../engine/losses';
import type { LossName, LossOutputs, ModelConfig } from '../engine/types';
import { LOSSES } from '../engine/types';
import { formatNumber, type LayerValues } from '../netspec';
import { InteropError, type BridgeNetwork } from './network';

/**
 * The loss a new spec gets: the one the file names (with its reduction over outputs when the loss defines it), else
 * the one its output activation implies, with that loss's default reduction.
 */
export function defaultLoss(
  net: BridgeNetwork,
  named?: string,
  namedOutputs?: string,
): { loss: LossName; outputs: LossOutputs; guessed: boolean } {
  const output = net.layers[net.layers.length - 1].activation;
  const fits = (l: string): l is LossName =>
    (LOSSES as readonly string[]).includes(l) &&
    (l === 'cross-entropy'
      ? output === 'softmax'
      : l === 'binary-cross-entropy'
        ? output === 'sigmoid'
        : output !== 'softmax');
  if (named && fits(named)) {
    const reductions = reductionsOf(named);
    const outputs = reductions.find((o) => o === namedOutputs) ?? reductions[0];
    return { loss: named, outputs, guessed: false };
  }
  const loss = output === 'softmax' ? 'cross-entropy' : output === 'sigmoid' ? 'binary-cross-entropy' : 'mse';
  return { loss, outputs: reductionsOf(loss)[0], guessed: true };
}

export interface NewSpecOptions {
  loss: LossName;
  /** The reduction over outputs; written (in the object form) only when it is not the loss's default. */
  outputs?: LossOutputs;
  /** A `//` comment above everything (where the spec came from, what to fill in). */
  header: string[];
  /** A `//` comment after each layer's activation (e.g. "set this: safetensors stores no activations"). */
  activationNote?: string;
  /** A `//` comment after the loss. */
  lossNote?: string;
}

/** A new spec (JSONC) holding the network with its exact weights: every float64 reads back bit for bit. */
export function newSpecText(net: BridgeNetwork, options: NewSpecOptions): string {
  const num = (v: number): string => formatNumber(v, undefined);
  const comment = (note: string | undefined): string => (note ? ` // ${note}` : '');
  const { loss, outputs } = options;
  const lossValue =
    outputs === undefined || outputs === reductionsOf(loss)[0]
      ? JSON.stringify(loss)
      : `{ "type": ${JSON.stringify(loss)}, "outputs": ${JSON.stringify(outputs)} }`;
  const layers = net.layers.map((layer) => {
    const rows = Array.from({ length: layer.units }, (_, j) =>
      Array.from(layer.weights.subarray(j * layer.fanIn, (j + 1) * layer.fanIn), num).join(', '),
    );
    return [
      '    {',
      `      "name": ${JSON.stringify(layer.name)},`,
      `      "units": ${layer.units},`,
      `      "activation": ${JSON.stringify(layer.activation)},${comment(options.activationNote)}`,
      '      "weights": [',
      rows.map((r) => `        [${r}]`).join(',\n'),
      '      ],',
      `      "biases": [${Array.from(layer.biases, num).join(', ')}]`,
      '    }',
    ].join('\n');
  });
  return [
    ...options.header.map((line) => `// ${line}`),
    '{',
    `  "name": ${JSON.stringify(net.name)},`,
    `  "input": ${net.input},`,
    '  "layers": [',
    layers.join(',\n'),
    '  ],',
    `  "loss": ${lossValue}${comment(options.lossNote)}`,
    '}',
    '',
  ].join('\n');
}

/**
 * The network's weights as the spec's layers, matched by order with every shape checked; warnings for activations
 * that differ (the spec's are kept: the file may not know them).
 */
export function weightsForSpec(
  net: BridgeNetwork,
  model: ModelConfig,
  activationsKnown: boolean,
): { layers: LayerValues[]; warnings: string[] } {
  const spec = model.layers;
  if (spec.length !== net.layers.length)
    throw new InteropError(
      `holds ${net.layers.length} dense layer(s) (${net.layers.map((l) => `[${l.units}, ${l.fanIn}]`).join(', ')}), ` +
        `but the spec has ${spec.length}; nothing was written`,
    );
  const warnings: string[] = [];
  const layers = net.layers.map((layer, l) => {
    const fanIn = l === 0 ? model.input : spec[l - 1].units;
    const want = spec[l];
    if (want.units !== layer.units || fanIn !== layer.fanIn)
      throw new InteropError(
        `layer ${l + 1} ("${layer.name}") is [${layer.units}, ${layer.fanIn}] (units, fanIn), but the spec's ` +
          `layers[${l}] ("${want.name}") is [${want.units}, ${fanIn}]; nothing was written`,
      );
    if (activationsKnown && want.activation !== layer.activation)
      warnings.push(
        `layer ${l + 1}: the model uses ${layer.activation}, the spec's layers[${l}] "${want.name}" ` +
          `${want.activation}; the spec's activation is kept`,
      );
    return {
      weights: Array.from({ length: layer.units }, (_, j) =>
        Array.from(layer.weights.subarray(j * layer.fanIn, (j + 1) * layer.fanIn)),
      ),
      biases: Array.from(layer.biases),
    };
  });
  return { layers, warnings };
}
