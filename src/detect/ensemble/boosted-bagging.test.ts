import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/random.js';
import { syntheticSet } from '../detector.case.js';
import { binMatrix } from '../trees/binned-matrix.js';
import { QuantileBinner } from '../trees/binning.js';
import { FlatForest } from '../trees/flat-forest.js';
import { ensembleScores, trainBoostedBagging, type EnsembleParams } from './boosted-bagging.js';
import type { Member } from './members.js';

const PARAMS: EnsembleParams = {
  voters: 5,
  boostMix: 0.5,
  member: 'tree',
  maxLeaves: 4,
  maxDepth: 2,
  minLeafRows: 2,
  featureFraction: 1,
  rounds: 5,
  learningRate: 0.3,
};

function setup() {
  const train = syntheticSet(1500, 21);
  const val = syntheticSet(500, 22);
  const width = train.batch.schema.columns.length;
  const m = binMatrix(
    QuantileBinner.fit(train.batch.data, train.batch.rows, width),
    train.batch.data,
    train.batch.rows,
  );
  return { train, val: { x: val.batch.data, rows: val.batch.rows, labels: val.labels }, m, width };
}

/** A member that always says `p`. */
function constant(p: number): Member {
  return {
    forest: FlatForest.fromTrees(
      [{ feature: [-1], binThreshold: [0], threshold: [0], left: [-1], value: [p] }],
      [1],
    ),
    bias: 0,
    link: 'identity',
  };
}

describe('boosted bagging', () => {
  it('builds the asked number of voters, each with a vote learned from its validation error', () => {
    const { train, val, m } = setup();
    const e = trainBoostedBagging(m, train.batch.data, train.labels, val, PARAMS, makeRng(1));
    expect(e.members).toHaveLength(5);
    for (const r of e.reports) {
      expect(r.voteWeight).toBeCloseTo(
        Math.max(0, 0.5 * Math.log((1 - r.validationError) / r.validationError)),
        12,
      );
    }
    // weak stumps on a shifted-Gaussian problem: better than chance, so every vote is positive
    expect(e.reports.every((r) => r.voteWeight > 0)).toBe(true);
  });

  it('boosting moves later voters toward earlier mistakes: with boostMix 1 their weighted errors rise', () => {
    const { train, val, m } = setup();
    const boosted = trainBoostedBagging(
      m,
      train.batch.data,
      train.labels,
      val,
      { ...PARAMS, boostMix: 1 },
      makeRng(1),
    );
    const first = boosted.reports[0]!.weightedTrainError;
    const later = Math.max(...boosted.reports.slice(1).map((r) => r.weightedTrainError));
    expect(later).toBeGreaterThan(first);
  });

  it('scores are the vote-weighted average of member probabilities', () => {
    const x = new Float32Array(8);
    const scores = ensembleScores(
      { members: [constant(0.2), constant(0.8)], voteWeights: Float64Array.from([1, 3]) },
      x,
      1,
      8,
    );
    expect(scores[0]).toBeCloseTo((0.2 * 1 + 0.8 * 3) / 4, 6);
    const equal = ensembleScores(
      { members: [constant(0.2), constant(0.8)], voteWeights: Float64Array.from([0, 0]) },
      x,
      1,
      8,
    );
    expect(equal[0]).toBeCloseTo(0.5, 6);
  });
});
