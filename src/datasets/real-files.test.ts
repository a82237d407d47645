/**
 * The readers on the real shared files (skipped, with the reason, when ../shared/datasets is absent).
 * Row counts are the ones the dataset publishers (and shared/datasets/SOURCES.tsv) give.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { splitTable } from '../preprocess/split.js';
import { countBy, markSeenRows, readDataset } from './index.js';
import { sharedDatasetsDir } from './shared-datasets.js';

const shared = sharedDatasetsDir();
if (!shared)
  console.warn('skipping real-file dataset tests: ../shared/datasets not found (set VIGIL_DATASETS)');

describe.skipIf(!shared)('real dataset files', () => {
  const dir = shared ?? '';

  it('reads KDDTrain+ (125,973 rows, 23 attack names, no unknown attacks)', async () => {
    const t = await readDataset('nsl-kdd', join(dir, 'nsl-kdd/KDDTrain+.txt'));
    expect(t.rows).toBe(125_973);
    expect(new Set(t.attack).size).toBe(23);
    expect(countBy(t.category)).toEqual({ dos: 45_927, normal: 67_343, probe: 11_656, r2l: 995, u2r: 52 });
    expect(t.warnings).toEqual([]);
    expect(t.difficulty!.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(21);
  });

  it('reads KDDTest+ with its DARPA-99-only attacks all mapped (no "unknown")', async () => {
    const t = await readDataset('nsl-kdd', join(dir, 'nsl-kdd/KDDTest+.txt'));
    expect(t.rows).toBe(22_544);
    expect(t.category).not.toContain('unknown');
    expect(t.attack).toContain('mscan');
    expect(countBy(t.category).normal).toBe(9_711);
  });

  it('reads UNSW-NB15 and finds about 40% of a 30% stratified test split repeating a training row', async () => {
    const t = await readDataset('unsw-nb15', join(dir, 'unsw-nb15/UNSW_NB15_training-set.csv'));
    expect(t.rows).toBe(82_332);
    expect(countBy(t.category).normal).toBe(37_000);
    const split = splitTable(t, 0.3, 0);
    const seen = markSeenRows(split.train, split.test);
    const fraction = seen.reduce((a, b) => a + b, 0) / seen.length;
    expect(fraction).toBeGreaterThan(0.35);
    expect(fraction).toBeLessThan(0.45);
  });
});
