/**
 * Input maps in front of the linear solver. Both are fitted on training rows and fold the
 * standardisation into their own weights, so scoring is one pass over each row.
 *
 * - Standardiser: (x - mean) / std per column (the solver's step size assumes unit-scale columns;
 *   a constant column gets weight 0 rather than a division by zero).
 * - Random Fourier features (Rahimi & Recht 2007): z(x) = sqrt(2/D) cos(W x + phase) with W ~ N(0, 2 gamma)
 *   and phase ~ U(0, 2 pi), so z(x).z(y) approximates the RBF kernel exp(-gamma |x - y|^2) and a
 *   linear SVM on z approximates an RBF-kernel SVM at linear cost.
 */
import { gaussian, makeRng } from '../../util/random.js';

export interface Standardiser {
  mean: Float64Array;
  /** 1/std, or 0 for a constant column. */
  invStd: Float64Array;
}

export function fitStandardiser(x: Float32Array, rows: number, width: number): Standardiser {
  const mean = new Float64Array(width);
  const sq = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) {
      const v = x[r * width + j]!;
      mean[j] = mean[j]! + v;
      sq[j] = sq[j]! + v * v;
    }
  }
  const invStd = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    mean[j] = mean[j]! / rows;
    const variance = Math.max(0, sq[j]! / rows - mean[j]! * mean[j]!);
    invStd[j] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
  }
  return { mean, invStd };
}

export function standardise(s: Standardiser, x: Float32Array, rows: number, width: number): Float32Array {
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) out[r * width + j] = (x[r * width + j]! - s.mean[j]!) * s.invStd[j]!;
  }
  return out;
}

/** A map z = scale * cos(proj x + phase), proj is D x width row-major, already folded with the standardiser. */
export interface FourierMap {
  dims: number;
  width: number;
  proj: Float32Array;
  phase: Float32Array;
}

export function makeFourierMap(s: Standardiser, dims: number, gamma: number, seed: number): FourierMap {
  const width = s.mean.length;
  const rng = makeRng(seed);
  const sd = Math.sqrt(2 * gamma);
  const proj = new Float32Array(dims * width);
  const phase = new Float32Array(dims);
  for (let k = 0; k < dims; k++) {
    let shift = 2 * Math.PI * rng();
    for (let j = 0; j < width; j++) {
      // W (x - m) / s = (W / s) x - W m / s: fold the standardiser into the projection and phase.
      const wkj = gaussian(rng) * sd * s.invStd[j]!;
      proj[k * width + j] = wkj;
      shift -= wkj * s.mean[j]!;
    }
    phase[k] = shift;
  }
  return { dims, width, proj, phase };
}

/**
 * rows x D features. Rows go four at a time so each projection row, read once from cache, serves
 * four dot products (about 3x faster than one row at a time here); a row's result depends only on
 * its own inputs, so a single row maps exactly as inside a batch.
 */
export function applyFourierMap(map: FourierMap, x: Float32Array, rows: number): Float32Array {
  const { dims, width, proj, phase } = map;
  const scale = Math.sqrt(2 / dims);
  const out = new Float32Array(rows * dims);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * width;
    const b1 = b0 + width;
    const b2 = b1 + width;
    const b3 = b2 + width;
    for (let k = 0; k < dims; k++) {
      const ph = phase[k]!;
      let s0 = ph;
      let s1 = ph;
      let s2 = ph;
      let s3 = ph;
      const pk = k * width;
      for (let j = 0; j < width; j++) {
        const p = proj[pk + j]!;
        s0 += p * x[b0 + j]!;
        s1 += p * x[b1 + j]!;
        s2 += p * x[b2 + j]!;
        s3 += p * x[b3 + j]!;
      }
      out[r * dims + k] = scale * Math.cos(s0);
      out[(r + 1) * dims + k] = scale * Math.cos(s1);
      out[(r + 2) * dims + k] = scale * Math.cos(s2);
      out[(r + 3) * dims + k] = scale * Math.cos(s3);
    }
  }
  for (; r < rows; r++) {
    const base = r * width;
    for (let k = 0; k < dims; k++) {
      let s = phase[k]!;
      const pk = k * width;
      for (let j = 0; j < width; j++) s += proj[pk + j]! * x[base + j]!;
      out[r * dims + k] = scale * Math.cos(s);
    }
  }
  return out;
}
