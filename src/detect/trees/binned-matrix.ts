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
  /** Most frequent bin of each feature. */
  defaultBins: Uint8Array;
  /**
   * The same rows without cells in their feature's most frequent bin (CSR: row r's cells are
   * [rowStart[r], rowStart[r+1]) of sparseFeature/sparseBin). On NSL-KDD most cells are one-hot
   * zeros or zero counts, so histograms built from this are several times cheaper; the default
   * bin's sums are recovered as node total minus the other bins.
   */
  rowStart: Uint32Array;
  sparseFeature: Uint16Array;
  sparseBin: Uint8Array;
}

export function binMatrix(binner: QuantileBinner, x: Float32Array, rows: number): BinnedMatrix {
  const width = binner.width;
  if (width > 65535) throw new RangeError(`binMatrix: at most 65535 features, got ${width}`);
  const offsets = new Int32Array(width);
  const binCounts = new Int32Array(width);
  let total = 0;
  for (let f = 0; f < width; f++) {
    offsets[f] = total;
    binCounts[f] = binner.binCount(f);
    total += binCounts[f]!;
  }
  const bins = binner.transform(x, rows);
  const defaultBins = mostFrequentBins(bins, rows, width);
  let cells = 0;
  for (let i = 0; i < bins.length; i++) if (bins[i] !== defaultBins[i % width]) cells++;
  const rowStart = new Uint32Array(rows + 1);
  const sparseFeature = new Uint16Array(cells);
  const sparseBin = new Uint8Array(cells);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    rowStart[r] = k;
    for (let f = 0; f < width; f++) {
      const b = bins[r * width + f]!;
      if (b !== defaultBins[f]) {
        sparseFeature[k] = f;
        sparseBin[k++] = b;
      }
    }
  }
  rowStart[rows] = k;
  return {
    rows,
    width,
    bins,
    binner,
    offsets,
    binCounts,
    totalBins: total,
    defaultBins,
    rowStart,
    sparseFeature,
    sparseBin,
  };
}

function mostFrequentBins(bins: Uint8Array, rows: number, width: number): Uint8Array {
  const counts = new Uint32Array(width * 256);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < width; f++) {
      const k = f * 256 + bins[r * width + f]!;
      counts[k] = counts[k]! + 1;
    }
  }
  const out = new Uint8Array(width);
  for (let f = 0; f < width; f++) {
    let best = 0;
    for (let b = 1; b < 256; b++) if (counts[f * 256 + b]! > counts[f * 256 + best]!) best = b;
    out[f] = best;
  }
  return out;
}
