// `backprop explain FILE [--row N] [--param PATH]`: one sample through the network, layer by layer, and one
// parameter's gradient as the chain-rule factors whose product it is (the CLI twin of the panel's step view).
import {
  chainOf,
  ParamLayout,
  refOfPath,
  splitRows,
  traceSample,
  type ParamChain,
  type SampleTrace,
} from '../../engine';
import { loadSpec, requireData, type SpecAccess } from '../load';
import { CliError, toJson, USAGE, type Output } from '../output';
import { fmt, formatTable } from '../tables';

export interface ExplainOptions extends SpecAccess {
  /** The data row (0-based, as `step` lists batches); default 0. */
  row?: number;
  /** A parameter path such as `hidden.weights[0][1]`. */
  param?: string;
  json?: boolean;
}

export function explainCommand(file: string, options: ExplainOptions, out: Output): number {
  const loaded = loadSpec(file, out, options);
  const { model } = loaded.spec;
  const data = requireData(loaded);
  const row = options.row ?? 0;
  if (row >= data.rows) throw new CliError(`--row ${row}: the data has ${data.rows} rows (0..${data.rows - 1})`, USAGE);
  const layout = new ParamLayout(model);
  const ref = options.param === undefined ? undefined : refOfPath(layout, options.param);
  if (typeof ref === 'string') throw new CliError(`--param ${ref}`, USAGE);
  const trace = traceSample(model, data, row);
  const chain = ref && chainOf(trace, model, layout, ref);
  const held = row >= splitRows(data.rows, model.training.validationSplit, data.heldOut).train.length;
  const split = held ? 'validation' : 'training';
  if (options.json) {
    const { params: _params, gradient: _gradient, ...rest } = trace;
    out.out(toJson({ ...rest, split, ...(chain ? { param: chain } : {}) }));
    return 0;
  }
  printTrace(loaded.spec.name, model.loss, trace, split, out);
  if (chain) printChain(chain, out);
  return 0;
}

function printTrace(name: string, loss: string, t: SampleTrace, split: string, out: Output): void {
  out.out(
    `${name}: row ${t.row} (a ${split} row) at the spec's weights; inputs [${t.inputs.map(fmt).join(', ')}], ` +
      `targets [${t.targets.map(fmt).join(', ')}]; ${loss} of this row J = ${fmt(t.loss)}`,
  );
  for (const layer of t.layers) {
    const fused = layer.dJda === undefined;
    out.out(
      `\n${layer.name} (${layer.activation}): z = W·a_prev + b, a = ${layer.activation}(z)` +
        (fused
          ? `; ∂J/∂z = a − y, divided as ${loss} averages (fused with ${layer.activation})`
          : '; ∂J/∂z = ∂J/∂a · f′(z)'),
    );
    out.out(
      formatTable(
        layer.z.map((z, j) => [
          `${layer.name}[${j}]`,
          fmt(z),
          fmt(layer.a[j]),
          fused ? '—' : fmt(layer.dJda![j]),
          fmt(layer.dJdz[j]),
        ]),
        ['unit', 'z', 'a', '∂J/∂a', '∂J/∂z'],
      ),
    );
  }
}

function printChain(c: ParamChain, out: Output): void {
  out.out(`\n${c.path} = ${c.value}: ∂J/∂${c.ref.kind === 'weight' ? 'w' : 'b'} by the chain rule`);
  const values = c.factors.map((f) => fmt(f.value));
  const width = Math.max(...values.map((v) => v.length));
  c.factors.forEach((f, i) => out.out(`  ${i === 0 ? ' ' : '×'} ${values[i].padStart(width)}  ${f.label}`));
  out.out(`  = ${c.product}`);
  if (c.l2 !== undefined) out.out(`  + λ·w = ${c.l2} (the L2 term)\n  = ${c.chain}`);
  const same = c.chain === c.backprop;
  out.out(
    `backprop's gradient for this row (what \`grads\` gives over it): ${c.backprop}` +
      (same
        ? ' (equal)'
        : ` (differs by ${Math.abs(c.chain - c.backprop).toExponential(2)}: the product is rounded in another order)`),
  );
}
