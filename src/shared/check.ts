// Checks of untrusted messages, typed by what they prove: a check for a protocol type must name a check for every
// field of it, so adding or renaming a field fails to compile until its check is written.
import type { ParamRef } from './paramLayout';

declare const proves: unique symbol;

/**
 * Looks at an untrusted value: undefined when it is a T, else what it should have been ("a number", ".step a
 * number"). The brand ties a check to exactly its type (invariant), so a check of a wider or narrower type, or of
 * an object with a field missing, does not fit where a T is asked for.
 */
export type Check<T> = ((v: unknown) => string | undefined) & { readonly [proves]: (t: T) => T };

/** One check per field of T, optional fields included (their checks accept undefined). */
export type Fields<T> = { [K in keyof Required<T>]: Check<T[K]> };

/** For a union of messages told apart by `type`: the checks of each message's other fields. */
export type MessageChecks<U extends { type: string }> = { [M in U as M['type']]: Fields<Omit<M, 'type'>> };

/** Makes a function a check of T; only the combinators below know what it proves. */
const check = <T>(f: (v: unknown) => string | undefined): Check<T> => f as Check<T>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Joins a field path and its error: `.a.b[2] a number`. */
const at = (where: string, e: string): string => where + (e.startsWith('.') || e.startsWith('[') ? '' : ' ') + e;

export const num = check<number>((v) => (typeof v === 'number' ? undefined : 'a number'));
export const str = check<string>((v) => (typeof v === 'string' ? undefined : 'a string'));
export const bool = check<boolean>((v) => (typeof v === 'boolean' ? undefined : 'a boolean'));
export const f64 = check<Float64Array>((v) => (v instanceof Float64Array ? undefined : 'a Float64Array'));
export const f32 = check<Float32Array>((v) => (v instanceof Float32Array ? undefined : 'a Float32Array'));
export const i8 = check<Int8Array>((v) => (v instanceof Int8Array ? undefined : 'an Int8Array'));
export const u8 = check<Uint8Array>((v) => (v instanceof Uint8Array ? undefined : 'a Uint8Array'));

/** One of a union of strings, each listed (a value added to the union fails to compile until it is listed here). */
export function oneOf<T extends string>(values: Record<T, true>, what: string): Check<T> {
  return check((v) => (typeof v === 'string' && Object.prototype.hasOwnProperty.call(values, v) ? undefined : what));
}

export function opt<T>(c: Check<T>): Check<T | undefined> {
  return check((v) => (v === undefined ? undefined : c(v)));
}

export function arr<T>(c: Check<T>): Check<T[]> {
  return check((v) => {
    if (!Array.isArray(v)) return 'an array';
    for (let i = 0; i < v.length; i++) {
      const e = c(v[i]);
      if (e) return at(`[${i}]`, e);
    }
    return undefined;
  });
}

export function obj<T>(fields: Fields<T>): Check<T> {
  const entries = Object.entries<(v: unknown) => string | undefined>(fields);
  return check((v) => {
    if (!isObj(v)) return 'an object';
    for (const [k, c] of entries) {
      const e = c(v[k]);
      if (e) return at(`.${k}`, e);
    }
    return undefined;
  });
}

/** A union told apart by its `kind`, each kind with its own check. */
export function byKind<T extends { kind: string }>(
  checks: { [K in T['kind']]: Check<Extract<T, { kind: K }>> },
  what: string,
): Check<T> {
  const table: Record<string, (v: unknown) => string | undefined> = checks;
  return check((v) =>
    isObj(v) && typeof v.kind === 'string' && Object.prototype.hasOwnProperty.call(table, v.kind)
      ? table[v.kind]!(v)
      : what,
  );
}

/** A check with a further condition on the value it has proved, such as lengths that must agree. */
export function refine<T>(c: Check<T>, further: (v: T) => string | undefined): Check<T> {
  return check((v) => c(v) ?? further(v as T));
}

type WeightRef = Extract<ParamRef, { kind: 'weight' }>;
type BiasRef = Extract<ParamRef, { kind: 'bias' }>;

/** A weight or bias reference; whether the network has that parameter is for its holder to check. */
export const paramRef = byKind<ParamRef>(
  {
    weight: obj<WeightRef>({ layer: num, kind: oneOf({ weight: true }, '"weight"'), row: num, col: num }),
    bias: obj<BiasRef>({ layer: num, kind: oneOf({ bias: true }, '"bias"'), row: num }),
  },
  'a parameter reference',
);

/** The message when it is one of `checks`' union (with only the fields its type has), else the reason it is not. */
export function checkMessage<U extends { type: string }>(
  checks: MessageChecks<U>,
  data: unknown,
): { ok: true; message: U } | { ok: false; error: string } {
  if (!isObj(data) || typeof data.type !== 'string') return { ok: false, error: 'not a message object with a type' };
  const table: Record<string, Record<string, (v: unknown) => string | undefined>> = checks;
  const fields = Object.prototype.hasOwnProperty.call(table, data.type) ? table[data.type] : undefined;
  if (!fields) return { ok: false, error: `unknown message type "${data.type}"` };
  const error = obj(fields as Fields<unknown>)(data);
  if (error) return { ok: false, error: `${data.type}: message${at('', error)}` };
  const message: Record<string, unknown> = { type: data.type };
  for (const k of Object.keys(fields)) if (data[k] !== undefined) message[k] = data[k];
  return { ok: true, message: message as U };
}
