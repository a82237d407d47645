/**
 * Gradient histograms and split finding. A histogram holds, per (feature, bin), the sums of
 * gradient, hessian and row count of a node's rows: three float64 slots per bin. A node's sibling
 * is found by subtraction (parent - built child), so only the smaller child is ever scanned.
 */
import type { BinnedMatrix } from './binned-matrix.js';

export const SLOTS = 3;

/**
 * Sums gradient, hessian and count per (feature, bin) over idx[start, end). Reads the sparse rows
 * and fills each feature's most frequent bin as node total minus its other bins.
 */
export function buildHistogram(
  m: BinnedMatrix,
  idx: Uint32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
  out: Float64Array,
): void {
  out.fill(0);
  const off = m.offsets;
  const rowStart = m.rowStart;
  const sf = m.sparseFeature;
  const sb = m.sparseBin;
  let gAll = 0;
  let hAll = 0;
  for (let i = start; i < end; i++) {
    const r = idx[i]!;
    const g = grad[r]!;
    const h = hess[r]!;
    gAll += g;
    hAll += h;
    const stop = rowStart[r + 1]!;
    for (let c = rowStart[r]!; c < stop; c++) {
      const k = (off[sf[c]!]! + sb[c]!) * SLOTS;
      out[k] = out[k]! + g;
      out[k + 1] = out[k + 1]! + h;
      out[k + 2] = out[k + 2]! + 1;
    }
  }
  const nAll = end - start;
  for (let f = 0; f < m.width; f++) {
    const first = off[f]! * SLOTS;
    const last = first + m.binCounts[f]! * SLOTS;
    let g = gAll;
    let h = hAll;
    let n = nAll;
    for (let k = first; k < last; k += SLOTS) {
      g -= out[k]!;
      h -= out[k + 1]!;
      n -= out[k + 2]!;
    }
    const k = first + m.defaultBins[f]! * SLOTS;
    out[k] = g;
    out[k + 1] = h;
    out[k + 2] = n;
  }
}

/** parent -= child, in place: the parent's buffer becomes the sibling's histogram. */
export function subtractInto(parent: Float64Array, child: Float64Array): void {
  for (let k = 0; k < parent.length; k++) parent[k] = parent[k]! - child[k]!;
}

export interface SplitParams {
  /** L2 penalty on leaf values (0 for plain regression trees). */
  lambda: number;
  minLeafRows: number;
  /** Minimum hessian sum in a child (xgboost's min_child_weight). */
  minChildWeight: number;
  minGain: number;
}

export interface Split {
  gain: number;
  feature: number;
  /** Rows with bin <= this go left. */
  bin: number;
  gradLeft: number;
  hessLeft: number;
  rowsLeft: number;
}

/** Best split of a node over `features`, or undefined when none gains more than minGain. */
export function findBestSplit(
  m: BinnedMatrix,
  hist: Float64Array,
  totalGrad: number,
  totalHess: number,
  totalRows: number,
  features: Int32Array,
  featureCount: number,
  p: SplitParams,
): Split | undefined {
  const parentScore = (totalGrad * totalGrad) / (totalHess + p.lambda);
  let best: Split | undefined;
  let bestGain = p.minGain;
  for (let j = 0; j < featureCount; j++) {
    const f = features[j]!;
    const nb = m.binCounts[f]!;
    if (nb < 2) continue;
    let k = m.offsets[f]! * SLOTS;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < nb - 1; b++, k += SLOTS) {
      gl += hist[k]!;
      hl += hist[k + 1]!;
      nl += hist[k + 2]!;
      if (nl < p.minLeafRows || hl < p.minChildWeight) continue;
      const nr = totalRows - nl;
      const hr = totalHess - hl;
      if (nr < p.minLeafRows || hr < p.minChildWeight) break;
      const gr = totalGrad - gl;
      const gain = (gl * gl) / (hl + p.lambda) + (gr * gr) / (hr + p.lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, feature: f, bin: b, gradLeft: gl, hessLeft: hl, rowsLeft: nl };
      }
    }
  }
  return best;
}
