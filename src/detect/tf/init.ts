/**
 * Seeded weight initialisers. We draw initial weights with the project RNG (util/random.ts) rather
 * than tfjs initialisers so a run is repeatable from `--seed` alone, whatever tfjs does internally.
 */
import type { Rng } from '../../util/random.js';

/** Glorot/Xavier uniform for a [fanIn, fanOut] matrix, row-major. */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (rng() * 2 - 1) * limit;
  return out;
}

/** He uniform, for layers followed by ReLU. */
export function heUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / fanIn);
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (rng() * 2 - 1) * limit;
  return out;
}
