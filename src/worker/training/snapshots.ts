// The parts of a session's snapshot: the facts its full-data scoring finds, the panel's pictures (made here, off the
// host's thread, so the host forwards them as they are) and the exact vectors the host keeps.
import { accuracyOf, layerHealth, type SplitScore, type Trainer } from '../../engine';
import type { PanelSnapshot, Snapshot } from '../../protocol';
import type { ExactBuffers } from './exactBuffers';
import { imageBuffers, imageViews, type ImageSource } from '../imageViews';
import { panelBuffers, panelSnapshot, type SnapshotFacts } from '../panelSnapshot';

export interface Scored {
  facts: SnapshotFacts;
  scores: { training: SplitScore; validation?: SplitScore };
}

/** The loss, accuracy and layer health at the current weights, and the split scores they came from. */
export function scoredFacts(t: Trainer): Scored {
  const activations = t.model.layers.map((l) => l.activation);
  // Health reads the batch buffers of the last step, so it goes before the loss evaluations overwrite them.
  const health = layerHealth(t.net, activations, t.lastBatchRows().length);
  const scores = t.scores();
  const validationLoss = scores.validation?.loss;
  const facts = {
    step: t.step,
    epoch: t.epoch,
    loss: scores.training.loss,
    validationLoss,
    accuracy: accuracyOf(scores.training.metrics),
    validationAccuracy: scores.validation && accuracyOf(scores.validation.metrics),
    health,
  };
  return { facts, scores };
}

/** The panel's pictures of every layer (and of the images, for image-shaped inputs), with the buffers to transfer. */
export function panelPictures(
  t: Trainer,
  { facts, scores }: Scored,
  images: ImageSource | undefined,
): { panel: PanelSnapshot; buffers: ArrayBuffer[] } {
  const vectors = { params: t.net.params, grads: t.net.grads, lastUpdate: t.lastUpdate };
  const panel = panelSnapshot(facts, vectors, t.net.layout.layers);
  if (images) panel.images = imageViews(t, images, scores);
  return { panel, buffers: [...panelBuffers(panel), ...(panel.images ? imageBuffers(panel.images) : [])] };
}

/** The exact vectors at these facts (in buffers the host handed back where it has), with the buffers to transfer. */
export function exactSnapshot(
  t: Trainer,
  facts: SnapshotFacts,
  into: ExactBuffers,
): { snapshot: Snapshot; buffers: ArrayBuffer[] } {
  // Copies, so the engine's own buffers are never detached by the transfer.
  const snapshot = {
    ...facts,
    params: into.copyOf(t.net.params),
    grads: into.copyOf(t.net.grads),
    lastUpdate: into.copyOf(t.lastUpdate),
  };
  const buffers = [snapshot.params, snapshot.grads, snapshot.lastUpdate].map((a) => a.buffer);
  return { snapshot, buffers };
}
