// Opt-in draw timing for `npm run bench:editor`: durations are recorded only while a benchmark has put a sink on the
// window.

/** Where a benchmark collects draw durations (ms); absent in normal use, so timing costs one property read. */
export interface DrawTimingSink {
  /** Each coalesced redraw of the panel (one animation frame's worth of changes). */
  draw: number[];
  /** Each network-graph update (edges or heatmaps, then the unit columns). */
  graph: number[];
}

export function timingSink(): DrawTimingSink | undefined {
  return (globalThis as { backpropTiming?: DrawTimingSink }).backpropTiming;
}
