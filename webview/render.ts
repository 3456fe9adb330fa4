// Rebuilds the whole panel from one PanelState: title, problem counts, layer graph and list.
import type { PanelState } from '../src/protocol';
import { el } from './dom';
import { networkGraph } from './graph';

/** A `vscode-badge` holding `text`. */
function badge(text: string, className: string): HTMLElement {
  const node = document.createElement('vscode-badge');
  node.className = className;
  node.textContent = text;
  return node;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Replaces the content of `root` with the view of `state`. */
export function renderState(root: HTMLElement, state: PanelState): void {
  const { errors, warnings } = state.problems;
  const status = el('p', 'status',
    badge(plural(errors, 'error'), errors > 0 ? 'errors has-problems' : 'errors'),
    ' ',
    badge(plural(warnings, 'warning'), 'warnings'));
  if (state.stale) status.append(' ', el('span', 'stale', 'Showing the last valid version: fix the errors to update.'));

  const children: Node[] = [el('h1', 'spec-name', state.name), el('p', 'file-name', state.fileName), status];
  if (state.input !== undefined && state.layers.length > 0) {
    children.push(el('div', 'graph-box', networkGraph(state.input, state.layers)));
    const items = state.layers.map((layer, i) =>
      el('li', 'layer', el('span', 'layer-name', layer.name), ' ',
        badge(plural(layer.units, 'unit'), 'units'), ' ',
        el('span', 'activation', layer.activation),
        el('span', 'role', i === state.layers.length - 1 ? ' · output' : '')));
    children.push(el('h2', '', 'Layers'), el('ol', 'layers', ...items));
  } else {
    children.push(el('p', 'empty', 'No valid network yet: fix the problems listed in the Problems panel.'));
  }
  root.replaceChildren(...children);
}
