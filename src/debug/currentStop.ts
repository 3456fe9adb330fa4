// Where the session is paused and what the client sees of it: the Call Stack's frames, the exception widget, the
// panel's focus for a selected frame and the values shown beside each layer's line.
import { StackFrame, type Source } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugStartInfo, DebugStop } from '../protocol';
import { framesOf, PHASE_FRAME, STEP_FRAME, type Frame } from './frames';

/** What the panel shows for a selected frame: its name within the step, and the layer it computes. */
export interface FrameFocus {
  label?: string;
  layer?: number;
}

/** An inline value and the spec line it goes beside (none when the layer's object was not located). */
export interface InlineValue {
  layer: number;
  text: string;
  line?: number;
}

export class CurrentStop {
  private last: DebugStop | undefined;

  constructor(private readonly info: DebugStartInfo) {}

  /** The session stopped at `stop`. */
  stopped(stop: DebugStop): void {
    this.last = stop;
  }

  /** The Call Stack's frames at the stop (an edit while paused renames the step frame). */
  private get frames(): Frame[] {
    return this.last ? framesOf(this.info, this.last.position) : [];
  }

  /** The stop, or undefined before the first. */
  get stop(): DebugStop | undefined {
    return this.last;
  }

  /** The user set a value while paused: the step frame says so from now on. */
  markEdited(): void {
    if (this.last) this.last.position.edited = true;
  }

  /** The Call Stack, every frame in `source` (the spec). */
  stackFrames(source: Source): DebugProtocol.StackFrame[] {
    return this.frames.map((f) => {
      const frame: DebugProtocol.StackFrame = new StackFrame(f.id, f.name, source, f.line, f.column);
      if (f.endLine !== undefined) frame.endLine = f.endLine;
      if (f.endColumn !== undefined) frame.endColumn = f.endColumn;
      return frame;
    });
  }

  /** The layer frame `frameId` computes: bare field names in an expression evaluated there refer to it. */
  layerOf(frameId: number | undefined): number | undefined {
    return this.frames.find((f) => f.id === frameId)?.layer;
  }

  /** The panel's focus for the frame the user selected (any id a client sends; an unknown one focuses nothing). */
  focus(frameId: unknown): FrameFocus {
    const frames = this.frames;
    const frame = frames.find((f) => f.id === frameId);
    if (!frame) return {};
    const step = frames.find((f) => f.id === STEP_FRAME);
    const label = frame.id === PHASE_FRAME && step ? `${frame.name} in ${step.name}` : frame.name;
    return frame.layer === undefined ? { label } : { label, layer: frame.layer };
  }

  /** What the editor shows beside each layer's line while paused (mean activation, ‖δ‖, ‖dW‖). */
  inlineValues(): InlineValue[] {
    const lines = this.info.layers.map((l) => l.range?.line);
    return (this.last?.inline ?? []).map((x) => ({ ...x, line: lines[x.layer] }));
  }
}

/** The exception widget for `stop`; before any stop, the breakpoint that is on by default. */
export function exceptionInfo(stop: DebugStop | undefined): DebugProtocol.ExceptionInfoResponse['body'] {
  return {
    // VS Code titles the exception widget with the id ("Exception has occurred: …"), so it is the breakpoint's name.
    exceptionId: stop?.description ?? 'Non-finite value',
    description: stop?.text ?? stop?.description,
    breakMode: 'always',
  };
}
