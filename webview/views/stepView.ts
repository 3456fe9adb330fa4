// The step view: each unit's z, a, dJ/da and dJ/dz after a step, and the chain-rule factors of a selected gradient.
import type { ParamRef, StepDetail } from '../../src/protocol';
import { chainRule, unitValues } from '../state/chainRule';
import type { PanelContext, Section } from '../state/context';
import { el } from '../drawing/dom';
import { formatNumber as fmt } from '../../src/shared/format';
import { ParamLayout, paramPath, sameRef } from '../../src/shared/paramLayout';
import { table } from '../drawing/table';

/** Units listed per layer; the rest are summarised. */
const MAX_UNITS = 16;
/** Samples listed in the chain-rule table; the sum always covers the whole batch. */
const MAX_SAMPLES = 12;
/** Parameters offered in the picker (every parameter is still reachable by clicking the graph). */
const MAX_PICKS = 400;

export class StepView implements Section {
  readonly element = el('div', 'step-view');
  /** What the view was built from, and how to refresh the one part that follows the snapshot. */
  private built?: { key: readonly unknown[]; refresh: () => void };

  update(ctx: PanelContext): void {
    const { spec, session } = ctx.state;
    const detail = session.stepDetail;
    if (!spec || !detail) {
      this.built = undefined;
      this.element.replaceChildren(
        el('p', 'empty', 'Press Step to run one mini-batch and see its forward and backward values here.'),
      );
      return;
    }
    // While training streams snapshots, only the comparison with the snapshot changes: rebuilding the tables and the
    // parameter picker each time would cost a W3 network hundreds of elements per snapshot.
    const key = [spec, detail, ctx.settings.sample, ctx.settings.weight && paramPath(ctx.settings.weight)];
    if (this.built && this.built.key.every((k, i) => k === key[i])) return this.built.refresh();
    const rows = detail.rows.length;
    const sample = ctx.settings.sample === 'mean' || ctx.settings.sample < rows ? ctx.settings.sample : 'mean';
    const picker = document.createElement('select');
    picker.className = 'sample-select';
    picker.setAttribute('aria-label', 'Sample of the batch');
    picker.append(new Option('batch mean', 'mean', false, sample === 'mean'));
    detail.rows.forEach((row, s) =>
      picker.append(new Option(`sample ${s} (data row ${row})`, String(s), false, sample === s)),
    );
    picker.addEventListener('change', () =>
      ctx.setSettings({ sample: picker.value === 'mean' ? 'mean' : Number(picker.value) }),
    );

    const units = spec.layers.map((layer, l) => {
      const q = (k: 'Z' | 'A' | 'dA' | 'dZ'): Float64Array | undefined => unitValues(detail, l + 1, k, sample);
      const [Z, A, dA, dZ] = [q('Z'), q('A'), q('dA'), q('dZ')];
      const shown = Math.min(layer.units, MAX_UNITS);
      const body = Array.from({ length: shown }, (_, j) => [
        String(j),
        fmt(Z?.[j]),
        fmt(A?.[j]),
        dA ? fmt(dA[j]) : 'fused',
        fmt(dZ?.[j]),
      ]);
      const t = table('units', ['unit', 'z', 'a', 'dJ/da', 'dJ/dz'], body);
      const note = layer.units > shown ? el('p', 'note', `first ${shown} of ${layer.units} units`) : '';
      return el('div', 'layer-units', el('h4', '', `${layer.name} · ${layer.activation}`), t, note);
    });

    const chain = this.chainRuleBlock(ctx, detail);
    this.element.replaceChildren(
      el('div', 'step-head', el('span', '', `Step ${detail.step} · batch of ${rows} · showing `), picker),
      el('div', 'units-row', ...units),
      chain.element,
    );
    this.built = { key, refresh: chain.refresh };
  }

  /** The chain rule of the selected parameter, and a refresh of its comparison with the latest snapshot. */
  private chainRuleBlock(ctx: PanelContext, detail: StepDetail): { element: HTMLElement; refresh: () => void } {
    const spec = ctx.state.spec!;
    const params = new ParamLayout(spec);
    const ref: ParamRef =
      ctx.settings.weight && params.indexOf(ctx.settings.weight) >= 0 ? ctx.settings.weight : params.refAt(0)!;
    const name = (r: ParamRef): string => params.pathOf(r);

    const pick = document.createElement('select');
    pick.setAttribute('aria-label', 'Parameter to explain');
    const selected = params.indexOf(ref);
    for (let k = 0; k < Math.min(params.size, MAX_PICKS); k++)
      pick.append(new Option(name(params.refAt(k)!), String(k), false, k === selected));
    if (selected >= MAX_PICKS) pick.append(new Option(name(ref), String(selected), false, true));
    pick.addEventListener('change', () => {
      const r = params.refAt(Number(pick.value));
      if (r && !sameRef(r, ctx.settings.weight)) ctx.setSettings({ weight: r });
    });
    const reveal = el('button', 'link', 'Reveal in spec');
    reveal.addEventListener('click', () => ctx.post({ type: 'spec/reveal', ref }));
    const head = el(
      'div',
      'step-head',
      el('span', '', 'Chain rule for '),
      pick,
      reveal,
      el('span', 'note', ' (or click an edge in the graph)'),
    );

    const r = chainRule(
      detail,
      spec.layers.map((l) => l.activation),
      ref,
    );
    if (!r)
      return {
        element: el('section', 'chain', head, el('p', 'empty', 'This parameter is not part of the last step.')),
        refresh: () => undefined,
      };
    const dz = ref.kind === 'weight' ? (ref.layer === 0 ? `x[${ref.col}]` : `a_prev[${ref.col}]`) : '1';
    const formula = r.fused
      ? `dJ/d${name(ref)} = Σₛ dJ/dz · dz/dw, where dJ/dz = (a − y)/m is the loss's fused delta for this output layer`
      : `dJ/d${name(ref)} = Σₛ dJ/da · da/dz · dz/dw, with dz/dw = ${dz}`;
    const body = r.samples
      .slice(0, MAX_SAMPLES)
      .map((f) => [
        `${f.sample} (row ${f.row})`,
        f.dJda === undefined ? '—' : fmt(f.dJda),
        f.dadz === undefined ? '—' : fmt(f.dadz),
        fmt(f.dJdz),
        fmt(f.dzdw),
        fmt(f.product),
      ]);
    const hidden = r.samples.length - body.length;
    const t = table(
      'chain-table',
      ['sample', 'dJ/da', 'da/dz', r.fused ? 'dJ/dz (fused)' : 'dJ/dz', 'dz/dw', 'product'],
      body,
    );

    const compare = el('div', 'compare');
    const refresh = (): void => {
      const known = ctx.exact(ref);
      if (!known) return compare.replaceChildren();
      const grad = known.grad;
      const lines = [el('p', 'sum', `Gradient in the snapshot (step ${known.step}) = ${fmt(grad)}`)];
      const diff = grad - r.sum;
      if (known.step !== detail.step)
        lines.push(
          el('p', 'note', 'The snapshot is from another step than this step view: take a Step to compare them.'),
        );
      else if (Math.abs(diff) <= 1e-9 * Math.max(1, Math.abs(grad))) lines.push(el('p', 'match', '✓ they match'));
      else
        lines.push(
          el('p', 'sum', `Difference = ${fmt(diff)}: the L2 term λ·w${ref.kind === 'bias' ? ' (or rounding)' : ''}`),
        );
      compare.replaceChildren(...lines);
    };
    refresh();
    const lines: HTMLElement[] = [
      el(
        'p',
        'sum',
        `Σ over the batch (${r.samples.length} samples${hidden > 0 ? `, ${hidden} not listed` : ''}) = ${fmt(r.sum)}`,
      ),
      compare,
    ];
    if (!r.elementwise && !r.fused)
      lines.push(
        el(
          'p',
          'note',
          `${spec.layers[ref.layer]!.activation} is not element-wise: da/dz is a Jacobian, so the product uses ` +
            `dJ/dz directly.`,
        ),
      );
    return { element: el('section', 'chain', head, el('p', 'formula', formula), t, ...lines), refresh };
  }
}
