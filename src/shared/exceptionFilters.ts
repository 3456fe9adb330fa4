// The exception breakpoints of a training debug session: the adapter offers them to the client (src/debug), the
// worker checks them (src/worker/debug). One list, so an offered filter is always one the worker knows.

/** Each filter's id, and whether it takes a condition (a comparison with a number, such as "> 10"). */
export const EXCEPTION_FILTERS = {
  nonFinite: { condition: false },
  gradNorm: { condition: true },
  lossAbove: { condition: true },
  lossIncreased: { condition: false },
  deadUnits: { condition: true },
} as const;

export type ExceptionFilter = keyof typeof EXCEPTION_FILTERS;

/** The filter `id` names, or undefined when it names none. */
export function exceptionFilter(id: string): ExceptionFilter | undefined {
  return Object.hasOwn(EXCEPTION_FILTERS, id) ? (id as ExceptionFilter) : undefined;
}
