// Gradient-check results: the verdict and overall error, and a sortable table (worst first); a row reveals its
// parameter.
import type { GradCheckInfo } from '../../src/protocol';
import type { PanelContext, Section } from '../state/context';
import { el } from '../drawing/dom';
import { formatNumber as fmt } from '../../src/shared/format';
import { nextSort, sortRows, type GradSortKey } from '../state/gradcheckSort';

const MAX_ROWS = 200;
const COLUMNS: { key: GradSortKey; label: string }[] = [
  { key: 'path', label: 'parameter' },
  { key: 'analytic', label: 'analytic' },
  { key: 'numeric', label: 'numeric' },
  { key: 'absError', label: 'abs. error' },
  { key: 'relError', label: 'rel. error' },
];

export class GradCheckView implements Section {
  readonly element = el('div', 'gradcheck');

  update(ctx: PanelContext): void {
    const check = ctx.state.session.gradCheck;
    if (!check) {
      this.element.replaceChildren(
        el('p', 'empty', 'Run a gradient check to compare backprop with finite differences.'),
      );
      return;
    }
    this.element.replaceChildren(summary(check), this.table(ctx, check));
  }

  private table(ctx: PanelContext, check: GradCheckInfo): HTMLElement {
    const sort = ctx.settings.sort;
    const head = el(
      'tr',
      '',
      ...COLUMNS.map(({ key, label }, i) => {
        const button = el('button', 'sort', label + (sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''));
        button.addEventListener('click', () => ctx.setSettings({ sort: nextSort(sort, key) }));
        const th = el('th', i > 0 ? 'num' : '', button);
        th.setAttribute('aria-sort', sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none');
        return th;
      }),
      el('th', '', 'flag'),
    );
    const rows = sortRows(check.rows, sort)
      .slice(0, MAX_ROWS)
      .map((r) => {
        const flag = r.mismatch ? 'mismatch' : r.kink ? 'kink' : '';
        // The parameter is a button (Tab reaches it, Enter and Space press it); the whole row answers the mouse.
        const path = el('button', 'link mono', r.path);
        path.title = 'Reveal in the spec';
        const tr = el(
          'tr',
          `clickable ${flag}`,
          el('td', 'mono', path),
          el('td', 'num', fmt(r.analytic)),
          el('td', 'num', fmt(r.numeric)),
          el('td', 'num', fmt(r.absError)),
          el('td', 'num', fmt(r.relError)),
          el('td', 'flag', flag),
        );
        tr.title = 'Reveal in the spec';
        tr.addEventListener('click', () => {
          ctx.setSettings({ weight: r.ref });
          ctx.post({ type: 'spec/reveal', ref: r.ref });
        });
        return tr;
      });
    const more = check.rows.length > MAX_ROWS ? el('p', 'note', `${MAX_ROWS} of ${check.rows.length} rows shown`) : '';
    return el(
      'div',
      'table-wrap',
      el('table', 'grid gradcheck-table', el('thead', '', head), el('tbody', '', ...rows)),
      more,
    );
  }
}

function summary(check: GradCheckInfo): HTMLElement {
  const verdict = el('span', `verdict ${check.verdict}`, check.verdict);
  return el(
    'p',
    'check-summary',
    'Verdict: ',
    verdict,
    ` · overall relative error ${fmt(check.overallError)} · ${check.checked} of ${check.total} parameters checked ` +
      `(ε = ${fmt(check.eps)})`,
    ` · ${check.mismatches} mismatch${check.mismatches === 1 ? '' : 'es'}, ${check.kinks} near a kink`,
  );
}
