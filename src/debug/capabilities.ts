// What the adapter tells a client it can do in its initialize response, with the exception breakpoints it offers
// (the worker checks them: src/worker/debug/breakpoints.ts holds the same ids).
import type { DebugProtocol } from '@vscode/debugprotocol';

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: 'nonFinite',
    label: 'Non-finite value',
    description: 'Stop where the first NaN or ±Infinity appears: the step, phase, layer and unit',
    default: true,
  },
  {
    filter: 'gradNorm',
    label: 'Gradient norm above…',
    description: "Stop when a layer's ‖dJ/dθ‖ meets the condition",
    supportsCondition: true,
    conditionDescription: 'A comparison with a number, e.g. > 10',
  },
  {
    filter: 'lossAbove',
    label: 'Loss above…',
    description: "Stop when the mini-batch's loss meets the condition",
    supportsCondition: true,
    conditionDescription: 'A comparison with a number, e.g. > 5',
  },
  {
    filter: 'lossIncreased',
    label: 'Loss increased',
    description: "Stop when a mini-batch's loss is above the one before it",
  },
  {
    filter: 'deadUnits',
    label: 'Dead units above…',
    description: 'Stop when the fraction of a ReLU layer’s units that output 0 for the whole batch meets the condition',
    supportsCondition: true,
    conditionDescription: 'A fraction of the units, e.g. > 0.5',
  },
];

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
