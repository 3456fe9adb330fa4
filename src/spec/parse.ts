// parseSpec: spec text → validated Spec with every default filled, plus every problem located at once.
import { getNodePath } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import type { ModelConfig } from '../engine/types';
import { readData } from './data';
import { specDocument } from './document';
import { readModel } from './model';
import { keyOf, pathText, ProblemSink } from './problems';
import { checkSchema } from './schemaCheck';
import { prop, str } from './tree';
import type { ParseOptions, ParseResult, Spec, SpecHost } from './types';

/** Parses and checks a spec; never throws: every failure is a located problem, and `spec` is present only without errors. */
export function parseSpec(text: string, host: SpecHost, options: ParseOptions = {}): ParseResult {
  const doc = specDocument(text);
  const sink = new ProblemSink(doc);
  try {
    const spec = check(doc.root, host, options, sink);
    for (const e of doc.syntaxErrors) sink.error({ ...e, path: [] }, e.message);
    const problems = sink.problems.sort((a, b) => a.offset - b.offset);
    return spec && !sink.hasErrors ? { spec, problems } : { problems };
  } catch (e) {
    // A bug, not the user's mistake: still a problem, never an exception to the editor.
    const details = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    sink.error({ offset: 0, length: 0, path: [] }, `Internal error while checking the spec: ${details}`);
    return { problems: sink.problems };
  }
}

function check(root: Node | undefined, host: SpecHost, options: ParseOptions, sink: ProblemSink): Spec | undefined {
  if (!root) {
    sink.error({ offset: 0, length: 0, path: [] }, 'the spec is empty; expected a JSON object with "input", "layers" and "loss"');
    return undefined;
  }
  if (root.type !== 'object') {
    sink.error(root, `the spec must be a JSON object with "input", "layers" and "loss", found ${root.type === 'array' ? 'an array' : `a ${root.type}`}`);
    return undefined;
  }
  scanLiterals(root, sink);
  checkSchema(root, sink);
  const { model, inputNames, sizesKnown } = readModel(root, sink);
  // Data rows are measured against the model's sizes; when those are unreadable, data errors would only echo them.
  const loaded = sizesKnown ? readData(prop(root, 'data'), model, host, sink) : undefined;
  if (options.maxNumbers !== undefined) checkSize(root, model, loaded?.data.rows, options.maxNumbers, sink);
  const spec: Spec = { name: str(prop(root, 'name')) ?? fileTitle(host.specPath), model };
  if (loaded) Object.assign(spec, loaded);
  if (inputNames) spec.inputNames = inputNames;
  return spec;
}

/**
 * Numbers that overflow to ±Infinity and duplicate keys: both invisible to a schema over the parsed value.
 * NOTE: huge but finite parameters (|w| > 1e6, e.g. 1e308) are errors, not warnings, through the schema's `param`
 * bound: one such weight overflows float32 activations and turns the loss into NaN on the first step.
 */
function scanLiterals(root: Node, sink: ProblemSink): void {
  const stack: Node[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'number' && !Number.isFinite(node.value)) {
      const literal = sink.textOf(node);
      sink.error(node, `${pathText(getNodePath(node))} is ${literal}, which is beyond the largest 64-bit number (it would be ${node.value as number}); numbers must be finite`);
    }
    if (node.type === 'object') {
      const seen = new Set<unknown>();
      for (const p of node.children ?? []) {
        const key = p.children?.[0];
        if (key && seen.has(key.value)) sink.error(key, `duplicate field "${String(key.value)}" in ${pathText(getNodePath(node))}; keep only one`);
        if (key) seen.add(key.value);
      }
    }
    stack.push(...(node.children ?? []));
  }
}

/** Refuses networks larger than `limit` numbers: parameters plus one batch of activations. */
function checkSize(root: Node, model: ModelConfig, rows: number | undefined, limit: number, sink: ProblemSink): void {
  let params = 0;
  let units = model.input;
  let fanIn = model.input;
  for (const layer of model.layers) {
    params += layer.units * (fanIn + 1);
    units += layer.units;
    fanIn = layer.units;
  }
  const batch = Math.min(model.training.batchSize, rows ?? model.training.batchSize);
  const total = params + batch * units;
  const layersNode = prop(root, 'layers');
  if (total > limit && layersNode) {
    sink.error(keyOf(layersNode) ?? layersNode, `this network needs about ${total} numbers (${params} parameters + ${batch * units} activations for a batch of ${batch}), more than the limit of ${limit}`);
  }
}

/** The spec's file name without `.nn.json` (or `.json`), the default display name. */
function fileTitle(specPath: string): string {
  const base = specPath.replace(/\\/g, '/').split('/').pop() ?? specPath;
  return base.replace(/\.nn\.json$/i, '').replace(/\.json$/i, '') || base;
}
