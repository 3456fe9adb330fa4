// Tells failures the user can act on from bugs (STYLE 9): the first are shown as they are, the rest as "Internal error
// while …". Pure.

/** A failure the user can act on; its message says what to do. */
export class UserError extends Error {}

/**
 * A request that failed because its session ended (crash, out of memory, spec deleted): the end itself was already
 * announced.
 */
export class SessionEndedError extends UserError {}

/**
 * The text to show for a failure of `doing` (e.g. "running Train"), and whether it is a bug whose details to offer for
 * copying.
 */
export function describeFailure(err: unknown, doing: string): { message: string; internal: boolean } {
  if (err instanceof UserError) return { message: err.message, internal: false };
  const text = err instanceof Error ? err.message : String(err);
  return {
    message: text.startsWith('Internal error') ? text : `Internal error while ${doing}: ${text}`,
    internal: true,
  };
}
