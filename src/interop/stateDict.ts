// A network as a PyTorch nn.Sequential state_dict: Linear layers at indices 0, 2, 4, … with each layer's activation
// module between them (so `0.weight`, `0.bias`, `2.weight`, …), and back from any state_dict of dense layers.
import { ACTIVATIONS, type ActivationName, type ModelConfig, type Precision } from '../engine/types';
import { InteropError, type BridgeLayer, type BridgeNetwork } from './network';
import type { SafeTensor, TensorToWrite } from './safetensors';

/** safetensors metadata keys this project writes (PyTorch ignores them; an import uses them when present). */
export const META = {
  name: 'backprop.name',
  /** The layers' names, as a JSON array. */
  layers: 'backprop.layers',
  activations: 'backprop.activations',
  loss: 'backprop.loss',
  /** The loss's reduction over outputs ("mean" or "sum"): a new spec made from the file keeps it. */
  lossOutputs: 'backprop.lossOutputs',
} as const;

/** The module index of layer l's Linear in the nn.Sequential: every Linear is followed by its activation module. */
export const linearIndex = (l: number): number => 2 * l;

/** The state_dict tensors of a network, in layer order, in the given precision. */
export function stateDictTensors(net: BridgeNetwork, precision: Precision): TensorToWrite[] {
  const dtype = precision === 'float64' ? 'F64' : 'F32';
  return net.layers.flatMap((layer, l) => [
    { name: `${linearIndex(l)}.weight`, dtype, shape: [layer.units, layer.fanIn], values: layer.weights },
    { name: `${linearIndex(l)}.bias`, dtype, shape: [layer.units], values: layer.biases },
  ]);
}

/** The metadata written beside the tensors: `format: pt` (PyTorch's convention) and what the weights don't say. */
export function stateDictMetadata(
  net: BridgeNetwork,
  loss?: Pick<ModelConfig, 'loss' | 'lossOutputs'>,
): Record<string, string> {
  return {
    format: 'pt',
    [META.name]: net.name,
    [META.layers]: JSON.stringify(net.layers.map((l) => l.name)),
    [META.activations]: net.layers.map((l) => l.activation).join(','),
    ...(loss ? { [META.loss]: loss.loss, [META.lossOutputs]: loss.lossOutputs } : {}),
  };
}

/** The layer names this project's metadata lists, when it lists one (unique) name per layer. */
function layerNames(json: string | undefined, count: number): string[] | undefined {
  try {
    const names: unknown = JSON.parse(json ?? 'null');
    const ok =
      Array.isArray(names) &&
      names.length === count &&
      names.every((n) => typeof n === 'string' && n !== '') &&
      new Set(names).size === count;
    return ok ? (names as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Compares dotted names piece by piece, numbers as numbers: `2.weight` before `10.weight`, `fc2` before `fc10`. */
function naturalCompare(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    return i % 2 === 1 && Number.isFinite(na) && Number.isFinite(nb) ? na - nb : pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

export interface StateDictLayers {
  /** Dense layers in module order; activations from the metadata when it names them, else identity. */
  network: BridgeNetwork;
  /** Each layer's module path (`0`, `encoder.fc1`): its tensors are `<path>.weight` and `<path>.bias`. */
  modules: string[];
  /** Whether the names follow the nn.Sequential layout (`<index>.weight`), so a new spec can be made from them. */
  sequential: boolean;
  /** Whether the file said which activations the layers use (this project's metadata). */
  activationsKnown: boolean;
  loss?: string;
  /** The loss's reduction over outputs, as the file names it (unchecked). */
  lossOutputs?: string;
}

/**
 * Groups a state_dict into dense layers (`<prefix>.weight` [units, fanIn] and an optional `<prefix>.bias` [units]),
 * ordered by module path; every other tensor, and shapes that don't chain, are errors naming the tensor.
 */
export function layersFromStateDict(
  tensors: SafeTensor[],
  metadata: Record<string, string>,
  fallbackName: string,
): StateDictLayers {
  if (tensors.length === 0) throw new InteropError('holds no tensors');
  const groups = new Map<string, { weight?: SafeTensor; bias?: SafeTensor }>();
  for (const t of tensors) {
    const m = /^(.*)\.(weight|bias)$/.exec(t.name);
    if (!m)
      throw new InteropError(
        `tensor "${t.name}" is neither a weight nor a bias (<module>.weight, <module>.bias); only dense layers ` +
          `(nn.Linear) are supported`,
      );
    const group = groups.get(m[1]) ?? {};
    group[m[2] as 'weight' | 'bias'] = t;
    groups.set(m[1], group);
  }
  const prefixes = [...groups.keys()].sort(naturalCompare);
  const layers: BridgeLayer[] = [];
  const activations = metadata[META.activations]?.split(',');
  const names = layerNames(metadata[META.layers], prefixes.length);
  const activationsKnown =
    activations?.length === prefixes.length && activations.every((a) => (ACTIVATIONS as readonly string[]).includes(a));
  prefixes.forEach((prefix, l) => {
    const { weight, bias } = groups.get(prefix)!;
    if (!weight) throw new InteropError(`tensor "${prefix}.bias" has no "${prefix}.weight" beside it`);
    if (weight.shape.length !== 2)
      throw new InteropError(
        `tensor "${weight.name}" has shape [${weight.shape.join(', ')}]; a dense layer's weight is [units, fanIn]`,
      );
    const [units, fanIn] = weight.shape;
    if (bias && (bias.shape.length !== 1 || bias.shape[0] !== units))
      throw new InteropError(
        `tensor "${bias.name}" has shape [${bias.shape.join(', ')}]; expected [${units}] (the units of ` +
          `"${weight.name}")`,
      );
    const prev = layers[l - 1];
    if (prev && prev.units !== fanIn)
      throw new InteropError(
        `tensor "${weight.name}" is [${units}, ${fanIn}], so it takes ${fanIn} inputs, but the layer before it ` +
          `("${prefixes[l - 1]}.weight") has ${prev.units} units: the shapes don't chain`,
      );
    layers.push({
      name:
        names?.[l] ??
        (/^\d+$/.test(prefix) || !/^[A-Za-z_][\w.-]*$/.test(prefix) ? `layer${l + 1}` : prefix.replace(/\./g, '_')),
      units,
      fanIn,
      activation: activationsKnown ? (activations[l] as ActivationName) : 'identity',
      weights: weight.values,
      biases: bias?.values ?? new Float64Array(units),
    });
  });
  return {
    network: { name: metadata[META.name] || fallbackName, input: layers[0].fanIn, layers },
    modules: prefixes,
    sequential: prefixes.every((p) => /^\d+$/.test(p)),
    activationsKnown,
    ...(metadata[META.loss] ? { loss: metadata[META.loss] } : {}),
    ...(metadata[META.lossOutputs] ? { lossOutputs: metadata[META.lossOutputs] } : {}),
  };
}
