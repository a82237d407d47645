/**
 * Grows one tree on binned rows, leaf-wise (best gain first, as LightGBM and scikit-learn's
 * HistGradientBoosting do), bounded by maxLeaves and maxDepth. The caller supplies per-row gradient
 * and hessian, so the same grower serves boosting (logistic loss), plain regression trees
 * (gradient -y, hessian 1: leaf value = mean label) and random-forest style bagging.
 *
 * The rows of a node are a contiguous range of one index array, partitioned in place (stably, so
 * rows stay in memory order) when the node splits.
 */
import type { Rng } from '../../util/random.js';
import type { BinnedMatrix } from './binned-matrix.js';
import {
  SLOTS,
  buildHistogram,
  findBestSplit,
  subtractInto,
  type Split,
  type SplitParams,
} from './histogram.js';

export interface TreeParams extends SplitParams {
  maxLeaves: number;
  maxDepth: number;
  /** Share of features considered at each node (random-forest style); 1 = all. */
  featureFraction: number;
}

/** A grown tree as parallel arrays; children of node i are left[i] and left[i] + 1. */
export interface GrownTree {
  /** Split feature, or -1 for a leaf. */
  feature: number[];
  /** Rows with bin <= binThreshold go left (training-time view). */
  binThreshold: number[];
  /** Rows with value <= threshold go left (raw float32 view, for scoring). */
  threshold: number[];
  left: number[];
  /** Leaf value -G/(H + lambda); 0 on inner nodes. */
  value: number[];
}

interface OpenLeaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  grad: number;
  hess: number;
  rows: number;
  hist: Float64Array | undefined;
  split: Split | undefined;
}

export function growTree(
  m: BinnedMatrix,
  grad: Float64Array,
  hess: Float64Array,
  rowIndices: Uint32Array,
  p: TreeParams,
  rng: Rng,
): GrownTree {
  const idx = rowIndices.slice();
  const scratch = new Uint32Array(idx.length);
  const pool: Float64Array[] = [];
  const takeHist = (): Float64Array => pool.pop() ?? new Float64Array(m.totalBins * SLOTS);
  const tree: GrownTree = { feature: [], binThreshold: [], threshold: [], left: [], value: [] };
  const features = Int32Array.from({ length: m.width }, (_, i) => i);
  const featureCount = Math.max(1, Math.round(p.featureFraction * m.width));

  const addNode = (g: number, h: number): number => {
    tree.feature.push(-1);
    tree.binThreshold.push(0);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.value.push(-g / (h + p.lambda) || 0);
    return tree.feature.length - 1;
  };
  const evaluate = (leaf: OpenLeaf): void => {
    if (leaf.depth >= p.maxDepth || leaf.rows < 2 * p.minLeafRows || !leaf.hist) {
      leaf.split = undefined;
      return;
    }
    if (featureCount < m.width) partialShuffle(features, featureCount, rng);
    leaf.split = findBestSplit(m, leaf.hist, leaf.grad, leaf.hess, leaf.rows, features, featureCount, p);
  };
  const release = (leaf: OpenLeaf): void => {
    if (leaf.hist) pool.push(leaf.hist);
    leaf.hist = undefined;
  };

  let rootGrad = 0;
  let rootHess = 0;
  for (let i = 0; i < idx.length; i++) {
    rootGrad += grad[idx[i]!]!;
    rootHess += hess[idx[i]!]!;
  }
  const root: OpenLeaf = {
    node: addNode(rootGrad, rootHess),
    start: 0,
    end: idx.length,
    depth: 0,
    grad: rootGrad,
    hess: rootHess,
    rows: idx.length,
    hist: takeHist(),
    split: undefined,
  };
  buildHistogram(m, idx, 0, idx.length, grad, hess, root.hist!);
  evaluate(root);
  const open: OpenLeaf[] = [root];
  let leaves = 1;

  while (leaves < p.maxLeaves) {
    let bestAt = -1;
    for (let i = 0; i < open.length; i++) {
      const s = open[i]!.split;
      if (s && (bestAt < 0 || s.gain > open[bestAt]!.split!.gain)) bestAt = i;
    }
    if (bestAt < 0) break;
    const parent = open[bestAt]!;
    const s = parent.split!;
    open.splice(bestAt, 1);

    const mid = partition(m, idx, scratch, parent.start, parent.end, s.feature, s.bin);
    const n = parent.node;
    tree.feature[n] = s.feature;
    tree.binThreshold[n] = s.bin;
    tree.threshold[n] = m.binner.edges[s.feature]![s.bin]!;
    tree.value[n] = 0;
    const leftNode = addNode(s.gradLeft, s.hessLeft);
    const rightNode = addNode(parent.grad - s.gradLeft, parent.hess - s.hessLeft);
    tree.left[n] = leftNode;
    leaves++;

    const leftLeaf: OpenLeaf = {
      node: leftNode,
      start: parent.start,
      end: mid,
      depth: parent.depth + 1,
      grad: s.gradLeft,
      hess: s.hessLeft,
      rows: mid - parent.start,
      hist: undefined,
      split: undefined,
    };
    const rightLeaf: OpenLeaf = {
      node: rightNode,
      start: mid,
      end: parent.end,
      depth: parent.depth + 1,
      grad: parent.grad - s.gradLeft,
      hess: parent.hess - s.hessLeft,
      rows: parent.end - mid,
      hist: undefined,
      split: undefined,
    };
    if (leftLeaf.depth < p.maxDepth && leaves < p.maxLeaves) {
      // Build the smaller child; the larger one is the parent minus it.
      const [small, large] = leftLeaf.rows <= rightLeaf.rows ? [leftLeaf, rightLeaf] : [rightLeaf, leftLeaf];
      small.hist = takeHist();
      buildHistogram(m, idx, small.start, small.end, grad, hess, small.hist);
      subtractInto(parent.hist!, small.hist);
      large.hist = parent.hist;
      parent.hist = undefined;
      for (const child of [leftLeaf, rightLeaf]) {
        evaluate(child);
        if (child.split) open.push(child);
        else release(child);
      }
    } else {
      release(parent);
    }
  }
  return tree;
}

/** Stable partition of idx[start, end) by bin <= splitBin; returns the first right position. */
export function partition(
  m: BinnedMatrix,
  idx: Uint32Array,
  scratch: Uint32Array,
  start: number,
  end: number,
  feature: number,
  splitBin: number,
): number {
  const w = m.width;
  const bins = m.bins;
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = idx[i]!;
    if (bins[row * w + feature]! <= splitBin) idx[l++] = row;
    else scratch[r++] = row;
  }
  idx.set(scratch.subarray(0, r), l);
  return l;
}

function partialShuffle(a: Int32Array, k: number, rng: Rng): void {
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** Adds scale * tree(row) to out[row] for every binned row (boosting's running train scores). */
export function addBinnedPredictions(
  tree: GrownTree,
  m: BinnedMatrix,
  scale: number,
  out: Float64Array,
): void {
  const w = m.width;
  const bins = m.bins;
  const { feature, binThreshold, left, value } = tree;
  for (let r = 0; r < m.rows; r++) {
    let n = 0;
    let f = feature[0]!;
    while (f >= 0) {
      n = bins[r * w + f]! <= binThreshold[n]! ? left[n]! : left[n]! + 1;
      f = feature[n]!;
    }
    out[r] = out[r]! + scale * value[n]!;
  }
}
