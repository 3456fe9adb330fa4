// The debugger's small expression language (Debug Console, Watch, breakpoint conditions): numbers, layer fields,
// indexing, arithmetic, comparisons and a few reductions. Parsed by hand and evaluated over an environment, never
// with eval, so an expression can read the paused state and nothing else.

/** A parsed expression; `at` is the 1-based column it starts at, for errors. */
export type Expr =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'field'; object: Expr; field: string; at: number }
  | { kind: 'index'; object: Expr; index: Expr; at: number }
  | { kind: 'call'; fn: string; args: Expr[]; at: number }
  | { kind: 'unary'; op: '-' | '!'; operand: Expr; at: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; at: number };

type BinaryOp = '+' | '-' | '*' | '/' | '>' | '<' | '>=' | '<=' | '==' | '!=' | '&&' | '||';

/** A matrix [rows, cols] (or a vector: rows = 1, `vector` set), row-major, a view of the state or a computed copy. */
export interface Tensor {
  kind: 'tensor';
  data: ArrayLike<number>;
  rows: number;
  cols: number;
  vector: boolean;
  /** How to name it in messages and child paths, e.g. `hidden.W`. */
  name: string;
}

/** A layer named in an expression, before one of its fields is chosen. */
export interface LayerValue {
  kind: 'layer';
  layer: number;
  name: string;
}

export type Value = number | Tensor | LayerValue;

/** What an expression can read: the paused state, served by the debug target. */
export interface Environment {
  layerNames: readonly string[];
  /** The fields a layer has now (W, b, z, a, …): field → value. */
  layerFields(layer: number): ReadonlyMap<string, number | Tensor>;
  /** Names valid without a layer (step, epoch, loss, lr…). */
  globals: ReadonlyMap<string, number>;
  /** The layer whose fields may be named bare (`dW` for `output.dW`): a breakpoint's or the selected frame's. */
  layer?: number;
  /** Why a layer's field exists but cannot be read now (not computed yet), or undefined. */
  missing?(layer: number, field: string): string | undefined;
}

export class ExpressionError extends Error {}

const BINARY_LEVELS: BinaryOp[][] = [['||'], ['&&'], ['==', '!='], ['>', '<', '>=', '<='], ['+', '-'], ['*', '/']];

/** Parses `text`; throws ExpressionError naming the column of a syntax error. */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token => tokens[i];
  const take = (): Token => tokens[i++];
  const expect = (value: string): void => {
    const t = take();
    if (t.value !== value) throw syntax(t, `expected '${value}'`);
  };

  const binary = (level: number): Expr => {
    if (level === BINARY_LEVELS.length) return unary();
    let left = binary(level + 1);
    while (peek().kind === 'op' && (BINARY_LEVELS[level] as string[]).includes(peek().value)) {
      const op = take();
      left = { kind: 'binary', op: op.value as BinaryOp, left, right: binary(level + 1), at: op.at };
    }
    return left;
  };
  const unary = (): Expr => {
    const t = peek();
    if (t.kind === 'op' && (t.value === '-' || t.value === '!')) {
      take();
      return { kind: 'unary', op: t.value, operand: unary(), at: t.at };
    }
    return postfix(primary());
  };
  const primary = (): Expr => {
    const t = take();
    if (t.kind === 'number') return { kind: 'number', value: Number(t.value), at: t.at };
    if (t.kind === 'name') {
      if (peek().value !== '(') return { kind: 'name', name: t.value, at: t.at };
      take();
      const args: Expr[] = [];
      if (peek().value !== ')') {
        args.push(binary(0));
        while (peek().value === ',') {
          take();
          args.push(binary(0));
        }
      }
      expect(')');
      return { kind: 'call', fn: t.value, args, at: t.at };
    }
    if (t.value === '(') {
      const inner = binary(0);
      expect(')');
      return inner;
    }
    throw syntax(t, 'expected a number, a name or (');
  };
  const postfix = (e: Expr): Expr => {
    for (;;) {
      const t = peek();
      if (t.value === '.') {
        take();
        const f = take();
        if (f.kind !== 'name') throw syntax(f, "expected a field name after '.'");
        e = { kind: 'field', object: e, field: f.value, at: f.at };
      } else if (t.value === '[') {
        take();
        const index = binary(0);
        expect(']');
        e = { kind: 'index', object: e, index, at: t.at };
      } else return e;
    }
  };

  const e = binary(0);
  if (peek().kind !== 'end') throw syntax(peek(), 'unexpected text');
  return e;
}

interface Token {
  kind: 'number' | 'name' | 'op' | 'end';
  value: string;
  at: number;
}

const TOKEN =
  /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_δ][\w]*)|(>=|<=|==|!=|&&|\|\||[-+*/()[\].,<>!]))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length && text.slice(pos).trim() !== '') {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) {
      const at = pos + (text.slice(pos).length - text.slice(pos).trimStart().length) + 1;
      throw new ExpressionError(`unexpected '${text[at - 1]}' at column ${at}`);
    }
    const value = m[1] ?? m[2] ?? m[3];
    const at = m.index + m[0].length - value.length + 1;
    tokens.push({ kind: m[1] !== undefined ? 'number' : m[2] !== undefined ? 'name' : 'op', value, at });
    pos = TOKEN.lastIndex;
  }
  tokens.push({ kind: 'end', value: 'the end', at: text.length + 1 });
  if (tokens.length === 1) throw new ExpressionError('the expression is empty');
  return tokens;
}

function syntax(t: Token, what: string): ExpressionError {
  const found = t.kind === 'end' ? 'the end' : `'${t.value}'`;
  return new ExpressionError(`${what} at column ${t.at}, found ${found}`);
}

/** Reductions and element-wise functions by name. */
export const REDUCTIONS: Record<string, (x: ArrayLike<number>) => number> = {
  norm: (x) => Math.sqrt(fold(x, 0, (s, v) => s + v * v)),
  sum: (x) => fold(x, 0, (s, v) => s + v),
  mean: (x) => (x.length === 0 ? NaN : fold(x, 0, (s, v) => s + v) / x.length),
  max: (x) => fold(x, -Infinity, (s, v) => (v > s || Number.isNaN(v) ? v : s)),
  min: (x) => fold(x, Infinity, (s, v) => (v < s || Number.isNaN(v) ? v : s)),
  count: (x) => fold(x, 0, (s, v) => s + (v !== 0 ? 1 : 0)),
};
const ELEMENTWISE: Record<string, (v: number) => number> = {
  abs: Math.abs,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  sign: Math.sign,
};
export const FUNCTIONS = [...Object.keys(REDUCTIONS), ...Object.keys(ELEMENTWISE)];

function fold(x: ArrayLike<number>, start: number, f: (s: number, v: number) => number): number {
  let s = start;
  for (let i = 0; i < x.length; i++) s = f(s, x[i]);
  return s;
}

/** The value of `e` in `env`; throws ExpressionError with a message to show the user. */
export function evaluate(e: Expr, env: Environment): Value {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'name':
      return resolveName(e.name, env);
    case 'field': {
      const obj = evaluate(e.object, env);
      if (typeof obj === 'number' || obj.kind !== 'layer') throw new ExpressionError(`${nameOf(obj)} has no fields`);
      return fieldOf(obj, e.field, env);
    }
    case 'index':
      return indexInto(evaluate(e.object, env), evaluate(e.index, env));
    case 'call':
      return call(
        e.fn,
        e.args.map((a) => evaluate(a, env)),
      );
    case 'unary': {
      const v = evaluate(e.operand, env);
      return e.op === '-' ? map(v, (x) => -x, '-') : Number(!scalar(v, "'!'"));
    }
    case 'binary':
      return binaryOp(e.op, evaluate(e.left, env), evaluate(e.right, env));
  }
}

function resolveName(name: string, env: Environment): Value {
  const layer = env.layerNames.indexOf(name);
  if (layer >= 0) return { kind: 'layer', layer, name };
  const g = env.globals.get(name);
  if (g !== undefined) return g;
  if (env.layer !== undefined) {
    const field = alias(name);
    const f = env.layerFields(env.layer).get(field);
    if (f !== undefined) return f;
    const why = env.missing?.(env.layer, field);
    if (why) throw new ExpressionError(why);
  }
  const numbered = /^layer([1-9]\d*)$/.exec(name);
  if (numbered && Number(numbered[1]) <= env.layerNames.length) {
    const layer = Number(numbered[1]) - 1;
    return { kind: 'layer', layer, name: env.layerNames[layer] };
  }
  const known = [...env.globals.keys()].join(', ');
  throw new ExpressionError(
    `no layer named '${name}'; layers are ${env.layerNames.join(', ')} (and ${known} name the training state)`,
  );
}

/** Other spellings of layer fields. */
const FIELD_ALIASES: Record<string, string> = { δ: 'delta', dZ: 'delta', Z: 'z', A: 'a', weights: 'W', biases: 'b' };

/** The own entry of a table: a name such as `constructor` must not reach Object.prototype. */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function alias(field: string): string {
  return own(FIELD_ALIASES, field) ?? field;
}

function fieldOf(layer: LayerValue, field: string, env: Environment): number | Tensor {
  const fields = env.layerFields(layer.layer);
  const v = fields.get(alias(field));
  if (v !== undefined) return v;
  const why = env.missing?.(layer.layer, alias(field));
  if (why) throw new ExpressionError(why);
  throw new ExpressionError(
    `layer '${layer.name}' has no field '${field}'; its fields are ${[...fields.keys()].join(', ')}`,
  );
}

function indexInto(obj: Value, index: Value): Value {
  const i = scalar(index, 'an index');
  if (typeof obj === 'number' || obj.kind !== 'tensor') throw new ExpressionError(`${nameOf(obj)} cannot be indexed`);
  const n = obj.vector ? obj.cols : obj.rows;
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    const what = obj.vector ? 'values' : 'rows';
    throw new ExpressionError(`index ${i} is outside ${obj.name}'s ${n} ${what} (0 to ${n - 1})`);
  }
  if (obj.vector) return obj.data[i];
  const data = sub(obj.data, i * obj.cols, (i + 1) * obj.cols);
  return { kind: 'tensor', data, rows: 1, cols: obj.cols, vector: true, name: `${obj.name}[${i}]` };
}

function sub(x: ArrayLike<number>, from: number, to: number): ArrayLike<number> {
  const typed = x as Float64Array;
  return typeof typed.subarray === 'function' ? typed.subarray(from, to) : Array.prototype.slice.call(x, from, to);
}

function call(fn: string, args: Value[]): Value {
  const reduce = own(REDUCTIONS, fn);
  if (reduce) {
    if (args.length === 1 && typeof args[0] !== 'number') return reduce(tensorOf(args[0], fn).data);
    if (args.length === 0) throw new ExpressionError(`${fn}() needs an argument`);
    return reduce(args.map((a) => scalar(a, `${fn}'s arguments`)));
  }
  const f = own(ELEMENTWISE, fn);
  if (f) {
    if (args.length !== 1) throw new ExpressionError(`${fn}() takes one argument, found ${args.length}`);
    return map(args[0], f, fn);
  }
  throw new ExpressionError(`unknown function '${fn}'; functions are ${FUNCTIONS.join(', ')}`);
}

function map(v: Value, f: (x: number) => number, what: string): Value {
  if (typeof v === 'number') return f(v);
  const t = tensorOf(v, what);
  return { ...t, data: Float64Array.from(t.data, f), name: `${what}(${t.name})` };
}

function binaryOp(op: BinaryOp, a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return scalarOp(op, a, b);
  if (!['+', '-', '*', '/'].includes(op)) throw new ExpressionError(`'${op}' compares numbers, not matrices`);
  const ta = typeof a === 'number' ? undefined : tensorOf(a, `'${op}'`);
  const tb = typeof b === 'number' ? undefined : tensorOf(b, `'${op}'`);
  const shape = (ta ?? tb) as Tensor;
  if (ta && tb && (ta.rows !== tb.rows || ta.cols !== tb.cols)) {
    throw new ExpressionError(`${ta.name} is ${shapeOf(ta)} and ${tb.name} is ${shapeOf(tb)}`);
  }
  const data = Float64Array.from({ length: shape.data.length }, (_, i) =>
    scalarOp(op, ta ? ta.data[i] : (a as number), tb ? tb.data[i] : (b as number)),
  );
  return { ...shape, data, name: `(${operandName(a)} ${op} ${operandName(b)})` };
}

function scalarOp(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '>':
      return Number(a > b);
    case '<':
      return Number(a < b);
    case '>=':
      return Number(a >= b);
    case '<=':
      return Number(a <= b);
    case '==':
      return Number(a === b);
    case '!=':
      return Number(a !== b);
    case '&&':
      return Number(Boolean(a) && Boolean(b));
    case '||':
      return Number(Boolean(a) || Boolean(b));
  }
}

function operandName(v: Value): string {
  return typeof v === 'number' ? String(v) : v.name;
}

export function shapeOf(t: Tensor): string {
  return t.vector ? `a vector of ${t.cols}` : `${t.rows} × ${t.cols}`;
}

function scalar(v: Value, what: string): number {
  if (typeof v === 'number') return v;
  throw new ExpressionError(`${what} must be a number, found ${nameOf(v)}`);
}

function tensorOf(v: Value, what: string): Tensor {
  if (typeof v !== 'number' && v.kind === 'tensor') return v;
  throw new ExpressionError(`${what} needs a matrix or vector, found ${nameOf(v)}`);
}

function nameOf(v: Value): string {
  if (typeof v === 'number') return `the number ${v}`;
  return v.kind === 'layer' ? `layer '${v.name}'` : `${v.name} (${shapeOf(v)})`;
}

/** `env` with bare field names meaning layer `layer`'s, and `extra` names (a data breakpoint's old and new). */
export function scoped(env: Environment, layer?: number, extra?: ReadonlyMap<string, number>): Environment {
  return {
    layerNames: env.layerNames,
    layerFields: (l) => env.layerFields(l),
    globals: extra ? new Map([...env.globals, ...extra]) : env.globals,
    layer,
    missing: (l, f) => env.missing?.(l, f),
  };
}
