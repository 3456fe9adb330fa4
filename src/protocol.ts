// Every message between the extension host and the panel's webview: the one shared vocabulary. Imports nothing.

/** One layer as the panel draws it. */
export interface LayerSummary {
  name: string;
  units: number;
  activation: string;
}

/** Error and warning counts of the spec's current text. */
export interface ProblemCounts {
  errors: number;
  warnings: number;
}

/** Everything the panel shows, sent whole so a rebuilt webview needs nothing else. */
export interface PanelState {
  /** The spec's display name (its `name`, else the file name). */
  name: string;
  /** The spec's file name, e.g. `xor.nn.json`. */
  fileName: string;
  /** Input features; absent while the spec has errors and never parsed. */
  input?: number;
  /** Layers of the latest valid parse (empty when there never was one). */
  layers: LayerSummary[];
  /** True when the layers come from an older text because the current one has errors. */
  stale: boolean;
  problems: ProblemCounts;
}

/** Messages the webview posts to the host. */
export type FromWebview =
  /** The panel's script has loaded and wants the full state. */
  | { type: 'ui/ready' };

/** Messages the host posts to the webview. */
export type ToWebview =
  /** The full current state; the panel rebuilds its whole view from it. */
  | { type: 'spec/state'; state: PanelState };
