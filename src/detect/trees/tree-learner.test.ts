import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/random.js';
import { syntheticSet } from '../detector.case.js';
import { labelGradients, uniformBootstrap, weightedBootstrap } from './bagging.js';
import { binMatrix } from './binned-matrix.js';
import { QuantileBinner } from './binning.js';
import { FlatForest } from './flat-forest.js';
import { GBDT_DEFAULTS, trainGbdt } from './gbdt.js';
import { addBinnedPredictions, growTree } from './grow-tree.js';
import { SLOTS, buildHistogram } from './histogram.js';
import { addObliviousBinned, growObliviousTree } from './grow-oblivious.js';
import { ObliviousForest } from './oblivious-forest.js';

/** 300 rows x 3 columns: a numeric one, a one-hot-like 0/1 one and a constant. */
function smallTable(): { x: Float32Array; rows: number; width: number } {
  const rng = makeRng(3);
  const rows = 300;
  const x = new Float32Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    x[r * 3] = Math.round(rng() * 1000) / 10;
    x[r * 3 + 1] = rng() < 0.2 ? 1 : 0;
    x[r * 3 + 2] = 7;
  }
  return { x, rows, width: 3 };
}

describe('QuantileBinner', () => {
  it('keeps at most maxBins bins with increasing edges that are data values, top edge +Infinity', () => {
    const { x, rows, width } = smallTable();
    const b = QuantileBinner.fit(x, rows, width, { maxBins: 16 });
    expect(b.binCount(0)).toBeLessThanOrEqual(16);
    expect(b.binCount(1)).toBe(2);
    expect(b.binCount(2)).toBe(1);
    for (const e of b.edges) {
      expect(e[e.length - 1]).toBe(Infinity);
      for (let i = 1; i < e.length; i++) expect(e[i]!).toBeGreaterThan(e[i - 1]!);
    }
    const column0 = new Set(Array.from({ length: rows }, (_, r) => x[r * 3]!));
    for (const v of b.edges[0]!.subarray(0, -1)) expect(column0.has(v)).toBe(true);
  });

  it('puts a value in bin b exactly when edges[b-1] < value <= edges[b]; NaN and unseen large values go to the top bin', () => {
    const { x, rows, width } = smallTable();
    const b = QuantileBinner.fit(x, rows, width, { maxBins: 16 });
    const probe = new Float32Array([-5, 0, 0, NaN, 1e9, 3]);
    const bins = b.transform(probe, 2);
    const e0 = b.edges[0]!;
    expect(bins[0]).toBe(0);
    expect(bins[3]).toBe(e0.length - 1);
    expect(bins[5]).toBe(0); // constant column: one bin
    const row = b.transform(x.subarray(0, 3), 1);
    const v = x[0]!;
    const k = row[0]!;
    expect(v <= e0[k]!).toBe(true);
    if (k > 0) expect(v > e0[k - 1]!).toBe(true);
  });
});

describe('histograms', () => {
  it('sparse building with default-bin recovery equals a plain count over every cell', () => {
    const { x, rows, width } = smallTable();
    const m = binMatrix(QuantileBinner.fit(x, rows, width, { maxBins: 32 }), x, rows);
    const rng = makeRng(5);
    const grad = Float64Array.from({ length: rows }, () => rng() - 0.5);
    const hess = Float64Array.from({ length: rows }, () => rng());
    const idx = Uint32Array.from({ length: 120 }, (_, i) => i * 2);
    const hist = new Float64Array(m.totalBins * SLOTS);
    buildHistogram(m, idx, 10, 110, grad, hess, hist);
    const want = new Float64Array(m.totalBins * SLOTS);
    for (let i = 10; i < 110; i++) {
      const r = idx[i]!;
      for (let f = 0; f < width; f++) {
        const k = (m.offsets[f]! + m.bins[r * width + f]!) * SLOTS;
        want[k] = want[k]! + grad[r]!;
        want[k + 1] = want[k + 1]! + hess[r]!;
        want[k + 2] = want[k + 2]! + 1;
      }
    }
    for (let k = 0; k < want.length; k++) expect(hist[k]).toBeCloseTo(want[k]!, 9);
  });
});

describe('growTree and FlatForest', () => {
  const { batch, labels } = syntheticSet(2000, 11);
  const width = batch.schema.columns.length;
  const m = binMatrix(QuantileBinner.fit(batch.data, batch.rows, width), batch.data, batch.rows);
  const params = { ...GBDT_DEFAULTS, lambda: 0, minChildWeight: 0, minLeafRows: 5 };

  it('respects maxLeaves and maxDepth', () => {
    const { grad, hess } = labelGradients(labels, undefined);
    const tree = growTree(
      m,
      grad,
      hess,
      uniformBootstrap(batch.rows, makeRng(1)),
      { ...params, maxLeaves: 8, maxDepth: 3 },
      makeRng(2),
    );
    const leaves = tree.feature.filter((f) => f < 0).length;
    expect(leaves).toBeLessThanOrEqual(8);
    expect(leaves).toBeGreaterThan(1);
    const depth = (n: number): number =>
      tree.feature[n]! < 0 ? 0 : 1 + Math.max(depth(tree.left[n]!), depth(tree.left[n]! + 1));
    expect(depth(0)).toBeLessThanOrEqual(3);
  });

  it('a regression tree leaf holds its rows’ attack share, and raw-value scoring agrees with binned scoring on every row', () => {
    const { grad, hess } = labelGradients(labels, undefined);
    const all = Uint32Array.from({ length: batch.rows }, (_, i) => i);
    const tree = growTree(m, grad, hess, all, { ...params, maxLeaves: 16 }, makeRng(2));
    for (const [i, f] of tree.feature.entries()) {
      if (f >= 0) continue;
      expect(tree.value[i]!).toBeGreaterThanOrEqual(0);
      expect(tree.value[i]!).toBeLessThanOrEqual(1);
    }
    const binned = new Float64Array(batch.rows);
    addBinnedPredictions(tree, m, 1, binned);
    const raw = new Float64Array(batch.rows);
    FlatForest.fromTrees([tree], [1]).predictSum(batch.data, batch.rows, width, 0, raw);
    for (let r = 0; r < batch.rows; r++) expect(raw[r]).toBeCloseTo(binned[r]!, 6);
  });

  it('boosting lowers validation loss and early stopping keeps the best prefix', () => {
    const val = syntheticSet(500, 12);
    const rounds: number[] = [];
    const model = trainGbdt(
      m,
      labels,
      undefined,
      { x: val.batch.data, rows: val.batch.rows, labels: val.labels },
      { ...GBDT_DEFAULTS, rounds: 60, learningRate: 0.1, earlyStoppingRounds: 5 },
      makeRng(3),
      (r) => rounds.push(r.valLoss),
    );
    expect(model.forest.trees).toBe(model.bestRound);
    expect(model.valLoss).toBeLessThan(rounds[0]!);
    expect(Math.min(...rounds)).toBeCloseTo(model.valLoss, 12);
  });

  it('a prefix of a forest and a damaged forest', () => {
    const { grad, hess } = labelGradients(labels, undefined);
    const all = Uint32Array.from({ length: batch.rows }, (_, i) => i);
    const t = growTree(m, grad, hess, all, { ...params, maxLeaves: 4 }, makeRng(2));
    const f = FlatForest.fromTrees([t, t, t], [1, 1, 1]);
    expect(f.prefix(2).trees).toBe(2);
    expect(() => f.validate(width, 'test')).not.toThrow();
    const bad = new FlatForest(
      f.roots,
      f.feature,
      f.threshold,
      f.left.map((l) => (l >= 0 ? l + 1000 : l)),
      f.value,
    );
    expect(() => bad.validate(width, 'test')).toThrow(/outside/);
  });
});

describe('oblivious trees', () => {
  const { batch, labels } = syntheticSet(2000, 13);
  const width = batch.schema.columns.length;
  const m = binMatrix(QuantileBinner.fit(batch.data, batch.rows, width), batch.data, batch.rows);
  const all = Uint32Array.from({ length: batch.rows }, (_, i) => i);

  it('raw-value scoring (depth 6 unrolled and the generic loop) agrees with binned scoring on every row', () => {
    const { grad, hess } = labelGradients(labels, undefined);
    for (const depth of [6, 3]) {
      const tree = growObliviousTree(
        m,
        grad,
        hess,
        all,
        { depth, lambda: 1, minGain: 0, featureFraction: 1 },
        makeRng(2),
      );
      expect(tree.feature).toHaveLength(depth);
      const binned = new Float64Array(batch.rows);
      addObliviousBinned(tree, m, 1, binned);
      const raw = new Float64Array(batch.rows);
      const forest = ObliviousForest.fromTrees([tree], [1], depth);
      forest.predictSum(batch.data, batch.rows, width, 0, raw);
      for (let r = 0; r < batch.rows; r++) expect(raw[r]).toBeCloseTo(binned[r]!, 6);
      // an odd row count takes the one-row tail after the row pairs: same values, bit for bit
      const odd = new Float64Array(7);
      forest.predictSum(batch.data.subarray(0, 7 * width), 7, width, 0, odd);
      expect(Array.from(odd)).toEqual(Array.from(raw.subarray(0, 7)));
    }
  });

  it('a tree that stops early is padded without changing any row’s value (NaN included)', () => {
    // a huge minGain allows no split at all: one value for every row, whatever the padded bits say
    const { grad, hess } = labelGradients(labels, undefined);
    const tree = growObliviousTree(
      m,
      grad,
      hess,
      all,
      { depth: 6, lambda: 1, minGain: 1e12, featureFraction: 1 },
      makeRng(2),
    );
    expect(new Set(tree.values).size).toBe(1);
    const forest = ObliviousForest.fromTrees([tree], [1], 6);
    const out = new Float64Array(2);
    forest.predictSum(
      Float32Array.from({ length: 2 * width }, (_, i) => (i < width ? NaN : 1e30)),
      2,
      width,
      0,
      out,
    );
    expect(out[0]).toBeCloseTo(tree.values[0]!, 6);
    expect(out[1]).toBeCloseTo(tree.values[0]!, 6);
    expect(() => forest.validate(width, 'test')).not.toThrow();
    expect(() => forest.validate(0, 'test')).toThrow(/feature/);
  });
});

describe('bootstraps', () => {
  it('weighted bootstrap draws rows in proportion to their weights', () => {
    const w = new Float64Array([1, 0, 3, 0]);
    const idx = weightedBootstrap(w, 4000, makeRng(9));
    const counts = [0, 0, 0, 0];
    for (const r of idx) counts[r]!++;
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    expect(counts[2]! / 4000).toBeGreaterThan(0.7);
    expect(counts[2]! / 4000).toBeLessThan(0.8);
    expect(Array.from(idx)).toEqual(Array.from(idx).sort((a, b) => a - b));
  });
});
