// The panel's header: spec name, file, problem counts and the session's status with its message.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { PanelContext, Section } from '../state/context';
import { plural } from '../../src/shared/format';
import { el } from '../drawing/dom';
import { statusText } from './descriptions';

function badge(text: string, className: string): HTMLElement {
  const node = document.createElement('vscode-badge');
  node.className = className;
  node.textContent = text;
  return node;
}

export class Header implements Section {
  readonly element = el('header', 'panel-header');
  /** What the header shows, so the progress messages of a run (which change none of it) leave its DOM alone. */
  private shown = '';

  update(ctx: PanelContext): void {
    const state = ctx.state;
    const { errors, warnings } = state.problems;
    const status = statusText(state);
    const spec = state.spec;
    const facts = spec
      ? `${[spec.input, ...spec.layers.map((l) => l.units)].join('-')} · ${spec.loss} · ${spec.optimizer} · batch ` +
        `${spec.batchSize} · ${spec.epochs} epochs · ${spec.paramCount} parameters`
      : '';
    const shows = JSON.stringify([
      spec?.name,
      state.fileName,
      status,
      errors,
      warnings,
      facts,
      state.session.warning,
      state.stale,
      state.specHasErrors,
    ]);
    if (shows === this.shown) return;
    this.shown = shows;
    const notes: HTMLElement[] = [];
    if (status.detail) notes.push(el('p', `banner ${status.tone}`, status.detail));
    if (state.session.warning) notes.push(el('p', 'banner warn session-warning', state.session.warning));
    if (state.stale) notes.push(el('p', 'banner warn', 'The spec changed since training started — Reset to apply.'));
    if (state.specHasErrors)
      notes.push(el('p', 'banner warn', 'The spec has errors: the panel shows its last valid version.'));
    this.element.replaceChildren(
      el(
        'div',
        'title-row',
        el('h1', 'spec-name', spec?.name ?? state.fileName),
        el('span', 'file-name', state.fileName),
        el('span', `status-pill ${status.tone}`, status.label),
        badge(plural(errors, 'error'), errors > 0 ? 'errors has-problems' : 'errors'),
        badge(plural(warnings, 'warning'), 'warnings'),
      ),
      el('p', 'facts', facts),
      ...notes,
    );
  }
}
