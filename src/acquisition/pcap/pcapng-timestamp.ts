/**
 * pcapng timestamps are 64-bit counts of units set per interface by if_tsresol (default 10^-6 s),
 * split in two 32-bit halves. Converting to microseconds exactly without BigInt (which would
 * allocate per packet) needs a little arithmetic: see `toMicros`.
 */
const TWO_32 = 4294967296;

export interface TimestampScale {
  /** Units per microsecond when the resolution is finer than 1 us (e.g. 1000 for ns), else 1. */
  divisor: number;
  /** Microseconds per unit when the resolution is 1 us or coarser, else 1. */
  multiplier: number;
  /** For binary resolutions (2^-n s): microseconds per unit, applied in floating point. */
  binaryScale: number;
  /** if_tsoffset, in microseconds. */
  offsetMicros: number;
}

export const DEFAULT_SCALE: TimestampScale = { divisor: 1, multiplier: 1, binaryScale: 0, offsetMicros: 0 };

/** Decode the if_tsresol option byte: MSB clear = 10^-v seconds, MSB set = 2^-v seconds. */
export function scaleFromTsresol(tsresol: number, offsetSeconds: number): TimestampScale {
  const offsetMicros = offsetSeconds * 1_000_000;
  const exponent = tsresol & 0x7f;
  if ((tsresol & 0x80) !== 0) {
    return { divisor: 1, multiplier: 1, binaryScale: 1_000_000 / 2 ** exponent, offsetMicros };
  }
  if (exponent >= 6) return { divisor: 10 ** (exponent - 6), multiplier: 1, binaryScale: 0, offsetMicros };
  return { divisor: 1, multiplier: 10 ** (6 - exponent), binaryScale: 0, offsetMicros };
}

export function toMicros(high: number, low: number, scale: TimestampScale): number {
  if (scale.binaryScale !== 0)
    return Math.floor((high * TWO_32 + low) * scale.binaryScale) + scale.offsetMicros;
  if (scale.divisor === 1) return (high * TWO_32 + low) * scale.multiplier + scale.offsetMicros;
  // floor((high*2^32 + low) / d) = floor(high/d)*2^32 + floor(((high mod d)*2^32 + low) / d),
  // and (high mod d)*2^32 stays below 2^53 for every decimal divisor up to 10^6 (ps resolution).
  const d = scale.divisor;
  const highQuot = Math.floor(high / d);
  const highRem = high - highQuot * d;
  return highQuot * TWO_32 + Math.floor((highRem * TWO_32 + low) / d) + scale.offsetMicros;
}
