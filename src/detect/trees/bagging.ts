/**
 * Bagged regression trees on the label (random-forest style): each tree sees a bootstrap resample
 * and a random share of features at each node; a leaf holds the weighted share of attacks among its
 * rows, so the forest's average is a probability. One tree without bootstrap and with every feature
 * is a plain decision tree.
 */
import type { Rng } from '../../util/random.js';
import type { BinnedMatrix } from './binned-matrix.js';
import { FlatForest } from './flat-forest.js';
import { growTree, type GrownTree, type TreeParams } from './grow-tree.js';

export interface BaggingParams extends TreeParams {
  trees: number;
  /** Draw n rows with replacement per tree; false = every tree sees every row once. */
  bootstrap: boolean;
}

export const FOREST_DEFAULTS: BaggingParams = {
  trees: 40,
  bootstrap: true,
  maxLeaves: 512,
  maxDepth: 24,
  minLeafRows: 2,
  minChildWeight: 0,
  lambda: 0,
  minGain: 0,
  // about sqrt(width)/width on NSL-KDD's ~122 columns
  featureFraction: 0.1,
};

export function trainBaggedTrees(
  m: BinnedMatrix,
  labels: Uint8Array,
  weights: Float64Array | undefined,
  p: BaggingParams,
  rng: Rng,
  onTree?: (tree: number) => void,
): FlatForest {
  const { grad, hess } = labelGradients(labels, weights);
  const trees: GrownTree[] = [];
  const all = Uint32Array.from({ length: m.rows }, (_, i) => i);
  for (let t = 0; t < p.trees; t++) {
    const rows = p.bootstrap ? uniformBootstrap(m.rows, rng) : all;
    trees.push(growTree(m, grad, hess, rows, p, rng));
    onTree?.(t + 1);
  }
  return FlatForest.fromTrees(
    trees,
    trees.map(() => 1 / trees.length),
  );
}

/** Gradient -w*y and hessian w at prediction 0: a leaf's value -G/H is its weighted attack share. */
export function labelGradients(
  labels: Uint8Array,
  weights: Float64Array | undefined,
): { grad: Float64Array; hess: Float64Array } {
  const n = labels.length;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    grad[i] = -w * labels[i]!;
    hess[i] = w;
  }
  return { grad, hess };
}

/** n row indices drawn uniformly with replacement, sorted so the rows are read in memory order. */
export function uniformBootstrap(n: number, rng: Rng): Uint32Array {
  const counts = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(rng() * n);
    counts[r] = counts[r]! + 1;
  }
  return expandCounts(counts, n);
}

/** n row indices drawn with probability proportional to `weights`, sorted. */
export function weightedBootstrap(weights: Float64Array, n: number, rng: Rng): Uint32Array {
  return expandCounts(weightedBootstrapCounts(weights, n, rng), n);
}

/** How many times each row is drawn in n draws with probability proportional to `weights`. */
export function weightedBootstrapCounts(weights: Float64Array, n: number, rng: Rng): Uint32Array {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  if (!(total > 0)) throw new RangeError('weightedBootstrap: weights must have a positive sum');
  // Multinomial draw: n sorted uniforms walked once against the cumulative weights.
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = rng() * total;
  u.sort();
  const counts = new Uint32Array(weights.length);
  let cum = 0;
  let row = 0;
  for (let i = 0; i < n; i++) {
    while (row < weights.length - 1 && cum + weights[row]! <= u[i]!) cum += weights[row++]!;
    counts[row] = counts[row]! + 1;
  }
  return counts;
}

function expandCounts(counts: Uint32Array, n: number): Uint32Array {
  const out = new Uint32Array(n);
  let k = 0;
  for (let r = 0; r < counts.length; r++) for (let c = counts[r]!; c > 0; c--) out[k++] = r;
  return out;
}
