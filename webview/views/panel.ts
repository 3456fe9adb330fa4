// Builds the whole panel from a PanelState and routes each kind of change to the sections it affects.
import type { PanelState } from '../../src/protocol';
import { BoundaryView } from './boundaryView';
import { ChartsView } from './charts';
import type { PanelContext } from '../state/context';
import { Controls } from './controls';
import { el } from '../drawing/dom';
import { GradCheckView } from './gradcheckView';
import { GraphView } from './graphView';
import { Header } from './header';
import type { Change } from '../state/store';
import { StepView } from './stepView';

/** Which sections redraw for a change ('settings': the user changed a view setting). */
export type Part = Change | 'settings' | 'theme' | 'resize';

interface Sections {
  header: Header;
  controls?: Controls;
  graph?: GraphView;
  charts?: ChartsView;
  step?: StepView;
  boundary?: BoundaryView;
  check?: GradCheckView;
}

/** A titled block of the panel. */
function block(title: string, className: string, ...children: (Node | string)[]): HTMLElement {
  return el('section', `block ${className}`, el('h2', '', title), ...children);
}

export class Panel {
  private sections: Sections = { header: new Header() };

  constructor(private readonly root: HTMLElement) {}

  /** Throws the old view away and builds a new one for `ctx.state`. */
  rebuild(ctx: PanelContext): void {
    this.dispose();
    const state: PanelState = ctx.state;
    const s: Sections = { header: new Header() };
    const children: Node[] = [s.header.element];
    if (state.spec) {
      s.controls = new Controls(ctx);
      s.graph = new GraphView(ctx);
      s.charts = new ChartsView(ctx);
      s.step = new StepView();
      s.check = new GradCheckView();
      const toggle = edgeToggle(ctx);
      children.push(
        s.controls.element,
        block('Network', 'network', toggle, s.graph.element),
        block('Training', 'training', s.charts.element),
      );
      if (state.spec.input === 2) {
        s.boundary = new BoundaryView();
        children.push(block('Decision boundary', 'boundary', s.boundary.element));
      }
      children.push(block('Step view', 'step', s.step.element), block('Gradient check', 'check', s.check.element));
    }
    this.root.replaceChildren(...children);
    this.sections = s;
    this.update(ctx, new Set<Part>(['all']));
  }

  /** Redraws the sections that depend on the changed parts. */
  update(ctx: PanelContext, parts: ReadonlySet<Part>): void {
    const all = parts.has('all') || parts.has('theme') || parts.has('resize');
    const any = (...p: Part[]): boolean => all || p.some((x) => parts.has(x));
    const s = this.sections;
    if (any('progress')) s.header.update(ctx);
    if (any('progress', 'snapshot')) s.controls?.update(ctx);
    if (any('snapshot', 'detail', 'settings')) s.graph?.update(ctx);
    else if (any('param')) s.graph?.refreshTip(ctx);
    if (any('progress')) s.charts?.update(ctx);
    if (any('detail', 'snapshot', 'settings', 'param')) s.step?.update(ctx);
    if (any('boundary')) s.boundary?.update(ctx);
    if (any('check', 'settings')) s.check?.update(ctx);
  }

  dispose(): void {
    this.sections.charts?.dispose();
  }
}

/** Weights / gradients switch for the graph's edges. */
function edgeToggle(ctx: PanelContext): HTMLElement {
  const group = el('div', 'toggle');
  group.setAttribute('role', 'radiogroup');
  group.setAttribute('aria-label', 'Edges show');
  for (const value of ['weights', 'gradients'] as const) {
    const b = el('button', ctx.settings.edges === value ? 'on' : '', value);
    b.setAttribute('role', 'radio');
    b.setAttribute('aria-checked', String(ctx.settings.edges === value));
    b.addEventListener('click', () => {
      for (const other of group.children) {
        other.classList.toggle('on', other === b);
        other.setAttribute('aria-checked', String(other === b));
      }
      ctx.setSettings({ edges: value });
    });
    group.append(b);
  }
  return el('div', 'graph-tools', el('span', 'label', 'Edges show '), group);
}
