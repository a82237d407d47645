/**
 * The preprocessor on real NSL-KDD (skipped, with the reason, when ../shared/datasets is absent):
 * fitted on KDDTrain+ only, it standardises the training rows and leaves the test rows' statistics
 * free to differ.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readDataset, sharedDatasetsDir } from '../datasets/index.js';
import { concatTables } from '../datasets/table-ops.js';
import { Preprocessor } from './preprocessor.js';
import type { NumericPlan } from './column-plan.js';

const shared = sharedDatasetsDir();
if (!shared)
  console.warn('skipping real-data preprocessing tests: ../shared/datasets not found (set VIGIL_DATASETS)');

function columnMeanStd(data: Float32Array, width: number, c: number): [number, number] {
  const n = data.length / width;
  let s = 0;
  let s2 = 0;
  for (let r = 0; r < n; r++) {
    const v = data[r * width + c]!;
    s += v;
    s2 += v * v;
  }
  const mean = s / n;
  return [mean, Math.sqrt(Math.max(0, s2 / n - mean * mean))];
}

describe.skipIf(!shared)('Preprocessor on NSL-KDD', () => {
  it('standardises KDDTrain+ to mean 0 / std 1, is not fitted on KDDTest+, and round-trips', async () => {
    const dir = join(shared ?? '', 'nsl-kdd');
    const train = await readDataset('nsl-kdd', join(dir, 'KDDTrain+.txt'));
    const test = await readDataset('nsl-kdd', join(dir, 'KDDTest+.txt'));
    const p = Preprocessor.fit(train);
    const width = p.outputSchema.columns.length;
    const trainOut = p.transform(train).data;
    const numeric = p.plans.filter((x): x is NumericPlan => x.kind === 'numeric' && x.keep);
    for (const plan of numeric) {
      const c = p.outputSchema.columns.indexOf(plan.name);
      const [mean, std] = columnMeanStd(trainOut, width, c);
      expect(Math.abs(mean), plan.name).toBeLessThan(1e-3);
      expect(std, plan.name).toBeCloseTo(1, 2);
    }
    const testOut = p.transform(test).data;
    expect(testOut.every(Number.isFinite)).toBe(true);
    // Fitting on train ∪ test would move the scaler: the honest fit must not equal it.
    const leaky = Preprocessor.fit(concatTables(train, test));
    const srcBytes = (q: Preprocessor) => q.plans.find((x) => x.name === 'src_bytes') as NumericPlan;
    expect(srcBytes(leaky).mean).not.toBe(srcBytes(p).mean);
    const reloaded = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(Buffer.from(reloaded.transform(test).data.buffer).equals(Buffer.from(testOut.buffer))).toBe(true);
  });
});
