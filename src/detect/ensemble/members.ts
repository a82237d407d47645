/**
 * The ensemble's base learners, all from the project's histogram tree learner. A member is trained
 * on bootstrap counts (a row drawn c times weighs c), which is exactly a resample without copying
 * rows, and outputs an attack probability.
 *
 * - 'tree':  one regression tree on the label with a random share of features per node; its leaves
 *            hold the (count-weighted) attack share, so it is a probability.
 * - 'gbdt':  a small boosted model (few rounds, high learning rate) with the logistic link.
 */
import type { Rng } from '../../util/random.js';
import { labelGradients } from '../trees/bagging.js';
import type { BinnedMatrix } from '../trees/binned-matrix.js';
import { FlatForest } from '../trees/flat-forest.js';
import { GBDT_DEFAULTS, sigmoid, trainGbdt, type GbdtValidation } from '../trees/gbdt.js';
import { growTree } from '../trees/grow-tree.js';
import type { TreeEnsemble } from '../trees/tree-ensemble.js';

export type MemberKind = 'tree' | 'gbdt';
export const MEMBER_KINDS: readonly MemberKind[] = ['tree', 'gbdt'];

export interface MemberParams {
  member: MemberKind;
  maxLeaves: number;
  maxDepth: number;
  minLeafRows: number;
  featureFraction: number;
  /** 'gbdt' members only. */
  rounds: number;
  learningRate: number;
}

export interface Member {
  forest: TreeEnsemble;
  bias: number;
  link: 'identity' | 'sigmoid';
}

export function trainMember(
  m: BinnedMatrix,
  labels: Uint8Array,
  counts: Float64Array,
  val: GbdtValidation,
  p: MemberParams,
  rng: Rng,
): Member {
  if (p.member === 'gbdt') {
    const model = trainGbdt(
      m,
      labels,
      counts,
      val,
      {
        ...GBDT_DEFAULTS,
        rounds: p.rounds,
        learningRate: p.learningRate,
        maxLeaves: p.maxLeaves,
        maxDepth: p.maxDepth,
        minLeafRows: p.minLeafRows,
        featureFraction: p.featureFraction,
        subsample: 1,
        earlyStoppingRounds: 5,
        oblivious: false,
      },
      rng,
    );
    return { forest: model.forest, bias: model.bias, link: 'sigmoid' };
  }
  const { grad, hess } = labelGradients(labels, counts);
  const drawn = drawnRows(counts);
  const tree = growTree(
    m,
    grad,
    hess,
    drawn,
    {
      maxLeaves: p.maxLeaves,
      maxDepth: p.maxDepth,
      minLeafRows: p.minLeafRows,
      featureFraction: p.featureFraction,
      lambda: 0,
      minChildWeight: 1,
      minGain: 0,
    },
    rng,
  );
  return { forest: FlatForest.fromTrees([tree], [1]), bias: 0, link: 'identity' };
}

/** Attack probability of every row (x row-major with `width` columns). */
export function memberProbabilities(
  member: Member,
  x: Float32Array,
  rows: number,
  width: number,
): Float64Array {
  const out = new Float64Array(rows);
  member.forest.predictSum(x, rows, width, member.bias, out);
  if (member.link === 'sigmoid') for (let i = 0; i < rows; i++) out[i] = sigmoid(out[i]!);
  return out;
}

function drawnRows(counts: Float64Array): Uint32Array {
  let k = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) k++;
  const out = new Uint32Array(k);
  k = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) out[k++] = i;
  return out;
}
