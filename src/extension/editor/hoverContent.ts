// Hover text for a position in a spec: a pure function of (text, offset, spec, session facts), no VS Code types.
import { getLocation } from 'jsonc-parser';
import { formatNumber as fmt } from '../../shared/format';
import { ParamLayout, sameRef } from '../../shared/paramLayout';
import type { GradCheckInfo, Snapshot } from '../../protocol';
import { paramAtOffset, type ParamRef } from '../../netspec/index';
import type { Spec } from '../../netspec/types';
import { sparkline } from '../sessions/gradientRing';
import { layerShape, sameShape } from './specShape';

/** What a hover needs from a training session. */
export interface HoverSession {
  /** [input, units of each layer] of the spec the session loaded. */
  shape: readonly number[];
  snapshot?: Snapshot;
  check?: GradCheckInfo;
  /** The gradient of a flat parameter in the last few snapshots, oldest first. */
  gradientHistory(index: number): number[];
}

/** A command link the hover offers when there is no session yet (e.g. `command:backprop.step?…`). */
export interface HoverLinks {
  computeGradients: string;
}

/** Markdown for the layer, weight or bias under `offset`, or undefined elsewhere. */
export function hoverMarkdown(
  text: string,
  offset: number,
  spec: Spec,
  session: HoverSession | undefined,
  links: HoverLinks,
): string | undefined {
  const target = paramAtOffset(text, offset);
  if (!target) return inputHover(text, offset, spec);
  const shapeOk = !session || sameShape(session.shape, layerShape(spec.model));
  // A session of an earlier shape cannot be mapped onto this text: say so instead of offering a step it would take.
  const missing = shapeOk
    ? noGradients(links)
    : `The training session runs this spec's earlier shape (${session.shape.join('-')}): reset to train the edited ` +
      `network.`;
  const live = shapeOk ? session : undefined;
  if ('ref' in target) return paramHover(spec, target.ref, live, missing);
  return layerHover(spec, target.layer, live, missing);
}

function inputHover(text: string, offset: number, spec: Spec): string | undefined {
  return getLocation(text, offset).path[0] === 'input' ? `**input**: ${spec.model.input} features` : undefined;
}

function noGradients(links: HoverLinks): string {
  return `No gradients yet: [Compute gradients](${links.computeGradients}) (one training step).`;
}

/** `missing` is what to say when there are no gradients to show. */
function paramHover(spec: Spec, ref: ParamRef, session: HoverSession | undefined, missing: string): string | undefined {
  const layer = spec.model.layers[ref.layer];
  if (!layer) return undefined;
  const layout = new ParamLayout(spec.model);
  const path = layout.pathOf(ref);
  const fileValue = ref.kind === 'weight' ? layer.weights?.[ref.row]?.[ref.col] : layer.biases?.[ref.row];
  const lines = [`**${path}**`, ''];
  const snapshot = session?.snapshot;
  if (!session || !snapshot) {
    if (fileValue !== undefined) lines.push(`value in the file: ${fmt(fileValue)}`, '');
    lines.push(missing);
    return lines.join('\n');
  }
  const i = layout.indexOf(ref);
  const value = snapshot.params[i];
  const differs = fileValue !== undefined && fileValue !== value;
  lines.push(`value: ${fmt(value)}${differs ? ` (in the file: ${fmt(fileValue)})` : ''}  `);
  lines.push(`gradient: ${fmt(snapshot.grads[i])} at step ${snapshot.step}  `);
  lines.push(`last update: ${fmt(snapshot.lastUpdate[i])}  `);
  const history = session.gradientHistory(i);
  if (history.length > 1)
    lines.push(`recent gradients: \`${sparkline(history)}\` (last ${history.length} snapshots)  `);
  const row = session.check?.rows.find((r) => sameRef(r.ref, ref));
  if (row) {
    const mark = row.mismatch ? '⚠ mismatch' : '✓';
    lines.push(
      `gradient check: numerical ${fmt(row.numeric)}, backprop ${fmt(row.analytic)}, relative error ` +
        `${fmt(row.relError)} ${mark}${row.kink ? ' (relu kink)' : ''}`,
    );
  }
  return lines.join('\n');
}

function layerHover(spec: Spec, index: number, session: HoverSession | undefined, missing: string): string | undefined {
  const layer = spec.model.layers[index];
  if (!layer) return undefined;
  const slots = new ParamLayout(spec.model).layers[index];
  const { fanIn } = slots;
  const weights = slots.bOffset - slots.wOffset;
  const role = index === spec.model.layers.length - 1 ? 'output layer' : `hidden layer ${index + 1}`;
  const lines = [
    `**${layer.name}** (${role} of ${spec.model.layers.length})`,
    '',
    `${layer.units} units · ${layer.activation} · fan-in ${fanIn} · ` +
      `${weights + layer.units} parameters (${weights} weights + ${layer.units} biases)`,
    '',
  ];
  const snapshot = session?.snapshot;
  if (!snapshot) lines.push(missing);
  else {
    let sq = 0;
    for (let k = slots.wOffset; k < slots.bOffset + slots.units; k++) sq += snapshot.grads[k] ** 2;
    lines.push(`gradient norm: ${fmt(Math.sqrt(sq))} at step ${snapshot.step}  `);
    const health = snapshot.health[index];
    if (health) {
      const dead = layer.activation === 'relu' ? ` · dead relu units: ${health.dead} of ${layer.units}` : '';
      const squashing = layer.activation === 'sigmoid' || layer.activation === 'tanh';
      const saturated = squashing ? ` · saturated units: ${health.saturated} of ${layer.units}` : '';
      lines.push(`mean activation: ${fmt(health.meanActivation)}${dead}${saturated}`);
    }
  }
  return lines.join('\n');
}
