// What the adapter tells a client it can do in its initialize response, with the exception breakpoints it offers
// (their ids, and which take a condition, are the shared list the worker checks).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { EXCEPTION_FILTERS as CHECKED, type ExceptionFilter } from '../shared/exceptionFilters';

/** How the client shows each filter (a Record: a filter the worker checks cannot be left out). */
const OFFERED: Record<
  ExceptionFilter,
  Omit<DebugProtocol.ExceptionBreakpointsFilter, 'filter' | 'supportsCondition'>
> = {
  nonFinite: {
    label: 'Non-finite value',
    description: 'Stop where the first NaN or ±Infinity appears: the step, phase, layer and unit',
    default: true,
  },
  gradNorm: {
    label: 'Gradient norm above…',
    description: "Stop when a layer's ‖dJ/dθ‖ meets the condition",
    conditionDescription: 'A comparison with a number, e.g. > 10',
  },
  lossAbove: {
    label: 'Loss above…',
    description: "Stop when the mini-batch's loss meets the condition",
    conditionDescription: 'A comparison with a number, e.g. > 5',
  },
  lossIncreased: {
    label: 'Loss increased',
    description: "Stop when a mini-batch's loss is above the one before it",
  },
  deadUnits: {
    label: 'Dead units above…',
    description: 'Stop when the fraction of a ReLU layer’s units that output 0 for the whole batch meets the condition',
    conditionDescription: 'A fraction of the units, e.g. > 0.5',
  },
};

/** The filters in the order above, each taking a condition where the worker reads one. */
export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = (
  Object.keys(OFFERED) as ExceptionFilter[]
).map((filter) => ({ filter, ...OFFERED[filter], ...(CHECKED[filter].condition && { supportsCondition: true }) }));

export const CAPABILITIES: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsStepBack: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsEvaluateForHovers: true,
  supportsSetVariable: true,
  supportsDataBreakpoints: true,
  supportsExceptionInfoRequest: true,
  supportsExceptionFilterOptions: true,
  supportsTerminateRequest: true,
  exceptionBreakpointFilters: EXCEPTION_FILTERS,
};
