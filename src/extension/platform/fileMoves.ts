// Where a spec's URI goes when the user renames, moves or deletes it (or a folder holding it). Pure: URIs as strings.

/**
 * The URI string `key` has after `from` (the file itself or a folder holding it) was renamed to `to`; undefined when
 * unaffected.
 */
export function movedKey(key: string, from: string, to: string): string | undefined {
  if (key === from) return to;
  const prefix = from.endsWith('/') ? from : `${from}/`;
  if (!key.startsWith(prefix)) return undefined;
  return `${to.endsWith('/') ? to : `${to}/`}${key.slice(prefix.length)}`;
}

/** True when `key` is `deleted` or lies inside the deleted folder. */
export function isDeletedBy(key: string, deleted: string): boolean {
  return movedKey(key, deleted, deleted) !== undefined;
}
