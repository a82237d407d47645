/**
 * Quantile binning: each feature's values are cut into at most 255 bins, fitted on training rows
 * only, so the tree learner works on one byte per cell and finds splits by scanning histograms
 * instead of sorting rows at every node.
 *
 * Bin b of a feature holds the values x with edges[b-1] < x <= edges[b]; every edge is a value that
 * occurs in the data (never a midpoint), so a split "bin <= s" is exactly "x <= edges[s]" on raw
 * float32 features and the trained trees score raw rows without binning them.
 */
import { makeRng, type Rng } from '../../util/random.js';

export const MAX_BINS = 255;

export interface BinnerOptions {
  maxBins?: number;
  /** Rows sampled to find the quantiles (all rows when fewer). @default 100_000 */
  sampleRows?: number;
  seed?: number;
}

export class QuantileBinner {
  private constructor(
    /** Per feature, ascending upper edges; the last is +Infinity. */
    readonly edges: Float32Array[],
  ) {}

  get width(): number {
    return this.edges.length;
  }

  /** Bins per feature (1 for a constant feature). */
  binCount(feature: number): number {
    return this.edges[feature]!.length;
  }

  static fit(x: Float32Array, rows: number, width: number, opts: BinnerOptions = {}): QuantileBinner {
    const maxBins = Math.min(opts.maxBins ?? MAX_BINS, MAX_BINS);
    if (maxBins < 2) throw new RangeError(`QuantileBinner: maxBins must be at least 2, got ${maxBins}`);
    if (rows === 0) throw new RangeError('QuantileBinner: cannot fit on zero rows');
    const sample = sampleRowIndices(rows, opts.sampleRows ?? 100_000, makeRng(opts.seed ?? 0));
    const column = new Float32Array(sample.length);
    const edges: Float32Array[] = [];
    for (let f = 0; f < width; f++) {
      let m = 0;
      for (let i = 0; i < sample.length; i++) {
        const v = x[sample[i]! * width + f]!;
        if (!Number.isNaN(v)) column[m++] = v;
      }
      edges.push(edgesFor(column.subarray(0, m).sort(), maxBins));
    }
    return new QuantileBinner(edges);
  }

  static fromEdges(edges: Float32Array[]): QuantileBinner {
    return new QuantileBinner(edges);
  }

  /** Row-major bins, rows * width bytes. NaN goes to the last bin, as the trees send it right. */
  transform(x: Float32Array, rows: number): Uint8Array {
    const width = this.width;
    if (x.length !== rows * width)
      throw new RangeError(`QuantileBinner: expected ${rows * width} values, got ${x.length}`);
    const out = new Uint8Array(rows * width);
    for (let f = 0; f < width; f++) {
      const e = this.edges[f]!;
      const last = e.length - 1;
      for (let r = 0; r < rows; r++) {
        const v = x[r * width + f]!;
        // first edge >= v (binary search); NaN compares false everywhere and lands on `last`
        let lo = 0;
        let hi = last;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (v <= e[mid]!) hi = mid;
          else lo = mid + 1;
        }
        out[r * width + f] = lo;
      }
    }
    return out;
  }
}

function edgesFor(sorted: Float32Array, maxBins: number): Float32Array {
  const m = sorted.length;
  if (m === 0) return new Float32Array([Infinity]);
  const max = sorted[m - 1]!;
  const cuts: number[] = [];
  const pushCut = (v: number): void => {
    if (v < max && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v);
  };
  let distinct = 1;
  for (let i = 1; i < m && distinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxBins) {
    for (let i = 0; i < m; i++) pushCut(sorted[i]!);
  } else {
    for (let k = 1; k < maxBins; k++) pushCut(sorted[Math.min(m - 1, Math.floor((k * m) / maxBins))]!);
  }
  // The top bin takes everything above the last cut, including values never seen in training.
  cuts.push(Infinity);
  return Float32Array.from(cuts);
}

function sampleRowIndices(rows: number, want: number, rng: Rng): Uint32Array {
  if (rows <= want) return Uint32Array.from({ length: rows }, (_, i) => i);
  // Reservoir-free: a sorted random subset via selection sampling (Knuth's algorithm S).
  const out = new Uint32Array(want);
  let picked = 0;
  for (let r = 0; r < rows && picked < want; r++) {
    if (rng() * (rows - r) < want - picked) out[picked++] = r;
  }
  return out;
}
