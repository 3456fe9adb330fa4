// The limits of the panel's layer pictures (PooledPicture in the protocol), shared by the worker that makes them,
// the host that bounds the edge setting by them, and the panel that reads them.

/** Layers with at most this many weights are pictured exactly: the panel draws edges only for them. */
export const PICTURE_EXACT_WEIGHTS = 4096;
/** A pooled picture has at most this many cells per side. */
export const PICTURE_MAX_SIDE = 128;
/** A pooled cell's code for a block holding NaN or ±Infinity (finite cells are −127…127). */
export const NON_FINITE_CELL = -128;
