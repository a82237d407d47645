/**
 * Training rows as bins: one byte per cell, row-major, plus where each feature's bins start in a
 * packed histogram. One-hot columns have two bins and numeric ones up to 255, so packing them by
 * their real bin count keeps a node's histogram small (a few thousand slots on NSL-KDD, not 122 x 256).
 */
import type { QuantileBinner } from './binning.js';

export interface BinnedMatrix {
  rows: number;
  width: number;
  /** rows * width bin numbers. */
  bins: Uint8Array;
  binner: QuantileBinner;
  /** First histogram slot of each feature. */
  offsets: Int32Array;
  /** Bins per feature. */
  binCounts: Int32Array;
  totalBins: number;
}

export function binMatrix(binner: QuantileBinner, x: Float32Array, rows: number): BinnedMatrix {
  const width = binner.width;
  const offsets = new Int32Array(width);
  const binCounts = new Int32Array(width);
  let total = 0;
  for (let f = 0; f < width; f++) {
    offsets[f] = total;
    binCounts[f] = binner.binCount(f);
    total += binCounts[f]!;
  }
  return { rows, width, bins: binner.transform(x, rows), binner, offsets, binCounts, totalBins: total };
}
