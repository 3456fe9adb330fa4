// The Debug Adapter Protocol side of a training debug session. It only brokers: every step, value and breakpoint
// check happens on the session's worker; this maps DAP requests onto worker requests and the worker's stops onto
// DAP events. It runs inline in the extension host and standalone over stdio (standalone.ts).
import {
  Breakpoint,
  Handles,
  InitializedEvent,
  LoggingDebugSession,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugMotion, DebugStartInfo, DebugStop, DebugVariable } from '../protocol';
import { framesOf, layerAtLine, PHASE_FRAME, STEP_FRAME, type Frame } from './frames';
import { WorkerLink } from './workerLink';

/** The launch configuration's fields (package.json's debuggers contribution describes them to the user). */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The spec to train, an absolute path. */
  spec: string;
  stopOnEntry?: boolean;
  precision?: 'float32' | 'float64';
  /** Steps Continue trains at most (default: the spec's epochs). */
  maxSteps?: number;
  /** Memory the Step Back ring may hold, in MiB (default 256). */
  stepBackMemoryMb?: number;
}

export interface AdapterOptions {
  workerPath: string;
  /** The spec's text: the editor's (unsaved edits included) inline, the file's standalone. */
  readSpec(path: string): Promise<string>;
  maxMemoryMb?: number;
  /** Data files must stay inside this folder (the workspace's, inline). */
  allowedRoot?(specPath: string): string | undefined;
}

const THREAD = 1;

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: 'nonFinite',
    label: 'Non-finite value',
    description: 'Stop where the first NaN or ±Infinity appears: the step, phase, layer and unit',
    default: true,
  },
  {
    filter: 'gradNorm',
    label: 'Gradient norm above…',
    description: "Stop when a layer's ‖dJ/dθ‖ meets the condition",
    supportsCondition: true,
    conditionDescription: 'A comparison with a number, e.g. > 10',
  },
  {
    filter: 'lossAbove',
    label: 'Loss above…',
    description: "Stop when the mini-batch's loss meets the condition",
    supportsCondition: true,
    conditionDescription: 'A comparison with a number, e.g. > 5',
  },
  {
    filter: 'lossIncreased',
    label: 'Loss increased',
    description: "Stop when a mini-batch's loss is above the one before it",
  },
  {
    filter: 'deadUnits',
    label: 'Dead units above…',
    description: 'Stop when the fraction of a ReLU layer’s units that output 0 for the whole batch meets the condition',
    supportsCondition: true,
    conditionDescription: 'A fraction of the units, e.g. > 0.5',
  },
];

export class BackpropDebugSession extends LoggingDebugSession {
  private link: WorkerLink | undefined;
  private info: DebugStartInfo | undefined;
  private specPath = '';
  private lastStop: DebugStop | undefined;
  private frames: Frame[] = [];
  private handles = new Handles<string>();
  /** The path of each child the Variables view was given, by `reference␀name`, for setVariable and data breakpoints. */
  private childPaths = new Map<string, string>();
  private lineBreakpointIds = new Map<number, number>();
  private nextBreakpointId = 1;
  private readonly started: Promise<DebugStartInfo>;
  private resolveStarted!: (info: DebugStartInfo) => void;
  private rejectStarted!: (err: Error) => void;
  private readonly configured: Promise<void>;
  private resolveConfigured!: () => void;
  private ended = false;

  constructor(private readonly options: AdapterOptions) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.started = new Promise((resolve, reject) => {
      this.resolveStarted = resolve;
      this.rejectStarted = reject;
    });
    this.started.catch(() => undefined); // a failed launch is reported by the launch request itself
    this.configured = new Promise((resolve) => (this.resolveConfigured = resolve));
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsDataBreakpoints: true,
      supportsExceptionInfoRequest: true,
      supportsExceptionFilterOptions: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.resolveConfigured();
    this.sendResponse(response);
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): void {
    void this.launch(response, args);
  }

  private async launch(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    try {
      if (typeof args.spec !== 'string' || !args.spec) throw new Error('the launch configuration names no "spec"');
      this.specPath = args.spec;
      const text = await this.options.readSpec(args.spec).catch((err: Error) => {
        throw new Error(`cannot read ${args.spec}: ${err.message}`);
      });
      this.link = new WorkerLink(
        this.options.workerPath,
        { stopped: (stop) => this.stopped(stop), failed: (message) => this.fail(message) },
        this.options.maxMemoryMb,
      );
      const info = await this.link.request({
        type: 'debug/start',
        source: {
          text,
          specPath: args.spec,
          allowedRoot: this.options.allowedRoot?.(args.spec),
          precision: args.precision,
        },
        maxSteps: args.maxSteps,
        ringBudgetBytes: args.stepBackMemoryMb ? args.stepBackMemoryMb * 1024 * 1024 : undefined,
      });
      this.info = info;
      this.resolveStarted(info);
      const ring = info.ring;
      this.sendEvent(
        new OutputEvent(
          `Debugging ${info.name}: ${info.layers.length} layers, ${info.totalSteps} steps; Step Back reaches ` +
            `${ring.depth} steps (${Math.round(ring.budgetBytes / 2 ** 20)} MiB at most)\n`,
          'console',
        ),
      );
    } catch (err) {
      this.rejectStarted(err as Error);
      this.sendErrorResponse(response, { id: 1, format: (err as Error).message, showUser: true });
      await this.link?.close();
      return;
    }
    this.sendResponse(response);
    await this.configured;
    this.link.post({ type: 'debug/motion', motion: args.stopOnEntry === false ? 'continue' : 'entry' });
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    void this.answer(response, async () => {
      const info = await this.started;
      const requested = args.breakpoints ?? [];
      const ours = samePath(args.source.path ?? '', this.specPath);
      const placed = requested.map((b) => ({ b, layer: ours ? layerAtLine(info, b.line) : undefined }));
      const layers = placed.flatMap(({ b, layer }) => {
        if (layer === undefined) return [];
        const id = this.breakpointIdFor(b.line);
        return [{ id, layer, condition: b.condition, hitCondition: b.hitCondition }];
      });
      const set = await this.link!.request({ type: 'debug/breakpoints', breakpoints: { layers } });
      let k = 0;
      const breakpoints = placed.map(({ b, layer }) => {
        if (layer === undefined) {
          const why = ours ? "Breakpoints go on a layer's lines" : 'Not the spec being debugged';
          const bp: DebugProtocol.Breakpoint = new Breakpoint(false, b.line);
          bp.message = why;
          return bp;
        }
        const result = set.layers[k++];
        const bp: DebugProtocol.Breakpoint = new Breakpoint(result.verified, b.line);
        bp.id = this.breakpointIdFor(b.line);
        if (result.message) bp.message = result.message;
        return bp;
      });
      response.body = { breakpoints };
    });
  }

  private breakpointIdFor(line: number): number {
    let id = this.lineBreakpointIds.get(line);
    if (id === undefined) this.lineBreakpointIds.set(line, (id = this.nextBreakpointId++));
    return id;
  }

  protected override setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    void this.answer(response, async () => {
      await this.started;
      const exceptions = [
        ...args.filters.map((filter) => ({ filter })),
        ...(args.filterOptions ?? []).map((o) => ({ filter: o.filterId, condition: o.condition })),
      ];
      const set = await this.link!.request({ type: 'debug/breakpoints', breakpoints: { exceptions } });
      response.body = {
        breakpoints: set.exceptions.map((r) => ({
          verified: r.verified,
          ...(r.message ? { message: r.message } : {}),
        })),
      };
    });
  }

  protected override dataBreakpointInfoRequest(
    response: DebugProtocol.DataBreakpointInfoResponse,
    args: DebugProtocol.DataBreakpointInfoArguments,
  ): void {
    void this.answer(response, async () => {
      const path = this.childPaths.get(`${args.variablesReference ?? 0}\0${args.name}`) ?? args.name;
      try {
        const info = await this.link!.request({ type: 'debug/dataInfo', path });
        response.body = { dataId: info.path, description: info.description, accessTypes: ['write'], canPersist: true };
      } catch (err) {
        response.body = { dataId: null, description: (err as Error).message };
      }
    });
  }

  protected override setDataBreakpointsRequest(
    response: DebugProtocol.SetDataBreakpointsResponse,
    args: DebugProtocol.SetDataBreakpointsArguments,
  ): void {
    void this.answer(response, async () => {
      await this.started;
      const data = args.breakpoints.map((b) => ({
        path: b.dataId,
        condition: b.condition,
        hitCondition: b.hitCondition,
      }));
      const set = await this.link!.request({ type: 'debug/breakpoints', breakpoints: { data } });
      response.body = {
        breakpoints: set.data.map((r) => ({ verified: r.verified, ...(r.message ? { message: r.message } : {}) })),
      };
    });
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD, 'Training')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const source = new Source(basename(this.specPath), this.convertDebuggerPathToClient(this.specPath));
    const frames = this.frames.map((f) => {
      const frame: DebugProtocol.StackFrame = new StackFrame(f.id, f.name, source, f.line, f.column);
      if (f.endLine !== undefined) frame.endLine = f.endLine;
      if (f.endColumn !== undefined) frame.endColumn = f.endColumn;
      return frame;
    });
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    const scope = (name: string, path: string, expensive = false): Scope =>
      new Scope(name, this.handles.create(path), expensive);
    response.body = {
      scopes: [
        scope('Parameters', 'scope:parameters'),
        scope('Forward', 'scope:forward'),
        scope('Backward', 'scope:backward'),
        scope('Optimizer state', 'scope:optimizer'),
        scope('Training', 'scope:training'),
      ],
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    void this.answer(response, async () => {
      const path = this.handles.get(args.variablesReference);
      if (path === undefined) throw new Error('these variables belong to an earlier stop');
      const list = await this.link!.request({ type: 'debug/variables', path, start: args.start, count: args.count });
      response.body = { variables: list.map((v) => this.variable(v, args.variablesReference)) };
    });
  }

  private variable(v: DebugVariable, parent: number): DebugProtocol.Variable {
    if (v.path) this.childPaths.set(`${parent}\0${v.name}`, v.path);
    const expandable = (v.indexed ?? 0) > 0 || (v.named ?? 0) > 0;
    const out: DebugProtocol.Variable = {
      name: v.name,
      value: v.value,
      variablesReference: expandable && v.path ? this.handles.create(v.path) : 0,
    };
    if (v.type) out.type = v.type;
    if (v.indexed) out.indexedVariables = v.indexed;
    if (v.named) out.namedVariables = v.named;
    if (v.path && !v.path.includes(':')) out.evaluateName = v.path;
    return out;
  }

  protected override setVariableRequest(
    response: DebugProtocol.SetVariableResponse,
    args: DebugProtocol.SetVariableArguments,
  ): void {
    void this.answer(response, async () => {
      const path = this.childPaths.get(`${args.variablesReference}\0${args.name}`) ?? args.name;
      const v = await this.link!.request({ type: 'debug/setVariable', path, value: args.value });
      response.body = { value: v.value };
      this.sendEvent(new OutputEvent(`${path} = ${v.value} (the session is now edited)\n`, 'console'));
      if (this.lastStop) this.lastStop.position.edited = true;
      this.frames = this.info && this.lastStop ? framesOf(this.info, this.lastStop.position) : this.frames;
    });
  }

  protected override evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): void {
    void this.answer(response, async () => {
      const layer = this.frames.find((f) => f.id === args.frameId)?.layer;
      const v = await this.link!.request({ type: 'debug/evaluate', expression: args.expression, layer });
      const out = this.variable(v, 0);
      response.body = {
        result: out.value,
        variablesReference: out.variablesReference,
        ...(out.indexedVariables ? { indexedVariables: out.indexedVariables } : {}),
      };
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const s = this.lastStop;
    response.body = {
      // VS Code titles the exception widget with the id ("Exception has occurred: …"), so it is the breakpoint's name.
      exceptionId: s?.description ?? 'Non-finite value',
      description: s?.text ?? s?.description,
      breakMode: 'always',
    };
    this.sendResponse(response);
  }

  /** What the panel shows for a selected frame: its name within the step, and the layer it computes. */
  private frameFocus(frameId: unknown): { label?: string; layer?: number } {
    const frame = this.frames.find((f) => f.id === frameId);
    if (!frame) return {};
    const step = this.frames.find((f) => f.id === STEP_FRAME);
    const label = frame.id === PHASE_FRAME && step ? `${frame.name} in ${step.name}` : frame.name;
    return frame.layer === undefined ? { label } : { label, layer: frame.layer };
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === 'backprop/inlineValues') {
      const lines = this.info?.layers.map((l) => l.range?.line);
      response.body = { inline: (this.lastStop?.inline ?? []).map((x) => ({ ...x, line: lines?.[x.layer] })) };
    } else if (command === 'backprop/frame') {
      response.body = this.frameFocus((args as { frameId?: unknown } | undefined)?.frameId);
    } else {
      return super.customRequest(command, response, args);
    }
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.move(response, 'continue');
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.move(response, 'next');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.move(response, 'stepIn');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.move(response, 'stepOut');
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.move(response, 'stepBack');
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.move(response, 'reverseContinue');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    this.link?.post({ type: 'debug/motion', motion: 'pause' });
  }

  /** Answers first, then moves: VS Code shows a session stuck "running" when a stop comes before its response. */
  private move(response: DebugProtocol.Response, motion: DebugMotion): void {
    this.sendResponse(response);
    this.handles.reset();
    this.childPaths.clear();
    this.link?.post({ type: 'debug/motion', motion });
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    void this.end().then(() => this.sendResponse(response));
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    void this.end().then(() => this.sendResponse(response));
  }

  private async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.link?.close();
    this.sendEvent(new TerminatedEvent());
  }

  private stopped(stop: DebugStop): void {
    this.lastStop = stop;
    this.frames = this.info ? framesOf(this.info, stop.position) : [];
    this.handles.reset();
    this.childPaths.clear();
    const event: DebugProtocol.StoppedEvent = new StoppedEvent(stop.reason, THREAD, stop.text);
    event.body.description = stop.description;
    event.body.allThreadsStopped = true;
    const id = stop.hit?.line;
    if (id !== undefined) event.body.hitBreakpointIds = [id];
    this.sendEvent(event);
  }

  private fail(message: string): void {
    if (this.ended) return;
    this.sendEvent(new OutputEvent(`${message}\n`, 'stderr'));
    void this.end();
  }

  /** Runs a request's work, turning a failure into an error response with the message to show. */
  private async answer(response: DebugProtocol.Response, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.sendResponse(response);
    } catch (err) {
      this.sendErrorResponse(response, { id: 2, format: (err as Error).message.replace(/[{}]/g, ''), showUser: false });
    }
  }
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** Paths compared as the OS does: case-insensitively on Windows. */
function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => (process.platform === 'win32' ? p.toLowerCase() : p).replace(/\\/g, '/');
  return norm(a) === norm(b);
}
