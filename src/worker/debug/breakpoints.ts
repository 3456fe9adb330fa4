// The debugger's breakpoints, checked after each phase of a step: exception filters (non-finite values, gradient
// norm, loss, dead units), breakpoints on a layer's lines with conditions and hit counts, and data breakpoints on
// one weight or bias.
import type { Floats, Phase, Trainer } from '../../engine';
import type { DebugBreakpoints, DebugBreakpointsSet, DebugStop } from '../../protocol';
import { EXCEPTION_FILTERS, exceptionFilter } from '../../shared/exceptionFilters';
import { formatNumber } from '../../shared/format';
import { evaluate, ExpressionError, parseExpression, scoped, type Environment, type Expr } from './expressions';

type Comparison = { op: '>' | '>=' | '<' | '<=' | '==' | '!='; value: number };

/** A threshold the user typed, such as `> 10` or `0.5` (meaning `> 0.5`). */
export function parseComparison(text: string): Comparison {
  const m = /^\s*(>=|<=|==|!=|>|<)?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/.exec(text);
  if (!m) throw new ExpressionError(`'${text}' is not a condition; write a comparison with a number, such as '> 10'`);
  return { op: (m[1] ?? '>') as Comparison['op'], value: Number(m[2]) };
}

function holds(c: Comparison, x: number): boolean {
  const v = c.value;
  return { '>': x > v, '>=': x >= v, '<': x < v, '<=': x <= v, '==': x === v, '!=': x !== v }[c.op];
}

/** A hit count condition: `5` or `>= 5` (from the 5th hit on), `> 5`, `== 5`, `% 5` (every 5th). */
function parseHitCondition(text: string): (hits: number) => boolean {
  const m = /^\s*(>=|>|==|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ExpressionError(`'${text}' is not a hit count; write 5, >= 5, > 5, == 5 or % 5`);
  const n = Number(m[2]);
  const op = m[1] ?? '>=';
  return (hits) => (op === '>=' ? hits >= n : op === '>' ? hits > n : op === '==' ? hits === n : hits % n === 0);
}

interface Counted {
  condition?: Expr;
  hitCondition?: (hits: number) => boolean;
  hits: number;
}

/** Runs `f`, turning an ExpressionError into an unverified breakpoint's message. */
function verify<T>(f: () => T): { value?: T; result: { verified: boolean; message?: string } } {
  try {
    return { value: f(), result: { verified: true } };
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return { result: { verified: false, message: err.message } };
  }
}

type Hit = Pick<DebugStop, 'reason' | 'description' | 'text' | 'hit'>;

export class Breakpoints {
  private exceptions = new Map<string, Comparison | undefined>([['nonFinite', undefined]]);
  private layers: (Counted & { id: number; layer: number })[] = [];
  private data: (Counted & { path: string; old: number })[] = [];
  /** The loss of the last step's mini-batch, for "Loss increased". */
  private previousLoss = NaN;

  constructor(private readonly env: Environment & { trainer: Trainer }) {}

  set(b: DebugBreakpoints): DebugBreakpointsSet {
    const out: DebugBreakpointsSet = { exceptions: [], layers: [], data: [] };
    if (b.exceptions) {
      this.exceptions = new Map();
      for (const e of b.exceptions) {
        const known = exceptionFilter(e.filter);
        const v = verify(() => {
          if (!known) throw new ExpressionError(`unknown exception filter '${e.filter}'`);
          return EXCEPTION_FILTERS[known].condition ? parseComparison(e.condition ?? '') : undefined;
        });
        if (v.result.verified) this.exceptions.set(e.filter, v.value);
        out.exceptions.push(v.result);
      }
    }
    if (b.layers) {
      this.layers = [];
      for (const bp of b.layers) {
        const v = verify(() => this.counted(bp.condition, bp.hitCondition));
        if (v.value) this.layers.push({ ...v.value, id: bp.id, layer: bp.layer });
        out.layers.push(v.result);
      }
    }
    if (b.data) {
      this.data = [];
      for (const bp of b.data) {
        const v = verify(() => ({
          ...this.counted(bp.condition, bp.hitCondition),
          path: bp.path,
          old: this.read(bp.path),
        }));
        if (v.value) this.data.push(v.value);
        out.data.push(v.result);
      }
    }
    return out;
  }

  private counted(condition: string | undefined, hitCondition: string | undefined): Counted {
    return {
      condition: condition?.trim() ? parseExpression(condition) : undefined,
      hitCondition: hitCondition?.trim() ? parseHitCondition(hitCondition) : undefined,
      hits: 0,
    };
  }

  /** The current value of a data breakpoint's weight or bias; throws when the path names none. */
  read(path: string): number {
    if (!/^\w+\.(W|b|weights|biases)\[\d+\](\[\d+\])?$/.test(path)) {
      throw new ExpressionError(`data breakpoints watch one weight or bias, such as hidden.W[0][1]; '${path}' is not`);
    }
    const v = evaluate(parseExpression(path), this.env);
    if (typeof v !== 'number') throw new ExpressionError(`${path} is not a single weight or bias`);
    return v;
  }

  /** Whether the non-finite filter is on (on by default). */
  get breaksOnNonFinite(): boolean {
    return this.exceptions.has('nonFinite');
  }

  /** Checks what `phase` (just run) computed; the breakpoint it hits, if any. */
  afterPhase(phase: Phase): Hit | undefined {
    const t = this.env.trainer;
    if (this.exceptions.has('nonFinite')) {
      const bad = nonFiniteIn(t, phase, this.env);
      if (bad) return { reason: 'exception', description: 'Non-finite value', text: bad, hit: { filter: 'nonFinite' } };
    }
    if (phase.kind === 'loss') return this.afterLoss(t.lastBatchLoss);
    if (phase.kind === 'update') return this.afterUpdate();
    const l = phase.layer;
    const name = this.env.layerNames[l];
    const gradNorm = this.exceptions.get('gradNorm');
    if (phase.kind === 'backward' && gradNorm && holds(gradNorm, t.layerGradNorms[l])) {
      const text = `‖∇${name}‖ = ${formatNumber(t.layerGradNorms[l])} (${gradNorm.op} ${gradNorm.value})`;
      return { reason: 'exception', description: 'Gradient norm above', text, hit: { filter: 'gradNorm' } };
    }
    const dead = this.exceptions.get('deadUnits');
    if (phase.kind === 'forward' && dead && t.model.layers[l].activation === 'relu') {
      const fraction = deadFraction(t, l);
      if (holds(dead, fraction)) {
        const text = `${formatNumber(100 * fraction)}% of ${name}'s units output 0 for the whole batch`;
        return { reason: 'exception', description: 'Dead units above', text, hit: { filter: 'deadUnits' } };
      }
    }
    for (const bp of this.layers) {
      if (bp.layer !== l || !this.counts(bp, scoped(this.env, l))) continue;
      const text = `layer '${name}' ${phase.kind}`;
      return { reason: 'breakpoint', description: 'Breakpoint', text, hit: { line: bp.id } };
    }
    return undefined;
  }

  private afterLoss(loss: number): Hit | undefined {
    const previous = this.previousLoss;
    this.previousLoss = loss;
    const above = this.exceptions.get('lossAbove');
    if (above && holds(above, loss)) {
      const text = `the mini-batch loss is ${formatNumber(loss)} (${above.op} ${above.value})`;
      return { reason: 'exception', description: 'Loss above', text, hit: { filter: 'lossAbove' } };
    }
    if (this.exceptions.has('lossIncreased') && loss > previous) {
      const text = `the mini-batch loss rose from ${formatNumber(previous)} to ${formatNumber(loss)}`;
      return { reason: 'exception', description: 'Loss increased', text, hit: { filter: 'lossIncreased' } };
    }
    return undefined;
  }

  private afterUpdate(): Hit | undefined {
    let hit: Hit | undefined;
    for (const bp of this.data) {
      const now = this.read(bp.path);
      const old = bp.old;
      bp.old = now;
      if (Object.is(now, old) || hit) continue;
      const oldAndNew = new Map([
        ['old', old],
        ['new', now],
      ]);
      if (!this.counts(bp, scoped(this.env, undefined, oldAndNew))) continue;
      const text = `${bp.path} changed from ${formatNumber(old)} to ${formatNumber(now)}`;
      hit = { reason: 'data breakpoint', description: 'Data breakpoint', text, hit: { data: bp.path } };
    }
    return hit;
  }

  /** Re-reads the watched values and the loss reference after the state moved other than by a step (back, edits). */
  resync(): void {
    for (const bp of this.data) bp.old = this.read(bp.path);
    this.previousLoss = NaN;
  }

  /** Evaluates a breakpoint's condition, counts a hit when it holds, and says whether the hit count says stop. */
  private counts(bp: Counted, env: Environment): boolean {
    if (bp.condition) {
      try {
        const v = evaluate(bp.condition, env);
        if (typeof v !== 'number' || !v) return false;
      } catch (err) {
        if (err instanceof ExpressionError) return false; // e.g. δ not computed yet: the condition does not hold
        throw err;
      }
    }
    bp.hits++;
    return bp.hitCondition ? bp.hitCondition(bp.hits) : true;
  }
}

/** The first non-finite value `phase` wrote, named with its sample and unit; undefined when all are finite. */
function nonFiniteIn(t: Trainer, phase: Phase, env: Environment): string | undefined {
  if (phase.kind === 'loss') {
    return Number.isFinite(t.lastBatchLoss) ? undefined : `the mini-batch loss is ${t.lastBatchLoss}`;
  }
  if (phase.kind === 'update') return undefined; // the engine refuses a non-finite update itself
  const l = phase.layer;
  const fields = env.layerFields(l);
  const names = phase.kind === 'forward' ? ['z', 'a'] : ['delta', 'dW', 'db'];
  for (const f of names) {
    const v = fields.get(f);
    if (v === undefined || typeof v === 'number') continue;
    const i = firstNonFinite(v.data as Floats);
    if (i < 0) continue;
    const r = Math.floor(i / v.cols);
    const c = i % v.cols;
    const at = v.vector ? `${v.name}[${c}]` : `${v.name}[${r}][${c}]`;
    const unit = f === 'dW' ? `unit ${r}, input ${c}` : f === 'db' ? `unit ${c}` : `sample ${r}, unit ${c}`;
    return `layer '${env.layerNames[l]}' ${phase.kind}: ${at} = ${v.data[i]} (${unit})`;
  }
  return undefined;
}

function firstNonFinite(x: Floats): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return i;
  return -1;
}

/** The fraction of layer l's units whose activation is 0 for every sample of the batch. */
function deadFraction(t: Trainer, l: number): number {
  const units = t.net.layout.layers[l].units;
  const rows = t.batchRows;
  const A = t.net.batchView(l).A;
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let r = 0;
    while (r < rows && A[r * units + u] === 0) r++;
    if (rows > 0 && r === rows) dead++;
  }
  return dead / units;
}
