/**
 * Seeded stratified splits: the validation split carved from the training data (for thresholds and
 * early stopping), and UNSW-NB15's 70/30 train/test split.
 */
import { subsetTable } from '../datasets/table-ops.js';
import type { LabeledTable } from '../datasets/table.js';
import { makeRng, shuffleInPlace } from '../util/random.js';

/**
 * Row indices split so that every stratum (e.g. attack category) keeps its share: round(n·f) of each
 * stratum's n rows go to `test`. Both index lists are ascending. Same inputs and seed, same split.
 */
export function stratifiedSplit(
  strata: ArrayLike<string | number>,
  testFraction: number,
  seed: number,
): { train: Int32Array; test: Int32Array } {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`stratifiedSplit: testFraction must be in (0, 1), got ${testFraction}`);
  }
  const groups = new Map<string | number, number[]>();
  for (let i = 0; i < strata.length; i++) {
    const key = strata[i]!;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  // Strata in a fixed order (not first-seen order), so the split depends only on the data and seed.
  const keys = [...groups.keys()].sort((a, b) => {
    const sa = `${typeof a}:${a}`;
    const sb = `${typeof b}:${b}`;
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
  const rng = makeRng(seed);
  const isTest = new Uint8Array(strata.length);
  let nTest = 0;
  for (const key of keys) {
    const members = Int32Array.from(groups.get(key)!);
    shuffleInPlace(members, rng);
    const take = Math.round(members.length * testFraction);
    for (let k = 0; k < take; k++) isTest[members[k]!] = 1;
    nTest += take;
  }
  const train = new Int32Array(strata.length - nTest);
  const test = new Int32Array(nTest);
  for (let i = 0, a = 0, b = 0; i < strata.length; i++) {
    if (isTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/** A table split by attack category; `description` is for TrainingProvenance.split. */
export function splitTable(
  table: LabeledTable,
  testFraction: number,
  seed: number,
): {
  train: LabeledTable;
  test: LabeledTable;
  trainIndices: Int32Array;
  testIndices: Int32Array;
  description: string;
} {
  const { train, test } = stratifiedSplit(table.category, testFraction, seed);
  const pct = Math.round(testFraction * 100);
  return {
    train: subsetTable(table, train),
    test: subsetTable(table, test),
    trainIndices: train,
    testIndices: test,
    description: `${table.dataset} stratified by category ${100 - pct}/${pct} seed ${seed}`,
  };
}
