/**
 * Oblivious (symmetric) trees, as CatBoost grows them: every node of a level splits on the same
 * (feature, threshold), so a tree of depth D is D comparisons and a table of 2^D leaves. Scoring
 * computes the leaf index from D independent comparisons, with no data-dependent jumps from node to
 * node, which is what lets a batch of rows go through a few times faster than ordinary trees (the
 * serving target is >= 1M flows/s on one core).
 *
 * Level by level: each level's split maximises the gain summed over all current leaves, from the
 * same gradient histograms (smaller child built, sibling by subtraction) as the leaf-wise grower.
 * Leaf index bit k is 1 when the row is NOT (x <= threshold_k), so NaN goes right as elsewhere.
 */
import type { Rng } from '../../util/random.js';
import type { BinnedMatrix } from './binned-matrix.js';
import { partition } from './grow-tree.js';
import { SLOTS, buildHistogram } from './histogram.js';

export interface ObliviousParams {
  depth: number;
  /** L2 on leaf values; kept above 0 so an empty leaf gets 0, not 0/0. */
  lambda: number;
  minGain: number;
  featureFraction: number;
}

export interface ObliviousTree {
  /** Always `depth` splits; a tree that stopped early is padded with splits that do not change its values. */
  feature: number[];
  binThreshold: number[];
  threshold: number[];
  /** 2^depth leaf values, -G/(H + lambda). */
  values: Float64Array;
}

interface Leaf {
  start: number;
  end: number;
  hist: Float64Array | undefined;
}

export function growObliviousTree(
  m: BinnedMatrix,
  grad: Float64Array,
  hess: Float64Array,
  rowIndices: Uint32Array,
  p: ObliviousParams,
  rng: Rng,
): ObliviousTree {
  const lambda = Math.max(p.lambda, 1e-6);
  const idx = rowIndices.slice();
  const scratch = new Uint32Array(idx.length);
  const slots = m.totalBins * SLOTS;
  const gains = new Float64Array(m.totalBins);
  const allowed = new Uint8Array(m.width);
  const featureCount = Math.max(1, Math.round(p.featureFraction * m.width));
  const tree: ObliviousTree = {
    feature: [],
    binThreshold: [],
    threshold: [],
    values: new Float64Array(1 << p.depth),
  };

  const root: Leaf = { start: 0, end: idx.length, hist: new Float64Array(slots) };
  buildHistogram(m, idx, 0, idx.length, grad, hess, root.hist!);
  // leaves[i] is the leaf whose index bits (low bit = first level) are i
  let leaves: Leaf[] = [root];
  for (let level = 0; level < p.depth; level++) {
    pickFeatures(allowed, featureCount, rng);
    gains.fill(0);
    for (const leaf of leaves) addLeafGains(m, leaf.hist!, lambda, allowed, gains);
    let best = -1;
    let bestGain = p.minGain;
    for (let f = 0; f < m.width; f++) {
      if (!allowed[f]) continue;
      const first = m.offsets[f]!;
      for (let b = 0; b < m.binCounts[f]! - 1; b++) {
        if (gains[first + b]! > bestGain) {
          bestGain = gains[first + b]!;
          best = first + b;
        }
      }
    }
    if (best < 0) break;
    const f = featureOfSlot(m, best);
    const bin = best - m.offsets[f]!;
    tree.feature.push(f);
    tree.binThreshold.push(bin);
    tree.threshold.push(m.binner.edges[f]![bin]!);
    const needHist = level + 1 < p.depth;
    const next: Leaf[] = new Array<Leaf>(leaves.length * 2);
    leaves.forEach((leaf, i) => {
      const mid = partition(m, idx, scratch, leaf.start, leaf.end, f, bin);
      const left: Leaf = { start: leaf.start, end: mid, hist: undefined };
      const right: Leaf = { start: mid, end: leaf.end, hist: undefined };
      if (needHist) {
        const [small, large] =
          left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
        small.hist = new Float64Array(slots);
        buildHistogram(m, idx, small.start, small.end, grad, hess, small.hist);
        const parent = leaf.hist!;
        for (let k = 0; k < slots; k++) parent[k] = parent[k]! - small.hist[k]!;
        large.hist = parent;
      }
      leaf.hist = undefined;
      next[i] = left;
      next[i + leaves.length] = right;
    });
    leaves = next;
  }
  const grown = tree.feature.length;
  leaves.forEach((leaf, i) => {
    let g = 0;
    let h = 0;
    for (let k = leaf.start; k < leaf.end; k++) {
      g += grad[idx[k]!]!;
      h += hess[idx[k]!]!;
    }
    tree.values[i] = -g / (h + lambda);
  });
  // Pad to full depth: the padded bits may be 0 or 1, so each copy of a leaf holds the same value.
  for (let level = grown; level < p.depth; level++) {
    tree.feature.push(0);
    tree.binThreshold.push(255);
    tree.threshold.push(Infinity);
    for (let i = 0; i < 1 << level; i++) tree.values[i | (1 << level)] = tree.values[i]!;
  }
  return tree;
}

/** Gain of every candidate (feature, bin) on one leaf, added into gains[offset + bin]. */
function addLeafGains(
  m: BinnedMatrix,
  hist: Float64Array,
  lambda: number,
  allowed: Uint8Array,
  gains: Float64Array,
): void {
  for (let f = 0; f < m.width; f++) {
    if (!allowed[f]) continue;
    const nb = m.binCounts[f]!;
    if (nb < 2) continue;
    const first = m.offsets[f]!;
    let G = 0;
    let H = 0;
    for (let b = 0, k = first * SLOTS; b < nb; b++, k += SLOTS) {
      G += hist[k]!;
      H += hist[k + 1]!;
    }
    const parent = (G * G) / (H + lambda);
    let gl = 0;
    let hl = 0;
    for (let b = 0, k = first * SLOTS; b < nb - 1; b++, k += SLOTS) {
      gl += hist[k]!;
      hl += hist[k + 1]!;
      const gr = G - gl;
      const hr = H - hl;
      gains[first + b] = gains[first + b]! + (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
    }
  }
}

function featureOfSlot(m: BinnedMatrix, slot: number): number {
  let f = 0;
  while (f + 1 < m.width && m.offsets[f + 1]! <= slot) f++;
  return f;
}

function pickFeatures(allowed: Uint8Array, count: number, rng: Rng): void {
  if (count >= allowed.length) {
    allowed.fill(1);
    return;
  }
  allowed.fill(0);
  let left = count;
  for (let f = 0; f < allowed.length && left > 0; f++) {
    if (rng() * (allowed.length - f) < left) {
      allowed[f] = 1;
      left--;
    }
  }
}

/** Adds scale * tree(row) for every binned row (boosting's running train scores). */
export function addObliviousBinned(
  tree: ObliviousTree,
  m: BinnedMatrix,
  scale: number,
  out: Float64Array,
): void {
  const w = m.width;
  const depth = tree.feature.length;
  for (let r = 0; r < m.rows; r++) {
    let leaf = 0;
    for (let k = 0; k < depth; k++)
      if (m.bins[r * w + tree.feature[k]!]! > tree.binThreshold[k]!) leaf |= 1 << k;
    out[r] = out[r]! + scale * tree.values[leaf]!;
  }
}
