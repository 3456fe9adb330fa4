// The line above the network graph that names the debugger's selected frame while a debug session of the spec is
// paused (the graph highlights the frame's layer).
import type { PanelContext, Section } from '../state/context';
import { el } from '../drawing/dom';
import { debugFrameCaption } from './descriptions';

export class DebugFrameView implements Section {
  readonly element = el('p', 'debug-frame');

  update(ctx: PanelContext): void {
    const text = debugFrameCaption(ctx.state);
    this.element.hidden = text === undefined;
    this.element.textContent = text ?? '';
  }
}
