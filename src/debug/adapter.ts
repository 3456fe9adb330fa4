// The Debug Adapter Protocol side of a training debug session. It only brokers: every step, value and breakpoint
// check happens on the session's worker; this maps DAP requests onto worker requests and the worker's stops onto
// DAP events, and owns the session's lifecycle (launch, configuration, end). It runs inline in the extension host
// and standalone over stdio (standalone.ts).
import {
  InitializedEvent,
  LoggingDebugSession,
  OutputEvent,
  Source,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugMotion, DebugStartInfo, DebugStop } from '../protocol';
import { answerOf, dataBreakpoints, exceptionBreakpoints, LineBreakpoints, samePath } from './breakpoints';
import { CAPABILITIES } from './capabilities';
import { CurrentStop, exceptionInfo } from './currentStop';
import { launchSummary, specOf, startRequest, type LaunchArguments } from './launch';
import { VariableReferences } from './variables';
import { WorkerLink } from './workerLink';

export interface AdapterOptions {
  workerPath: string;
  /** The spec's text: the editor's (unsaved edits included) inline, the file's standalone. */
  readSpec(path: string): Promise<string>;
  maxMemoryMb?: number;
  /** Data files must stay inside this folder (the workspace's, inline). */
  allowedRoot?(specPath: string): string | undefined;
}

const THREAD = 1;

export class BackpropDebugSession extends LoggingDebugSession {
  private link: WorkerLink | undefined;
  private specPath = '';
  private current: CurrentStop | undefined;
  private readonly references = new VariableReferences();
  private readonly lineBreakpoints = new LineBreakpoints();
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
    response.body = CAPABILITIES;
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
      this.specPath = specOf(args);
      const text = await this.options.readSpec(args.spec).catch((err: Error) => {
        throw new Error(`cannot read ${args.spec}: ${err.message}`);
      });
      this.link = new WorkerLink(
        this.options.workerPath,
        { stopped: (stop) => this.stopped(stop), failed: (message) => this.fail(message) },
        this.options.maxMemoryMb,
      );
      const info = await this.link.request(startRequest(args, text, this.options.allowedRoot?.(args.spec)));
      this.current = new CurrentStop(info);
      this.resolveStarted(info);
      this.sendEvent(new OutputEvent(launchSummary(info), 'console'));
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
      const inSpec = samePath(args.source.path ?? '', this.specPath);
      const placed = this.lineBreakpoints.place(info, inSpec, args.breakpoints ?? []);
      const set = await this.link!.request({ type: 'debug/breakpoints', breakpoints: { layers: placed.layers } });
      response.body = { breakpoints: placed.answer(set.layers) };
    });
  }

  protected override setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    void this.answer(response, async () => {
      await this.started;
      const exceptions = exceptionBreakpoints(args);
      const set = await this.link!.request({ type: 'debug/breakpoints', breakpoints: { exceptions } });
      response.body = { breakpoints: answerOf(set.exceptions) };
    });
  }

  protected override dataBreakpointInfoRequest(
    response: DebugProtocol.DataBreakpointInfoResponse,
    args: DebugProtocol.DataBreakpointInfoArguments,
  ): void {
    void this.answer(response, async () => {
      const path = this.references.childPath(args.variablesReference ?? 0, args.name);
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
      const data = dataBreakpoints(args);
      const set = await this.link!.request({ type: 'debug/breakpoints', breakpoints: { data } });
      response.body = { breakpoints: answerOf(set.data) };
    });
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD, 'Training')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const source = new Source(basename(this.specPath), this.convertDebuggerPathToClient(this.specPath));
    const stackFrames = this.current?.stackFrames(source) ?? [];
    response.body = { stackFrames, totalFrames: stackFrames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    response.body = { scopes: this.references.scopes() };
    this.sendResponse(response);
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    void this.answer(response, async () => {
      const path = this.references.pathOf(args.variablesReference);
      if (path === undefined) throw new Error('these variables belong to an earlier stop');
      const list = await this.link!.request({ type: 'debug/variables', path, start: args.start, count: args.count });
      response.body = { variables: list.map((v) => this.references.variable(v, args.variablesReference)) };
    });
  }

  protected override setVariableRequest(
    response: DebugProtocol.SetVariableResponse,
    args: DebugProtocol.SetVariableArguments,
  ): void {
    void this.answer(response, async () => {
      const path = this.references.childPath(args.variablesReference, args.name);
      const v = await this.link!.request({ type: 'debug/setVariable', path, value: args.value });
      response.body = { value: v.value };
      this.sendEvent(new OutputEvent(`${path} = ${v.value} (the session is now edited)\n`, 'console'));
      this.current?.markEdited();
    });
  }

  protected override evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): void {
    void this.answer(response, async () => {
      const layer = this.current?.layerOf(args.frameId);
      const v = await this.link!.request({ type: 'debug/evaluate', expression: args.expression, layer });
      const out = this.references.variable(v, 0);
      response.body = {
        result: out.value,
        variablesReference: out.variablesReference,
        ...(out.indexedVariables ? { indexedVariables: out.indexedVariables } : {}),
      };
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    response.body = exceptionInfo(this.current?.stop);
    this.sendResponse(response);
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === 'backprop/inlineValues') {
      response.body = { inline: this.current?.inlineValues() ?? [] };
    } else if (command === 'backprop/frame') {
      response.body = this.current?.focus((args as { frameId?: unknown } | undefined)?.frameId) ?? {};
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
    this.references.forget();
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
    this.current?.stopped(stop);
    this.references.forget();
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
