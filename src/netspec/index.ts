// The netspec/ public API: parsing and checking, offset ↔ parameter mapping, and write-back edits.
export { parseSpec } from './parse';
export { specDocument } from './document';
export type { Position, SpecDocument } from './document';
export { paramAtOffset, rangeOfLayer, rangeOfParam } from './params';
export type { OffsetTarget, SpecSource } from './params';
export { applyTextEdits, formatNumber, MAX_PARAM_MAGNITUDE, unwritableReason, weightEdits } from './edits';
export type { LayerValues } from './edits';
export type * from './types';
export { DEFAULT_MAX_NUMBERS, LoadCancelled } from './types';
export { MAX_TEXT_LENGTH } from './document';
export { keyOf, ProblemSink } from './problems';
export type { ParamRef } from '../shared/paramLayout';
export { readTable, scaleInputs, type Table } from './csv';
