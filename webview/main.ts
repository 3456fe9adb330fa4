// The panel's entry point: handshake with the host, validate and route each message, coalesce redraws per frame.
import type { FromWebview, PanelState, ToWebview } from '../src/protocol';
import type { PanelContext } from './state/context';
import { Panel, type Part } from './views/panel';
import { ExactValues } from './state/pictures';
import { applyMessage, type ViewSettings } from './state/store';
import { onThemeChange } from './drawing/theme';
import { timingSink } from './drawing/timing';
import { validateToWebview } from './state/validate';
import { reviveNonFinite } from './state/wire';
import { loadSettings, post, saveSettings } from './state/vscodeApi';

const root = document.getElementById('app')!;
const panel = new Panel(root);
let state: PanelState | undefined;
let settings: ViewSettings = loadSettings();
const pending = new Set<Part>();
/** Exact numbers of parameters the snapshot holds only as pictures, asked of the host. */
const exactValues = new ExactValues((ref) => post({ type: 'param/inspect', ref }));
let frame = 0;

/** Bumped on every rebuild, resize and theme change (see PanelContext.layout). */
let layout = 0;

const ctx: PanelContext = {
  get state() {
    return state!;
  },
  get layout() {
    return layout;
  },
  get settings() {
    return settings;
  },
  setSettings(patch) {
    settings = { ...settings, ...patch };
    saveSettings(settings);
    schedule('settings');
  },
  post(message: FromWebview) {
    post(message);
  },
  exact(ref) {
    const snapshot = state?.session.snapshot;
    return snapshot && exactValues.get(snapshot, ref);
  },
};

/** Marks a part for redraw; all marks of a frame are drawn once (data may stream faster than frames). */
function schedule(part: Part): void {
  pending.add(part);
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (!state) return pending.clear();
    const parts = new Set(pending);
    pending.clear();
    if (parts.has('all') || parts.has('resize') || parts.has('theme')) layout++;
    const sink = timingSink();
    const t0 = sink ? performance.now() : 0;
    if (parts.has('all')) panel.rebuild(ctx);
    else panel.update(ctx, parts);
    sink?.draw.push(performance.now() - t0);
  });
}

function receive(message: ToWebview): void {
  if (message.type === 'panel/state') exactValues.clear();
  const result = applyMessage(state, message);
  state = result.state;
  if (state && result.change) panel.observe(state, result.change);
  if (result.param) exactValues.answer(result.param);
  if (result.cell) panel.showCell(result.cell);
  if (result.change) schedule(result.change);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const checked = validateToWebview(reviveNonFinite(event.data));
  if (!checked.ok) {
    console.warn(`Backprop panel: ignoring a message (${checked.error})`);
    return;
  }
  receive(checked.message);
});

onThemeChange(() => schedule('all'));
let width = root.clientWidth;
new ResizeObserver(() => {
  if (Math.abs(root.clientWidth - width) < 8) return;
  width = root.clientWidth;
  schedule('resize');
}).observe(root);

post({ type: 'ui/ready' });
