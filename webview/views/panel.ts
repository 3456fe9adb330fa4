// Builds the whole panel from a PanelState and routes each kind of change to the sections it affects.
import type { CellExamples, PanelState } from '../../src/protocol';
import { Announcer, type Clock } from './announcer';
import { BoundaryView } from './boundaryView';
import { ChartsView } from './charts';
import type { PanelContext } from '../state/context';
import { Controls } from './controls';
import { DebugFrameView } from './debugFrame';
import { el } from '../drawing/dom';
import { GradCheckView } from './gradcheckView';
import { GraphView } from './graphView';
import { Header } from './header';
import { ImagesView } from './imagesView';
import { Narrator } from './narrator';
import { radioGroup } from './radioGroup';
import type { Change } from '../state/store';
import { StepView } from './stepView';

/** Which sections redraw for a change ('settings': the user changed a view setting). */
export type Part = Change | 'settings' | 'theme' | 'resize';

interface Sections {
  header: Header;
  controls?: Controls;
  graph?: GraphView;
  debugFrame?: DebugFrameView;
  charts?: ChartsView;
  step?: StepView;
  boundary?: BoundaryView;
  images?: ImagesView;
  check?: GradCheckView;
}

/** A titled block of the panel. */
function block(title: string, className: string, ...children: (Node | string)[]): HTMLElement {
  return el('section', `block ${className}`, el('h2', '', title), ...children);
}

export class Panel {
  private sections: Sections = { header: new Header() };
  private readonly announcer = new Announcer(liveRegion(), browserClock);
  private readonly narrator = new Narrator(this.announcer);
  /** The confusion cell's examples last shown, kept across rebuilds. */
  private cell?: CellExamples;

  constructor(private readonly root: HTMLElement) {}

  /** Announces what a message changed (every message, before the redraw it schedules). */
  observe(state: PanelState, change: Change): void {
    this.narrator.observe(state, change);
  }

  /** Throws the old view away and builds a new one for `ctx.state`. */
  rebuild(ctx: PanelContext): void {
    this.dispose();
    const state: PanelState = ctx.state;
    const s: Sections = { header: new Header() };
    const children: Node[] = [s.header.element];
    if (state.spec) {
      s.controls = new Controls(ctx);
      s.graph = new GraphView(ctx, this.announcer);
      s.debugFrame = new DebugFrameView();
      s.charts = new ChartsView(ctx);
      s.step = new StepView();
      s.check = new GradCheckView();
      const toggle = edgeToggle(ctx);
      children.push(
        s.controls.element,
        block('Network', 'network', toggle, s.debugFrame.element, s.graph.element),
        block('Training', 'training', s.charts.element),
      );
      if (state.spec.input === 2) {
        s.boundary = new BoundaryView();
        children.push(block('Decision boundary', 'boundary', s.boundary.element));
      }
      if ((state.spec.inputShape?.length ?? 0) >= 2) {
        s.images = new ImagesView(ctx);
        if (this.cell) s.images.showCell(this.cell);
        children.push(block('Images', 'images-block', s.images.element));
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
    if (any('frame')) s.debugFrame?.update(ctx);
    if (any('snapshot', 'detail', 'settings', 'frame')) s.graph?.update(ctx);
    else if (any('param')) s.graph?.refreshTip(ctx);
    if (any('progress')) s.charts?.update(ctx);
    if (any('detail', 'snapshot', 'settings', 'param')) s.step?.update(ctx);
    if (any('boundary')) s.boundary?.update(ctx);
    if (any('snapshot')) s.images?.update();
    if (any('check', 'settings')) s.check?.update(ctx);
  }

  /** Shows the confusion cell's examples the host answered with. */
  showCell(examples: CellExamples): void {
    this.cell = examples;
    this.sections.images?.showCell(examples);
  }

  dispose(): void {
    this.sections.charts?.dispose();
  }
}

const browserClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (handle) => window.clearTimeout(handle),
};

/**
 * A visually hidden polite live region on the body (outside the part of the page that is rebuilt, so screen readers
 * keep watching it); returns a function that puts text in it. The same text twice gets a trailing no-break space so
 * that it is read again.
 */
function liveRegion(): (text: string) => void {
  const region = document.createElement('div');
  region.className = 'sr-only';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.id = 'announcements';
  document.body.append(region);
  return (text) => {
    region.textContent = region.textContent === text ? `${text}\u00a0` : text;
  };
}

/** Weights / gradients switch for the graph's edges. */
function edgeToggle(ctx: PanelContext): HTMLElement {
  const group = radioGroup('Edges show', ['weights', 'gradients'] as const, ctx.settings.edges, (edges) =>
    ctx.setSettings({ edges }),
  );
  return el('div', 'graph-tools', el('span', 'label', 'Edges show '), group);
}
