// Drawing for a part of the panel that nobody can see waits until it is seen. The charts sit below the network graph
// and were redrawn at every progress message while scrolled out of view: half the panel renderer's CPU while W4
// trains (`npm run bench:editor`), on the core the workbench's hovers and typing wait for.

/** A part's newest drawing, run at once while the part is visible and held while it is not. */
export class HeldDrawing {
  /** Until the first report of the part's visibility, drawing goes ahead: a new part is drawn at once. */
  private visible = true;
  /** The newest drawing held back; it supersedes older ones, which would only be drawn over. */
  private pending?: () => void;

  /** Draws now when the part is visible; otherwise keeps only this drawing for when it is. */
  draw(drawing: () => void): void {
    this.pending = drawing;
    if (this.visible) this.flush();
  }

  /** The part came into view (the held drawing runs) or went out of it. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.flush();
  }

  /** Drops a held drawing (the part is gone). */
  clear(): void {
    this.pending = undefined;
  }

  private flush(): void {
    const drawing = this.pending;
    this.pending = undefined;
    drawing?.();
  }
}
