// A debug session's side of the worker: the trainer stepped phase by phase, the ring of earlier states, the
// breakpoints, and the answers to the adapter's questions about the paused state.
import { StateRing, stateBytes, Trainer, type Phase } from '../../engine';
import { specDocument } from '../../netspec';
import { prop } from '../../netspec/tree';
import type {
  DebugLayerInfo,
  DebugMotion,
  DebugReplies,
  DebugRequest,
  DebugStartInfo,
  DebugStop,
  FromWorker,
  SessionSource,
} from '../../protocol';
import { formatNumber } from '../../shared/format';
import { Breakpoints } from './breakpoints';
import { ExpressionError, FUNCTIONS, REDUCTIONS, evaluate, parseExpression, scoped } from './expressions';
import { trainableSpec } from '../trainable';
import { PausedState } from './pausedState';
import { variablesOf, variableOf } from './variables';

/** Work per slice of Continue before yielding to the message queue, so Pause lands within about this long. */
const SLICE_MS = 8;

interface Session {
  trainer: Trainer;
  state: PausedState;
  ring: StateRing;
  breakpoints: Breakpoints;
  info: DebugStartInfo;
  /** The phase that ran last, shown as the top frame; undefined at a step boundary reached by a whole step. */
  lastPhase?: Phase;
  /** Where breakpoints hit (steps done, phases of the next done), for Reverse Continue. */
  hits: { step: number; phases: number; stop: DebugStop }[];
  /** A parameter or the learning rate was set by the user. */
  edited: boolean;
  /** The motion under way (Continue, Step Out of an epoch), undefined while paused. */
  running?: { motion: DebugMotion; epoch: number };
  pauseRequested: boolean;
}

type Advance = { stop: Omit<DebugStop, 'position' | 'inline'> } | 'boundary' | 'phase';

export class DebugTarget {
  private s: Session | undefined;

  constructor(private readonly post: (m: FromWorker) => void) {}

  /** Answers a request; an ExpressionError or a refused request becomes the reply's error. */
  request(msg: DebugRequest & { requestId: number }): void {
    let result: Extract<FromWorker, { type: 'debug/reply' }>['result'];
    try {
      result = { ok: true, value: this.answer(msg) };
    } catch (err) {
      if (!(err instanceof ExpressionError || err instanceof RefusedError)) throw err;
      result = { ok: false, error: err.message };
    }
    this.post({ type: 'debug/reply', requestId: msg.requestId, result });
  }

  private answer(msg: DebugRequest): DebugReplies[DebugRequest['type']] {
    if (msg.type === 'debug/start') return this.start(msg.source, msg.maxSteps, msg.ringBudgetBytes);
    const s = this.session();
    switch (msg.type) {
      case 'debug/breakpoints':
        return s.breakpoints.set(msg.breakpoints);
      case 'debug/variables':
        return variablesOf(s.state, msg.path, msg.start, msg.count);
      case 'debug/evaluate': {
        const value = evaluate(parseExpression(msg.expression), scoped(s.state, msg.layer));
        return variableOf(s.state, msg.expression, value, msg.expression);
      }
      case 'debug/setVariable':
        return this.setVariable(s, msg.path, msg.value);
      case 'debug/dataInfo':
        s.breakpoints.read(msg.path);
        return { path: msg.path, description: `${msg.path} (break when it changes)` };
    }
  }

  private session(): Session {
    if (!this.s) throw new RefusedError('the debug session has not started');
    return this.s;
  }

  private start(source: SessionSource, maxSteps?: number, ringBudgetBytes?: number): DebugStartInfo {
    const loaded = trainableSpec(source);
    if (!loaded.ok) throw new RefusedError(loaded.error);
    const spec = loaded.value;
    const trainer = new Trainer(spec.model, spec.data, source.precision ?? spec.model.training.precision);
    const state = new PausedState(trainer, [...FUNCTIONS, 'step', 'epoch', 'loss', 'lr', 'batch']);
    const ring = new StateRing(stateBytes(trainer), ringBudgetBytes);
    const doc = specDocument(source.text);
    const lineOf = (key: string): number | undefined => {
      const node = prop(doc.root, key);
      return node?.parent ? doc.positionAt(node.parent.offset).line : undefined;
    };
    const layersNode = prop(doc.root, 'layers');
    const layers: DebugLayerInfo[] = trainer.net.layout.layers.map((slots, l) => {
      const node = layersNode?.children?.[l];
      const from = node && doc.positionAt(node.offset);
      const to = node && doc.positionAt(node.offset + node.length);
      return {
        name: state.layerNames[l],
        units: slots.units,
        fanIn: slots.fanIn,
        activation: spec.model.layers[l].activation,
        ...(from && to
          ? { range: { line: from.line, column: from.column, endLine: to.line, endColumn: to.column } }
          : {}),
      };
    });
    const info: DebugStartInfo = {
      name: spec.name,
      layers,
      lines: { loss: lineOf('loss'), optimizer: lineOf('optimizer'), training: lineOf('training') },
      stepsPerEpoch: trainer.stepsPerEpoch,
      totalSteps: maxSteps ?? spec.model.training.epochs * trainer.stepsPerEpoch,
      ring: {
        depth: ring.interval * (ring.capacity - 1),
        budgetBytes: ring.budgetBytes,
        bytesPerState: ring.bytesPerState,
        interval: ring.interval,
      },
    };
    const breakpoints = new Breakpoints(state);
    this.s = { trainer, state, ring, breakpoints, info, hits: [], edited: false, pauseRequested: false };
    return info;
  }

  /** Moves the session; every motion but `pause` ends with one `debug/stopped`. */
  motion(motion: DebugMotion | 'pause' | 'entry'): void {
    const s = this.session();
    if (motion === 'pause') {
      if (s.running) s.pauseRequested = true;
      return;
    }
    if (s.running) return; // DAP sends no motion while running; a stray one must not start a second loop
    switch (motion) {
      case 'entry':
        return this.stopped(s, { reason: 'entry', description: 'Paused on entry' });
      case 'stepIn':
        return this.finish(s, this.advance(s), 'step');
      case 'next':
        return this.finish(s, this.toBoundary(s), 'step');
      case 'stepOut':
        if (s.lastPhase) return this.finish(s, this.toBoundary(s), 'step');
        s.running = { motion, epoch: s.trainer.epoch };
        return this.run(s);
      case 'continue':
        s.running = { motion, epoch: s.trainer.epoch };
        return this.run(s);
      case 'stepBack':
        return this.stepBack(s);
      case 'reverseContinue':
        return this.reverseContinue(s);
    }
  }

  /** Runs one phase, checking what it computed against the breakpoints. */
  private advance(s: Session): Advance {
    const t = s.trainer;
    if (t.divergence) return { stop: this.divergenceStop(s) };
    if (t.phasesDone === 0) s.ring.record(t);
    const phase = t.phaseAt(t.phasesDone);
    if (!t.advancePhase()) {
      s.lastPhase = phase; // the engine abandons the step: the frames still show where it failed
      return { stop: this.divergenceStop(s) };
    }
    s.lastPhase = phase;
    const hit = s.breakpoints.afterPhase(phase);
    if (hit) {
      const stop = { ...hit, position: this.position(s), inline: [] };
      s.hits = s.hits.filter((h) => h.step < t.step || (h.step === t.step && h.phases < t.phasesDone));
      s.hits.push({ step: t.step, phases: t.phasesDone, stop });
      return { stop: hit };
    }
    return t.phasesDone === 0 ? 'boundary' : 'phase';
  }

  /** Runs phases up to the end of the current step (a whole step at a boundary). */
  private toBoundary(s: Session): Advance {
    for (;;) {
      const r = this.advance(s);
      if (r !== 'phase') {
        if (r === 'boundary') s.lastPhase = undefined;
        return r;
      }
    }
  }

  /** Continue, or Step Out of a step frame (to the epoch's end), in slices that let Pause in. */
  private run(s: Session): void {
    const run = s.running;
    if (!run) return;
    const t = s.trainer;
    const until = performance.now() + SLICE_MS;
    while (performance.now() < until) {
      const atEnd = run.motion === 'continue' ? t.step >= s.info.totalSteps : t.epoch > run.epoch;
      if (atEnd) {
        s.running = undefined;
        s.lastPhase = undefined;
        const description = run.motion === 'continue' ? 'Training finished' : `End of epoch ${t.epoch}`;
        const reason = run.motion === 'continue' ? 'end' : 'step';
        return this.stopped(s, { reason, description, text: `${description} after ${t.step} steps` });
      }
      const r = this.toBoundary(s);
      if (r !== 'boundary') {
        s.running = undefined;
        return this.finish(s, r, 'step');
      }
    }
    if (s.pauseRequested) {
      s.running = undefined;
      s.pauseRequested = false;
      return this.stopped(s, { reason: 'pause', description: 'Paused' });
    }
    setImmediate(() => this.run(s));
  }

  private stepBack(s: Session): void {
    const t = s.trainer;
    const target = t.phasesDone > 0 ? t.step : t.step - 1;
    if (target < 0) return this.stopped(s, { reason: 'step', description: 'At the first step' });
    if (!s.ring.rewind(t, target)) {
      const oldest = s.ring.oldestStep ?? t.step;
      const text = `Step Back reaches step ${oldest} at the earliest (${s.info.ring.depth} steps back)`;
      return this.stopped(s, { reason: 'step', description: 'Oldest kept step', text });
    }
    this.moved(s);
    this.stopped(s, { reason: 'step', description: 'Stepped back' });
  }

  private reverseContinue(s: Session): void {
    const t = s.trainer;
    const before = (h: Session['hits'][number]): boolean =>
      h.step < t.step || (h.step === t.step && h.phases < t.phasesDone);
    const hit = s.hits.filter(before).pop();
    const target = hit?.step ?? s.ring.oldestStep ?? t.step;
    if (!s.ring.rewind(t, target)) return this.stopped(s, { reason: 'step', description: 'Oldest kept step' });
    this.moved(s);
    if (!hit)
      return this.stopped(s, { reason: 'step', description: 'No earlier breakpoint hit: the oldest kept step' });
    while (t.phasesDone < hit.phases) {
      s.lastPhase = t.phaseAt(t.phasesDone);
      t.advancePhase();
    }
    const { reason, description, text, hit: which } = hit.stop;
    this.stopped(s, { reason, description, text, hit: which });
  }

  /** After the state moved other than forward (back, or an edit): the breakpoints' remembered values follow it. */
  private moved(s: Session): void {
    s.lastPhase = undefined;
    s.breakpoints.resync();
  }

  private setVariable(s: Session, path: string, text: string): DebugReplies['debug/setVariable'] {
    const t = s.trainer;
    const value = evaluate(parseExpression(text), scoped(s.state));
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RefusedError(`set ${path} to a finite number, not '${text}'`);
    }
    if (path === 'lr') {
      if (!(value > 0)) throw new RefusedError(`the learning rate must be above 0, not ${value}`);
      t.optimizer.learningRate = value;
    } else {
      const ref = /^(\w+)\.(W|b)\[(\d+)\](?:\[(\d+)\])?$/.exec(path);
      if (!ref) throw new RefusedError(`only a weight, a bias or the learning rate (lr) can be set, not ${path}`);
      if (t.phasesDone > 0) {
        throw new RefusedError(`weights are set between steps: Step Out to the end of step ${t.step + 1} first`);
      }
      const target = evaluate(parseExpression(path), s.state); // checks the indices, with the message for each
      if (typeof target !== 'number') throw new RefusedError(`${path} is not a single weight or bias`);
      const l = s.state.layerNames.indexOf(ref[1]);
      const slots = t.net.layout.layers[l];
      const row = Number(ref[3]);
      t.net.params[ref[2] === 'W' ? slots.wOffset + row * slots.fanIn + Number(ref[4]) : slots.bOffset + row] = value;
      s.ring.record(t, true);
      s.hits = s.hits.filter((h) => h.step < t.step);
    }
    s.edited = true;
    s.breakpoints.resync();
    const now = path === 'lr' ? t.optimizer.learningRate : evaluate(parseExpression(path), s.state);
    return variableOf(s.state, path, now, path);
  }

  /** The stop for a step the engine refused (a non-finite loss or update); training cannot go on from it. */
  private divergenceStop(s: Session): Omit<DebugStop, 'position' | 'inline'> {
    const d = s.trainer.divergence;
    const text = d?.where === 'loss' ? `the mini-batch loss is ${s.trainer.lastBatchLoss}. ${d.message}` : d?.message;
    const description = s.breakpoints.breaksOnNonFinite ? 'Non-finite value' : 'Training diverged';
    return { reason: 'exception', description, text, hit: { filter: 'nonFinite' } };
  }

  private finish(s: Session, r: Advance, reason: DebugStop['reason']): void {
    if (typeof r === 'object') return this.stopped(s, r.stop);
    this.stopped(s, { reason, description: reason === 'step' ? 'Step' : reason });
  }

  private position(s: Session): DebugStop['position'] {
    const t = s.trainer;
    return {
      step: t.step,
      epoch: t.epoch,
      ...(s.lastPhase ? { phase: s.lastPhase } : {}),
      ...(s.edited ? { edited: true } : {}),
    };
  }

  private stopped(s: Session, stop: Omit<DebugStop, 'position' | 'inline'>): void {
    this.post({ type: 'debug/stopped', stop: { ...stop, position: this.position(s), inline: this.inline(s) } });
  }

  /** Each layer's mean activation, ‖δ‖ and ‖dW‖ where the step has computed them. */
  private inline(s: Session): DebugStop['inline'] {
    return s.state.layerNames.map((_, l) => {
      const f = s.state.layerFields(l);
      const parts: string[] = [];
      const stat = (field: string, label: string, fn: 'mean' | 'norm'): void => {
        const v = f.get(field);
        if (v !== undefined && typeof v !== 'number') parts.push(`${label} ${formatNumber(REDUCTIONS[fn](v.data))}`);
      };
      stat('a', 'mean a', 'mean');
      stat('delta', '‖δ‖', 'norm');
      stat('dW', '‖dW‖', 'norm');
      return { layer: l, text: parts.join(' · ') };
    });
  }
}

/** A request the session cannot do now, with the reason to show. */
class RefusedError extends Error {}
