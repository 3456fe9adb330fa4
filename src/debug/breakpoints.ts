// The client's breakpoints translated into the worker's breakpoint sets, and the worker's verdicts back: line
// breakpoints are placed on the layer whose object spans their line, exception and data breakpoints pass through.
import { Breakpoint } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugBreakpoints, DebugBreakpointsSet, DebugStartInfo } from '../protocol';
import { layerAtLine } from './frames';

type Verdict = DebugBreakpointsSet['layers'][number];

/** Line breakpoints placed on layers, and how to answer the client once the worker has judged them. */
export interface PlacedLines {
  layers: NonNullable<DebugBreakpoints['layers']>;
  /** The client's breakpoints in the order it sent them, given the worker's verdicts on `layers`. */
  answer(verdicts: Verdict[]): DebugProtocol.Breakpoint[];
}

/** The line breakpoints of one session. */
export class LineBreakpoints {
  // One id per line for the whole session: a stop names the line's breakpoint by it (hitBreakpointIds), and the
  // client replaces every breakpoint of a file at each change.
  private readonly ids = new Map<number, number>();
  private nextId = 1;

  /** Places `requested` on the layers of `info`; none is placed when they belong to another file than the spec. */
  place(info: DebugStartInfo, inSpec: boolean, requested: DebugProtocol.SourceBreakpoint[]): PlacedLines {
    const placed = requested.map((b) => ({ b, layer: inSpec ? layerAtLine(info, b.line) : undefined }));
    const layers = placed.flatMap(({ b, layer }) =>
      layer === undefined
        ? []
        : [{ id: this.idOf(b.line), layer, condition: b.condition, hitCondition: b.hitCondition }],
    );
    const answer = (verdicts: Verdict[]): DebugProtocol.Breakpoint[] => {
      let k = 0;
      return placed.map(({ b, layer }) => {
        if (layer === undefined) {
          const bp: DebugProtocol.Breakpoint = new Breakpoint(false, b.line);
          bp.message = inSpec ? "Breakpoints go on a layer's lines" : 'Not the spec being debugged';
          return bp;
        }
        const verdict = verdicts[k++];
        const bp: DebugProtocol.Breakpoint = new Breakpoint(verdict.verified, b.line);
        bp.id = this.idOf(b.line);
        if (verdict.message) bp.message = verdict.message;
        return bp;
      });
    };
    return { layers, answer };
  }

  private idOf(line: number): number {
    let id = this.ids.get(line);
    if (id === undefined) this.ids.set(line, (id = this.nextId++));
    return id;
  }
}

/** The exception filters switched on, with the conditions typed for those that take one. */
export function exceptionBreakpoints(
  args: DebugProtocol.SetExceptionBreakpointsArguments,
): NonNullable<DebugBreakpoints['exceptions']> {
  return [
    ...args.filters.map((filter) => ({ filter })),
    ...(args.filterOptions ?? []).map((o) => ({ filter: o.filterId, condition: o.condition })),
  ];
}

/** Data breakpoints by the path of the weight or bias they watch (their dataId). */
export function dataBreakpoints(args: DebugProtocol.SetDataBreakpointsArguments): DebugBreakpoints['data'] {
  return args.breakpoints.map((b) => ({ path: b.dataId, condition: b.condition, hitCondition: b.hitCondition }));
}

/** The worker's verdicts on exception or data breakpoints, as the client's breakpoints. */
export function answerOf(verdicts: Verdict[]): DebugProtocol.Breakpoint[] {
  return verdicts.map((v) => ({ verified: v.verified, ...(v.message ? { message: v.message } : {}) }));
}

/** Paths compared as `platform` does: case-insensitively on Windows; a backslash reads as a slash. */
export function samePath(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  const norm = (p: string): string => (platform === 'win32' ? p.toLowerCase() : p).replace(/\\/g, '/');
  return norm(a) === norm(b);
}
