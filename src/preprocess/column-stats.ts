/** Numeric summaries used to fit a column: moments, skewness, quantiles. Pure functions. */

export interface Moments {
  n: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (divides by n, as scikit-learn's StandardScaler). */
  std: number;
  /** Sample skewness m3 / m2^1.5; 0 for a constant column. */
  skewness: number;
}

export function moments(values: Float64Array): Moments {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = n > 0 ? sum / n : 0;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 = n > 0 ? m2 / n : 0;
  m3 = n > 0 ? m3 / n : 0;
  const std = Math.sqrt(m2);
  return { n, min, max, mean, std, skewness: m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0 };
}

/** Quantile q of ascending-sorted values, interpolating linearly (numpy's default, "type 7"). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  return valueAtRank(sorted, (sorted.length - 1) * q);
}

/**
 * The symmetric pair of quantiles [1 - q, q]. The lower rank is taken as (n-1) - (n-1)q rather than
 * (n-1)(1-q), because 1 - q is inexact in binary (1 - 0.9 = 0.09999...).
 */
export function quantilePairSorted(sorted: Float64Array, q: number): [number, number] {
  const hHigh = (sorted.length - 1) * q;
  return [valueAtRank(sorted, sorted.length - 1 - hHigh), valueAtRank(sorted, hHigh)];
}

/** Value at fractional rank h (0-based) of ascending-sorted values, interpolating linearly. */
function valueAtRank(sorted: Float64Array, h: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** sign(x)·log1p(|x|): log scaling that keeps order and never gives NaN. */
export function signedLog1p(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}
