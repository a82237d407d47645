/**
 * The runner end to end on a slice of real NSL-KDD with the fast `rules` detector. Skips when the
 * shared datasets folder is absent.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  concatTables,
  readDataset,
  sharedDatasetsDir,
  subsetTable,
  type LabeledTable,
} from '../datasets/index.js';
import { loadDetectorFactory } from '../detect/catalog.js';
import { loadArtifact } from '../detect/model-store.js';
import { Preprocessor } from '../preprocess/index.js';
import { confusionMatrix } from './metrics.js';
import { reportJson } from './report-files.js';
import type { EvalReport } from './result.js';
import { runEval, type EvalRunOptions, type FittedPreparation } from './run.js';

const shared = sharedDatasetsDir();
const nsl = shared ? join(shared, 'nsl-kdd') : undefined;
const why = 'shared datasets folder (../shared/datasets) is absent; skipping the NSL-KDD runner test';
if (!nsl) console.warn(why);

function head(t: LabeledTable, n: number): LabeledTable {
  return subsetTable(
    t,
    Uint32Array.from({ length: Math.min(n, t.rows) }, (_, i) => i),
  );
}

describe.skipIf(!nsl)('runEval on a slice of real NSL-KDD', () => {
  let train: LabeledTable;
  let test: LabeledTable;
  beforeAll(async () => {
    train = head(await readDataset('nsl-kdd', join(nsl!, 'KDDTrain+.txt.gz')), 4000);
    test = head(await readDataset('nsl-kdd', join(nsl!, 'KDDTest+.txt.gz')), 2000);
  });

  /** Runs with a preparation that records every table it was fitted on. */
  async function run(extra: Partial<EvalRunOptions> = {}) {
    const fitted: LabeledTable[] = [];
    const preps: Preprocessor[] = [];
    const result = await runEval({
      dataset: 'nsl-kdd',
      train: { name: 'KDDTrain+', source: 'KDDTrain+ (first 4000 rows)', table: train },
      tests: [{ name: 'KDDTest+', source: 'KDDTest+ (first 2000 rows)', table: test }],
      detectors: ['rules'],
      seed: 3,
      prepare: (t): FittedPreparation => {
        fitted.push(t);
        const p = Preprocessor.fit(t);
        preps.push(p);
        return p;
      },
      timing: { minSeconds: 0, latencyCalls: 20 },
      ...extra,
    });
    return { ...result, fitted, preps };
  }

  it('writes a report of the documented shape', async () => {
    const { report } = await run();
    const json = JSON.parse(reportJson(report)) as EvalReport;
    expect(json.format).toBe('vigil-eval');
    expect(json.dataset).toBe('nsl-kdd');
    expect(json.seed).toBe(3);
    expect(json.train.source).toBe('KDDTrain+ (first 4000 rows)');
    expect(json.train.rows).toBe(4000);
    expect(json.train.fitRows + json.train.validationRows).toBe(4000);
    // 10% of each category, rounded per category
    expect(Math.abs(json.train.validationRows - 400)).toBeLessThanOrEqual(3);
    expect(json.testSets).toEqual([
      { name: 'KDDTest+', source: 'KDDTest+ (first 2000 rows)', rows: 2000, attackRows: expect.any(Number) },
    ]);
    expect(json.features.id).toMatch(/^kdd41\+prep@/);
    expect(json.splits.join(' ')).toContain(
      `validation: ${json.train.validationRows} rows (10%) of the training part`,
    );
    const [d] = json.detectors;
    expect(d!.error).toBeUndefined();
    expect(d!.detector).toBe('rules');
    expect(d!.thresholdRule).toMatch(/validation/);
    expect(Number.isFinite(d!.threshold)).toBe(true);
    expect(d!.trainSeconds).toBeGreaterThan(0);
    expect(d!.timing.flowsPerSecond).toBeGreaterThan(0);
    expect(d!.timing.latencySamples).toBe(20);
    const [r] = d!.results;
    const c = r!.confusion;
    expect(c.tp + c.fp + c.tn + c.fn).toBe(2000);
    expect(c.tp + c.fn).toBe(json.testSets[0]!.attackRows);
    expect(r!.metrics.accuracy).toBeCloseTo((c.tp + c.tn) / 2000, 12);
    for (const k of ['accuracy', 'detectionRate', 'falseAlarmRate', 'precision', 'f1', 'rocAuc'] as const) {
      expect(r!.metrics[k]).toBeGreaterThanOrEqual(0);
      expect(r!.metrics[k]).toBeLessThanOrEqual(1);
    }
    expect(
      r!.perCategory.map((x) => x.category).every((x) => ['dos', 'probe', 'r2l', 'u2r'].includes(x)),
    ).toBe(true);
    expect(r!.roc[0]).toEqual([0, 0]);
    expect(r!.roc[r!.roc.length - 1]).toEqual([1, 1]);
  });

  it('fits the preprocessor on the fit part of train only, never on validation or test rows', async () => {
    const { fitted, preps, fitIndices, validationIndices, report } = await run();
    expect(fitted).toHaveLength(1);
    expect(fitted[0]!.rows).toBe(report.train.fitRows);
    expect(preps[0]!.trainRows).toBe(fitIndices.length);
    // fit and validation partition the training rows
    const fitSet = new Set(fitIndices);
    expect(Array.from(validationIndices).some((i) => fitSet.has(i))).toBe(false);
    expect(fitIndices.length + validationIndices.length).toBe(train.rows);
    // the fitted state is exactly what the fit rows alone give ...
    const onFitRows = Preprocessor.fit(subsetTable(train, fitIndices)).toJSON();
    expect(preps[0]!.toJSON()).toEqual(onFitRows);
    // ... and the comparison would notice test rows leaking in
    const withTest = Preprocessor.fit(concatTables(subsetTable(train, fitIndices), test)).toJSON();
    expect(withTest).not.toEqual(onFitRows);
  });

  it('holds a --split test set out of train, reports seen and unseen parts, and never fits on it', async () => {
    const { report, fitIndices, validationIndices, heldOutIndices, preps } = await run({
      tests: [],
      split: 0.3,
    });
    const names = report.testSets.map((t) => t.name);
    expect(names[0]).toBe('test');
    const byName = Object.fromEntries(report.testSets.map((t) => [t.name, t.rows]));
    expect(byName.test).toBe(heldOutIndices.length);
    expect((byName['test-seen'] ?? 0) + (byName['test-unseen'] ?? 0)).toBe(byName.test);
    const held = new Set(heldOutIndices);
    expect(Array.from(fitIndices).some((i) => held.has(i))).toBe(false);
    expect(Array.from(validationIndices).some((i) => held.has(i))).toBe(false);
    expect(fitIndices.length + validationIndices.length + heldOutIndices.length).toBe(train.rows);
    expect(preps[0]!.trainRows).toBe(fitIndices.length);
    expect(report.splits[0]).toMatch(/held out .* stratified by category, seed 3/);
  });

  it('is repeatable with the same seed', async () => {
    const a = await run();
    const b = await run();
    expect(Array.from(a.fitIndices)).toEqual(Array.from(b.fitIndices));
    expect(a.report.detectors[0]!.results).toEqual(b.report.detectors[0]!.results);
    const c = await run({ seed: 4 });
    expect(Array.from(c.fitIndices)).not.toEqual(Array.from(a.fitIndices));
  });

  it('saves models and the preprocessor so that they reload and score the same', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-eval-models-'));
    try {
      const { report, preps } = await run({ saveModelsDir: dir });
      const d = report.detectors[0]!;
      expect(d.savedTo).toBe(join(dir, 'rules'));
      const prep = Preprocessor.fromJSON(JSON.parse(await readFile(join(dir, 'preprocessor.json'), 'utf8')));
      const batch = prep.transform(test);
      expect(Array.from(batch.data)).toEqual(Array.from(preps[0]!.transform(test).data));
      const factory = await loadDetectorFactory('rules');
      const model = await factory.fromArtifact(await loadArtifact(d.savedTo!, prep.outputSchema));
      const scores = await model.score(batch);
      expect(confusionMatrix(scores, test.label, model.threshold)).toEqual(d.results[0]!.confusion);
      model.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('records a failing detector and carries on with the others', async () => {
    const { report } = await run({
      detectors: ['rules', 'rules'],
      detectorConfig: { rules: { templates: 'not a list' } },
    });
    expect(report.detectors).toHaveLength(2);
    for (const d of report.detectors) {
      expect(d.error).toBeDefined();
      expect(d.results).toEqual([]);
    }
  });
});
