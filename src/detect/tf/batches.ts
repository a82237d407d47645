/**
 * Seeded mini-batch order. tfjs `model.fit` shuffles with Math.random, so we draw our own order
 * from the project RNG and feed batches ourselves; the same seed gives the same batches.
 */
import { shuffleInPlace, type Rng } from '../../util/random.js';

/** A fresh random permutation of 0..rows-1. */
export function epochOrder(rows: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  return shuffleInPlace(order, rng);
}

/** Copies the rows `order[start..end)` of a row-major matrix into a new array. */
export function gatherRows(
  src: Float32Array,
  width: number,
  order: Uint32Array,
  start: number,
  end: number,
): Float32Array {
  const out = new Float32Array((end - start) * width);
  for (let i = start; i < end; i++) {
    const r = order[i]!;
    out.set(src.subarray(r * width, r * width + width), (i - start) * width);
  }
  return out;
}

/** Same for a one-value-per-row vector. */
export function gatherValues(
  src: Float32Array,
  order: Uint32Array,
  start: number,
  end: number,
): Float32Array {
  const out = new Float32Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = src[order[i]!]!;
  return out;
}
