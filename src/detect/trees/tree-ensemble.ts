/** What scoring and saving need from trained trees, ordinary (FlatForest) or oblivious (ObliviousForest). */
import type { WeightArray } from '../artifact.js';

export interface TreeEnsemble {
  readonly trees: number;
  readonly nodes: number;
  /** out[r] = bias + sum of the trees' values for row r (x row-major, `width` columns). */
  predictSum(
    x: Float32Array,
    rows: number,
    width: number,
    bias: number,
    out: Float64Array | Float32Array,
  ): void;
  weights(prefix: string): { name: string; shape: number[]; values: WeightArray }[];
  validate(width: number, context: string): void;
}
