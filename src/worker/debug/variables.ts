// The Variables view's tree over the paused state: scopes, then layers, then a layer's matrices, paged by row and
// value. Every entry below a layer carries its expression as its path (`hidden.W[3]`), so expanding it, watching it
// and setting it all go through the expression language.
import type { DebugVariable } from '../../protocol';
import { formatNumber } from '../../shared/format';
import { evaluate, ExpressionError, parseExpression, shapeOf, type Tensor, type Value } from './expressions';
import { SCOPE_FIELDS, type PausedState } from './pausedState';

/** The scopes, in the order the Variables view shows them. */
export const SCOPES = ['parameters', 'forward', 'backward', 'optimizer', 'training'] as const;
export type ScopeName = (typeof SCOPES)[number];

/** Values a row or vector previews in its one-line summary. */
const PREVIEW = 6;

/** Children of `path`: a scope (`scope:forward`), a layer of a scope (`layer:forward:0`), or an expression. */
export function variablesOf(state: PausedState, path: string, start = 0, count?: number): DebugVariable[] {
  const [kind, scope, layer] = path.split(':');
  if (kind === 'scope' && scope === 'training') return trainingVariables(state);
  if (kind === 'scope' && isLayerScope(scope)) {
    return state.layerNames.map((name, l) => {
      const fields = layerFieldsIn(state, scope, l);
      const value = fields.length ? fields.map(([f, t]) => `${f} ${shapeOf(t)}`).join(', ') : notComputed(state, scope);
      return { name, value, path: `layer:${scope}:${l}`, named: fields.length };
    });
  }
  if (kind === 'layer' && isLayerScope(scope)) {
    // δ reads as in the math; its path (`hidden.delta`) stays typeable.
    return layerFieldsIn(state, scope, Number(layer)).map(([f, t]) =>
      variableOf(state, f === 'delta' ? 'δ' : f, t, t.name),
    );
  }
  const value = evaluate(parseExpression(path), state);
  if (typeof value === 'number' || value.kind !== 'tensor') return [];
  const n = value.vector ? value.cols : value.rows;
  const end = Math.min(n, start + (count ?? n));
  const out: DebugVariable[] = [];
  for (let i = start; i < end; i++) {
    const child = value.vector ? value.data[i] : evaluate(parseExpression(`${path}[${i}]`), state);
    out.push(variableOf(state, `[${i}]`, child, `${path}[${i}]`));
  }
  return out;
}

/** One entry for a value: a number formatted like the hovers, or a matrix or vector with a preview and paged rows. */
export function variableOf(state: PausedState, name: string, value: Value, path: string): DebugVariable {
  if (typeof value === 'number') {
    const watchable = /^\w+\.(W|b)\[\d+\](\[\d+\])?$/.test(path) || path === 'lr';
    return { name, value: formatNumber(value), type: 'number', path, ...(watchable ? { watchable: true } : {}) };
  }
  if (value.kind === 'layer') {
    const fields = [...state.layerFields(value.layer).keys()];
    return { name, value: `layer ${value.name}: ${fields.join(', ')}`, path: `layer:all:${value.layer}` };
  }
  const n = value.vector ? value.cols : value.rows;
  return { name, value: `${shapeOf(value)} ${preview(value)}`, type: 'matrix', path, indexed: n };
}

function preview(t: Tensor): string {
  const shown = Math.min(PREVIEW, t.data.length);
  const parts = Array.from({ length: shown }, (_, i) => formatNumber(t.data[i]));
  return `[${parts.join(', ')}${t.data.length > shown ? ', …' : ''}]`;
}

function isLayerScope(scope: string): scope is Exclude<ScopeName, 'training'> | 'all' {
  return scope in SCOPE_FIELDS || scope === 'all';
}

function layerFieldsIn(state: PausedState, scope: string, l: number): [string, Tensor][] {
  if (!Number.isInteger(l) || l < 0 || l >= state.layerNames.length) throw new ExpressionError(`no layer ${l}`);
  const all = state.layerFields(l);
  const wanted: readonly string[] =
    scope === 'all' ? [...all.keys()] : SCOPE_FIELDS[scope as keyof typeof SCOPE_FIELDS];
  return wanted.flatMap((f) => {
    const v = all.get(f);
    return v !== undefined && typeof v !== 'number' ? [[f, v] as [string, Tensor]] : [];
  });
}

function notComputed(state: PausedState, scope: string): string {
  if (scope === 'optimizer') return 'no state (plain gradient descent)';
  const t = state.trainer;
  return t.phasesDone === 0 ? `not computed at step ${t.step}` : `not computed yet in step ${t.step + 1}`;
}

function trainingVariables(state: PausedState): DebugVariable[] {
  const t = state.trainer;
  const g = state.globals;
  const entry = (name: string, path: string, value: number): DebugVariable => variableOf(state, name, value, path);
  return [
    entry('step', 'step', t.step),
    entry('epoch', 'epoch', t.epoch),
    entry('loss (mini-batch)', 'loss', g.get('loss') ?? NaN),
    entry('learning rate', 'lr', t.optimizer.learningRate),
    entry('batch rows', 'batch', t.batchRows),
    ...state.layerNames.map((name, l) => entry(`‖∇${name}‖`, `${name}.gradNorm`, t.layerGradNorms[l])),
  ];
}
