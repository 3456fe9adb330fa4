// Maps between text offsets and network parameters (weights[r][c], biases[r]) for hovers and located diagnostics.
import { findNodeAtLocation, findNodeAtOffset, getNodePath } from 'jsonc-parser';
import type { ParamRef } from '../shared/paramLayout';
import { specDocument } from './document';
import type { SpecDocument } from './document';

/** A spec text, or its already parsed document (cheaper when called many times per version). */
export type SpecSource = string | SpecDocument;

export type OffsetTarget = { ref: ParamRef } | { layer: number; kind: 'layer' };

function docOf(source: SpecSource): SpecDocument {
  return typeof source === 'string' ? specDocument(source) : source;
}

/** The parameter whose number is at `offset`, else the layer whose object contains it, else undefined. */
export function paramAtOffset(source: SpecSource, offset: number): OffsetTarget | undefined {
  const root = docOf(source).root;
  const node = root && findNodeAtOffset(root, offset, true);
  if (!node) return undefined;
  const path = getNodePath(node);
  if (path[0] !== 'layers' || typeof path[1] !== 'number') return undefined;
  const layer = path[1];
  const [, , field, row, col] = path;
  if (node.type === 'number' && typeof row === 'number') {
    if (field === 'weights' && typeof col === 'number' && path.length === 5)
      return { ref: { layer, kind: 'weight', row, col } };
    if (field === 'biases' && path.length === 4) return { ref: { layer, kind: 'bias', row } };
  }
  return { layer, kind: 'layer' };
}

/** The range of the number the spec writes for `ref`, or undefined when the layer has no such explicit value. */
export function rangeOfParam(source: SpecSource, ref: ParamRef): { offset: number; length: number } | undefined {
  const root = docOf(source).root;
  const path =
    ref.kind === 'weight'
      ? ['layers', ref.layer, 'weights', ref.row, ref.col]
      : ['layers', ref.layer, 'biases', ref.row];
  const node = root && findNodeAtLocation(root, path);
  return node?.type === 'number' ? { offset: node.offset, length: node.length } : undefined;
}

/** The range of layer `layer`'s object, or undefined when there is no such layer. */
export function rangeOfLayer(source: SpecSource, layer: number): { offset: number; length: number } | undefined {
  const root = docOf(source).root;
  const node = root && findNodeAtLocation(root, ['layers', layer]);
  return node ? { offset: node.offset, length: node.length } : undefined;
}
