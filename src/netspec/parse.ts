// parseSpec: spec text → validated Spec with every default filled, plus every problem located at once.
import { getNodePath } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import type { ModelConfig } from '../engine/types';
import { ParamLayout } from '../shared/paramLayout';
import { readData } from './data';
import { specDocument } from './document';
import type { SpecDocument } from './document';
import { readModel } from './model';
import { keyOf, pathText, ProblemSink } from './problems';
import { checkSchema } from './schema/check';
import { elements, prop, str } from './tree';
import { DEFAULT_MAX_NUMBERS, LoadCancelled } from './types';
import type { ParseOptions, ParseResult, Spec, SpecHost } from './types';
import { grouped } from '../shared/format';

/**
 * Parses and checks a spec; never throws: every failure is a located problem, and `spec` is present only without
 * errors.
 */
export function parseSpec(text: string, host: SpecHost, options: ParseOptions = {}): ParseResult {
  const doc = specDocument(text);
  const sink = new ProblemSink(doc);
  try {
    const spec = check(doc, host, options, sink);
    for (const e of doc.syntaxErrors) sink.error({ ...e, path: [] }, e.message);
    const problems = sink.problems.sort((a, b) => a.offset - b.offset);
    return spec && !sink.hasErrors ? { spec, problems } : { problems };
  } catch (e) {
    if (e instanceof LoadCancelled) throw e;
    // A bug, not the user's mistake: still a problem, never an exception to the editor.
    const details = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    sink.error({ offset: 0, length: 0, path: [] }, `Internal error while checking the spec: ${details}`);
    return { problems: sink.problems };
  }
}

function check(doc: SpecDocument, host: SpecHost, options: ParseOptions, sink: ProblemSink): Spec | undefined {
  const root = doc.root;
  if (!root) {
    // Without a tree, either the text is empty or it was refused before parsing (that reason is its syntax error).
    if (doc.syntaxErrors.length === 0)
      sink.error(
        { offset: 0, length: 0, path: [] },
        'the spec is empty; expected a JSON object with "input", "layers" and "loss"',
      );
    return undefined;
  }
  if (root.type !== 'object') {
    sink.error(
      root,
      `the spec must be a JSON object with "input", "layers" and "loss", found ` +
        `${root.type === 'array' ? 'an array' : `a ${root.type}`}`,
    );
    return undefined;
  }
  scanLiterals(root, sink);
  checkSchema(root, sink);
  const { model, inputNames, sizesKnown } = readModel(root, sink);
  // Data rows are measured against the model's sizes; when those are unreadable, data errors would only echo them.
  const limit = options.maxNumbers ?? DEFAULT_MAX_NUMBERS;
  const loaded = sizesKnown ? readData(root, model, host, sink, limit - networkNumbers(model, 1).total) : undefined;
  // Where only a data file's header was read, the rows are unknown: count one, the smallest batch, so the size error
  // is never one a full load would not confirm (the full load reports it otherwise).
  const rows = loaded && (loaded.data?.rows ?? 1);
  checkSize(root, model, rows, limit, sink);
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
      sink.error(
        node,
        `${pathText(getNodePath(node))} is ${literal}, which is beyond the largest 64-bit number (it would be ` +
          `${node.value as number}); numbers must be finite`,
      );
    }
    if (node.type === 'object') {
      const seen = new Set<unknown>();
      for (const p of node.children ?? []) {
        const key = p.children?.[0];
        if (key && seen.has(key.value))
          sink.error(key, `duplicate field "${String(key.value)}" in ${pathText(getNodePath(node))}; keep only one`);
        if (key) seen.add(key.value);
      }
    }
    // NOTE: one by one: spreading a 100k-row data array into push() overflows the call stack.
    for (const child of node.children ?? []) stack.push(child);
  }
}

/**
 * Refuses networks larger than `limit` numbers: parameters plus one batch of activations. The error sits on the
 * `units` whose numbers (its own weights, the next layer's weights into it, its activations) weigh most: the one to
 * shrink first (on the `layers` key when that is unreadable).
 */
function checkSize(root: Node, model: ModelConfig, rows: number | undefined, limit: number, sink: ProblemSink): void {
  const { batch, sizes, params, activations, total } = networkNumbers(model, rows);
  const layersNode = prop(root, 'layers');
  if (total <= limit || !layersNode) return;
  const share = (l: number): number => sizes[l + 1] * (sizes[l] + 1 + batch) + (sizes[l + 2] ?? 0) * sizes[l + 1];
  const heaviest = model.layers.reduce((best, _, l) => (share(l) > share(best) ? l : best), 0);
  sink.error(
    prop(elements(layersNode)?.[heaviest], 'units') ?? keyOf(layersNode) ?? layersNode,
    `this network needs about ${grouped(total)} numbers (${grouped(params)} parameters + ` +
      `${grouped(activations)} activations for a batch of ${batch}), ` +
      `more than the limit of ${grouped(limit)} (about ${grouped(Math.round((total * 8) / 1e6))} MB in float64); ` +
      `layers[${heaviest}] with its ${grouped(sizes[heaviest + 1])} unit${sizes[heaviest + 1] === 1 ? '' : 's'} ` +
      `accounts for ${grouped(share(heaviest))} of them: use fewer units`,
  );
}

/** The numbers a network takes: its parameters and one batch of activations (at most `rows` rows). */
function networkNumbers(model: ModelConfig, rows: number | undefined) {
  const batch = Math.min(model.training.batchSize, rows ?? model.training.batchSize);
  const sizes = [model.input, ...model.layers.map((l) => l.units)];
  const params = new ParamLayout(model).size;
  const activations = batch * sizes.reduce((a, b) => a + b, 0);
  return { batch, sizes, params, activations, total: params + activations };
}

/** The spec's file name without `.nn.json` (or `.json`), the default display name. */
function fileTitle(specPath: string): string {
  const base = specPath.replace(/\\/g, '/').split('/').pop() ?? specPath;
  return base.replace(/\.nn\.json$/i, '').replace(/\.json$/i, '') || base;
}
