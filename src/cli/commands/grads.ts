// `backprop grads FILE`: the loss and every gradient over the training rows at the spec's weights, no update.
import { evaluateObjective, Network, splitRows } from '../../engine';
import { loadSpec, requireData, type SpecAccess } from '../load';
import { toJson, type Output } from '../output';
import { formatMatrix } from '../tables';

export interface GradsOptions extends SpecAccess {
  json?: boolean;
}

export function gradsCommand(file: string, options: GradsOptions, out: Output): number {
  const loaded = loadSpec(file, out, options);
  const { model } = loaded.spec;
  const data = requireData(loaded);
  const net = new Network(model, 'float64');
  const trainRows = splitRows(data.rows, model.training.validationSplit, data.heldOut).train;
  const loss = evaluateObjective(net, data, trainRows, model.training.l2, true);
  const layers = net.layout.unflatten(net.grads).map((l) => ({ name: l.name, dW: l.weights, db: l.biases }));
  if (options.json) {
    out.out(toJson({ loss, layers }));
    return 0;
  }
  out.out(`${loaded.spec.name}: loss ${loss} over ${trainRows.length} rows`);
  for (const l of layers) {
    out.out(`\n${l.name}  dJ/dW [${l.dW.length}×${l.dW[0]?.length ?? 0}]`);
    out.out(formatMatrix(l.dW));
    out.out(`${l.name}  dJ/db [${l.db.length}]`);
    out.out(formatMatrix([l.db]));
  }
  return 0;
}
