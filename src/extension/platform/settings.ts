// The extension's settings (`backprop.*`), read fresh each time so changes apply without a reload.
import * as vscode from 'vscode';

export interface Settings {
  /** Progress and snapshot messages per second the panel receives. */
  updateRate: number;
  /** Whether the first Train of a spec in a window reveals its panel. */
  revealPanelOnTrain: boolean;
  gradientCheckEpsilon: number;
  /** Significant digits of written-back weights; 0 writes the shortest exact form. */
  writeBackDigits: number;
  graphEdgeLimit: number;
  workerMaxMemoryMb: number;
}

export function settings(): Settings {
  const c = vscode.workspace.getConfiguration('backprop');
  return {
    updateRate: c.get<number>('updateRate', 10),
    revealPanelOnTrain: c.get<boolean>('train.revealPanel', true),
    gradientCheckEpsilon: c.get<number>('gradientCheck.epsilon', 1e-6),
    writeBackDigits: c.get<number>('writeBack.digits', 6),
    graphEdgeLimit: c.get<number>('graph.edgeLimit', 2000),
    workerMaxMemoryMb: c.get<number>('worker.maxMemoryMb', 512),
  };
}

/**
 * The numbers (network and data) a worker may hold under backprop.worker.maxMemoryMb, counted at 8 bytes (float64):
 * typed arrays live outside the heap limit, so the memory estimate refuses what would not fit before it is read.
 */
export function maxNumbersOf(maxMemoryMb: number): number {
  return Math.floor((maxMemoryMb * 2 ** 20) / 8);
}
