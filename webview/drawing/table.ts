// A themed plain <table> built from text cells (never HTML).
import { el } from './dom';

export type Cell = string | Node;

/** A table with a header row and body rows; `numeric` columns align right. */
export function table(
  className: string,
  head: Cell[],
  rows: Cell[][],
  numeric: (i: number) => boolean = (i) => i > 0,
): HTMLTableElement {
  const thead = el('thead', '', el('tr', '', ...head.map((h, i) => el('th', numeric(i) ? 'num' : '', h))));
  const tbody = el(
    'tbody',
    '',
    ...rows.map((r) => el('tr', '', ...r.map((c, i) => el('td', numeric(i) ? 'num' : '', c)))),
  );
  return el('table', `grid ${className}`, thead, tbody);
}
