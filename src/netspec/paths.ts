// Pure string path logic for data files: '/' separators, Windows drive letters and backslashes, and the workspace
// fence.

/**
 * Backslashes become '/', a drive letter is lower-cased, '.' and '..' are resolved; undefined if '..' climbs above the
 * root.
 */
export function normalizePath(p: string): string | undefined {
  const slashed = p.replace(/\\/g, '/').replace(/^([A-Za-z]):/, (_, d: string) => `${d.toLowerCase()}:`);
  const prefix = /^[a-z]:\//.exec(slashed)?.[0] ?? (slashed.startsWith('/') ? '/' : '');
  const parts: string[] = [];
  for (const part of slashed.slice(prefix.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (prefix !== '') return undefined;
    else parts.push('..');
  }
  return prefix + parts.join('/');
}

/** True for '/x', '\\x', 'C:\x', 'C:/x' and UNC '\\server\share': anything not relative to a folder. */
export function isAbsolutePath(p: string): boolean {
  return /^([\\/]|[A-Za-z]:)/.test(p);
}

/** The folder part of an absolute path. */
export function folderOf(p: string): string {
  const n = normalizePath(p) ?? p;
  const cut = n.lastIndexOf('/');
  return cut <= 0 ? '/' : /^[a-z]:$/.test(n.slice(0, cut)) ? n.slice(0, cut + 1) : n.slice(0, cut);
}

/** `child` is `root` or below it; Windows-style paths compare case-insensitively. */
export function isInside(child: string, root: string): boolean {
  const c = normalizePath(child);
  const r = normalizePath(root);
  if (c === undefined || r === undefined) return false;
  const windows = /^[a-z]:/.test(r);
  const [cc, rr] = windows ? [c.toLowerCase(), r.toLowerCase()] : [c, r];
  return cc === rr || cc.startsWith(rr.endsWith('/') ? rr : `${rr}/`);
}

/** `rel` against `folder`, normalized; undefined when it climbs above the file system root. */
export function joinPath(folder: string, rel: string): string | undefined {
  return normalizePath(`${folder.replace(/\\/g, '/')}/${rel}`);
}
