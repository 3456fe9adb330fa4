// The panel's state: the host's last full PanelState with the streamed updates applied, and the view-only settings
// (pure).
import type { CellExamples, PanelState, ParamRef, ParamValue, ToWebview } from '../../src/protocol';
import type { SampleChoice } from './chainRule';
import { DEFAULT_SORT, SORT_KEYS, type GradSort, type GradSortKey } from './gradcheckSort';
import { appendHistory } from '../../src/shared/history';

/** What the user chose to look at; kept in the webview's own state so a rebuilt panel shows the same view. */
export interface ViewSettings {
  edges: 'weights' | 'gradients';
  sample: SampleChoice;
  weight?: ParamRef;
  sort: GradSort;
}

export const DEFAULT_SETTINGS: ViewSettings = { edges: 'weights', sample: 'mean', sort: DEFAULT_SORT };

/** Settings read back from `getState()`, each field checked (the stored value may come from an older version). */
export function readSettings(raw: unknown): ViewSettings {
  const out: ViewSettings = { ...DEFAULT_SETTINGS };
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as Record<string, unknown>;
  if (r.edges === 'weights' || r.edges === 'gradients') out.edges = r.edges;
  if (r.sample === 'mean' || (Number.isInteger(r.sample) && (r.sample as number) >= 0))
    out.sample = r.sample as SampleChoice;
  const w = r.weight as Record<string, unknown> | undefined;
  if (w && Number.isInteger(w.layer) && Number.isInteger(w.row)) {
    if (w.kind === 'bias') out.weight = { layer: w.layer as number, kind: 'bias', row: w.row as number };
    else if (w.kind === 'weight' && Number.isInteger(w.col))
      out.weight = { layer: w.layer as number, kind: 'weight', row: w.row as number, col: w.col as number };
  }
  const s = r.sort as Record<string, unknown> | undefined;
  if (s && SORT_KEYS.includes(s.key as GradSortKey) && typeof s.descending === 'boolean')
    out.sort = { key: s.key as GradSortKey, descending: s.descending };
  return out;
}

/** Which parts of the view a message changed. */
export type Change = 'all' | 'progress' | 'snapshot' | 'detail' | 'boundary' | 'check' | 'param' | 'frame' | 'cell';

/**
 * Applies a host message to the state it refines; returns what changed (nothing before the first full state), and
 * for 'param' the parameter's exact numbers the host answered with, for 'cell' the confusion cell's examples it
 * answered with (both the panel's own, never part of the host's state).
 */
export function applyMessage(
  state: PanelState | undefined,
  message: ToWebview,
): { state: PanelState | undefined; change?: Change; param?: ParamValue; cell?: CellExamples } {
  if (message.type === 'panel/state') return { state: message.state, change: 'all' };
  if (!state) return { state };
  const session = state.session;
  switch (message.type) {
    case 'session/progress':
      session.progress = message.progress;
      if (message.progress.running) session.status = 'running';
      for (const point of message.points) appendHistory(session.history, point);
      return { state, change: 'progress' };
    case 'session/snapshot':
      session.snapshot = message.snapshot;
      return { state, change: 'snapshot' };
    case 'session/stepDetail':
      session.stepDetail = message.detail;
      return { state, change: 'detail' };
    case 'session/boundary':
      session.boundary = message.grid;
      return { state, change: 'boundary' };
    case 'session/check':
      session.gradCheck = message.result;
      return { state, change: 'check' };
    case 'session/param':
      return { state, change: 'param', param: message.value };
    case 'debug/frame':
      state.debugFrame = message.focus;
      return { state, change: 'frame' };
    case 'session/cellExamples':
      return { state, change: 'cell', cell: message.examples };
    default: {
      const unhandled: never = message;
      return { state: unhandled };
    }
  }
}
