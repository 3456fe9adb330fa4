// Hover text for a position in a spec: a pure function of (text, offset, spec), no VS Code types.
import { getLocation } from 'jsonc-parser';
import type { Spec } from '../spec/types';

/** Markdown describing the layer (or the input) under `offset`, or undefined elsewhere. */
export function hoverMarkdown(text: string, offset: number, spec: Spec): string | undefined {
  const path = getLocation(text, offset).path;
  if (path[0] === 'input') return `**input**: ${spec.model.input} features`;
  if (path[0] !== 'layers' || typeof path[1] !== 'number') return undefined;
  const index = path[1];
  const layer = spec.model.layers[index];
  if (!layer) return undefined;
  const fanIn = index === 0 ? spec.model.input : spec.model.layers[index - 1]!.units;
  const weights = layer.units * fanIn;
  const role = index === spec.model.layers.length - 1 ? 'output layer' : `hidden layer ${index + 1}`;
  return [
    `**${layer.name}** (${role} of ${spec.model.layers.length})`,
    '',
    `${layer.units} units · ${layer.activation} · fan-in ${fanIn} · ` +
      `${weights + layer.units} parameters (${weights} weights + ${layer.units} biases)`,
  ].join('\n');
}
