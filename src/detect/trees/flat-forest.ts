/**
 * Trained trees as four flat typed arrays shared by every tree, so scoring is one tight loop with
 * no objects: node n splits on feature[n] at threshold[n] (x <= threshold goes to left[n], the rest
 * to left[n] + 1); feature[n] < 0 marks a leaf whose value is value[n]. NaN goes right.
 */
import type { WeightArray } from '../artifact.js';
import type { GrownTree } from './grow-tree.js';

export class FlatForest {
  constructor(
    /** Node index of each tree's root. */
    readonly roots: Int32Array,
    readonly feature: Int32Array,
    readonly threshold: Float32Array,
    readonly left: Int32Array,
    readonly value: Float32Array,
  ) {}

  get trees(): number {
    return this.roots.length;
  }

  get nodes(): number {
    return this.feature.length;
  }

  /** Packs grown trees; each tree's leaf values are multiplied by its scale (the learning rate). */
  static fromTrees(trees: readonly GrownTree[], scales: readonly number[]): FlatForest {
    const total = trees.reduce((a, t) => a + t.feature.length, 0);
    const roots = new Int32Array(trees.length);
    const feature = new Int32Array(total);
    const threshold = new Float32Array(total);
    const left = new Int32Array(total);
    const value = new Float32Array(total);
    let at = 0;
    trees.forEach((t, ti) => {
      roots[ti] = at;
      const scale = scales[ti] ?? 1;
      for (let i = 0; i < t.feature.length; i++) {
        feature[at + i] = t.feature[i]!;
        threshold[at + i] = t.threshold[i]!;
        left[at + i] = t.feature[i]! >= 0 ? at + t.left[i]! : -1;
        value[at + i] = scale * t.value[i]!;
      }
      at += t.feature.length;
    });
    return new FlatForest(roots, feature, threshold, left, value);
  }

  /** The first `count` trees (early stopping keeps the best prefix). */
  prefix(count: number): FlatForest {
    if (count >= this.trees) return this;
    const end = count < this.trees ? this.roots[count]! : this.nodes;
    return new FlatForest(
      this.roots.slice(0, count),
      this.feature.slice(0, end),
      this.threshold.slice(0, end),
      this.left.slice(0, end),
      this.value.slice(0, end),
    );
  }

  /** out[r] = bias + sum of tree values for row r; x is row-major with `width` columns. */
  predictSum(
    x: Float32Array,
    rows: number,
    width: number,
    bias: number,
    out: Float64Array | Float32Array,
  ): void {
    const { roots, feature, threshold, left, value } = this;
    const trees = roots.length;
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      let s = bias;
      for (let t = 0; t < trees; t++) {
        let n = roots[t]!;
        let f = feature[n]!;
        while (f >= 0) {
          n = x[base + f]! <= threshold[n]! ? left[n]! : left[n]! + 1;
          f = feature[n]!;
        }
        s += value[n]!;
      }
      out[r] = s;
    }
  }

  weights(prefix: string): { name: string; shape: number[]; values: WeightArray }[] {
    return [
      { name: `${prefix}roots`, shape: [this.roots.length], values: this.roots },
      { name: `${prefix}feature`, shape: [this.nodes], values: this.feature },
      { name: `${prefix}threshold`, shape: [this.nodes], values: this.threshold },
      { name: `${prefix}left`, shape: [this.nodes], values: this.left },
      { name: `${prefix}value`, shape: [this.nodes], values: this.value },
    ];
  }

  static fromWeights(read: (name: string) => WeightArray, prefix: string): FlatForest {
    return new FlatForest(
      read(`${prefix}roots`) as Int32Array,
      read(`${prefix}feature`) as Int32Array,
      read(`${prefix}threshold`) as Float32Array,
      read(`${prefix}left`) as Int32Array,
      read(`${prefix}value`) as Float32Array,
    );
  }

  /** Rejects a forest whose indices point outside its arrays (a damaged or hand-edited file). */
  validate(width: number, context: string): void {
    const n = this.nodes;
    for (const r of this.roots)
      if (r < 0 || r >= n) throw new RangeError(`${context}: tree root ${r} outside ${n} nodes`);
    for (let i = 0; i < n; i++) {
      const f = this.feature[i]!;
      if (f < 0) continue;
      if (f >= width) throw new RangeError(`${context}: node ${i} splits on feature ${f} of ${width}`);
      const l = this.left[i]!;
      if (l <= i || l + 1 >= n)
        throw new RangeError(`${context}: node ${i} has children ${l},${l + 1} outside ${n} nodes`);
    }
  }
}
