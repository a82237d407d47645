/**
 * Design selection on the training captures only: leave-one-run-out cross-validation inside
 * samples/lab-train (train on run1 -> score run2, train on run2 -> score run1), for each candidate
 * detector configuration and seed, with the pipeline's training protocol (validation split from the
 * training run only). No test capture (lab-sample, lab-heldout*) is read.
 *
 *   npx tsx lab/scripts/lab-cv.ts [--seeds 0,1,2] [--candidates baseline,oof5] [--detectors random-forest,gbdt,ensemble]
 *
 * Prints one line per fold, seed and candidate: DR / FAR (false alarms) per detector, then totals.
 */
import { parseArgs } from 'node:util';
import { readLabRun } from '../../src/datasets/lab/index.js';
import type { LabeledTable } from '../../src/datasets/table.js';
import { trainPipelineModels } from '../../src/pipeline/train.js';

type Config = Record<string, Record<string, unknown>>;
const tree = (extra: Record<string, unknown>): Config => ({ 'random-forest': extra, gbdt: extra, ensemble: extra });
/** The candidates of the design selection (src/pipeline/README.md, "Design selection"). */
const CANDIDATES: Record<string, Config> = {
  baseline: {},
  oof3: tree({ thresholdFolds: 3 }),
  oof5: tree({ thresholdFolds: 5 }),
  more: { 'random-forest': { trees: 160 }, ensemble: { voters: 20 } },
  'oof5+more': {
    'random-forest': { trees: 160, thresholdFolds: 5 },
    gbdt: { thresholdFolds: 5 },
    ensemble: { voters: 20, thresholdFolds: 5 },
  },
};

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '0,1,2' },
    candidates: { type: 'string', default: 'baseline,oof5' },
    detectors: { type: 'string', default: 'random-forest,gbdt,ensemble' },
    train: { type: 'string', default: 'samples/lab-train' },
    features: { type: 'string', default: 'all' },
  },
});
/**
 * Feature views: all the edge's columns, or a subset. The subsets name the edge of commit 4dcdb11
 * (kdd41's 41 columns then src-window's 10); the edge is kdd41 alone since the design selection, so
 * on later commits only `all` applies.
 */
const KDD41 = [...Array(41).keys()];
const VIEWS: Record<string, number[] | undefined> = {
  all: undefined,
  kdd41: KDD41,
  'kdd41+src-2s': [...KDD41, 41, 42, 43, 44, 45],
  'kdd41+src-hist': [...KDD41, 46, 47, 48, 49, 50],
};
function view(t: LabeledTable): LabeledTable {
  if (!(values.features in VIEWS)) throw new RangeError(`unknown --features '${values.features}'; known: ${Object.keys(VIEWS).join(', ')}`);
  const keep = VIEWS[values.features];
  if (keep === undefined) return t;
  if (keep.some((i) => i >= t.schema.columns.length)) throw new RangeError(`--features ${values.features} needs the edge with src-window (commit 4dcdb11)`);
  return {
    ...t,
    schema: { ...t.schema, name: `${t.schema.name}/${values.features}`, columns: keep.map((i) => t.schema.columns[i]!) },
    columns: keep.map((i) => t.columns[i]!),
  };
}
const detectors = values.detectors.split(',');
const runs = { run1: view(await readLabRun(`${values.train}/run1`)), run2: view(await readLabRun(`${values.train}/run2`)) };
const folds = [
  { name: 'run1->run2', train: runs.run1, test: runs.run2 },
  { name: 'run2->run1', train: runs.run2, test: runs.run1 },
];
const totals = new Map<string, { fp: number; benign: number; fn: number; attacks: number; worstFar: number }>();
process.stdout.write(`features ${values.features}\nfold | seed | candidate | ${detectors.join(' | ')} | train CPU s\n`);
for (const candidate of values.candidates.split(',')) {
  const config = CANDIDATES[candidate];
  if (config === undefined) throw new RangeError(`unknown candidate '${candidate}'; known: ${Object.keys(CANDIDATES).join(', ')}`);
  for (const fold of folds) {
    for (const seed of values.seeds.split(',').map(Number)) {
      const cpu = process.cpuUsage();
      const models = await trainPipelineModels(fold.train, { detectors, seed, detectorConfig: config, authEvents: [], isAttacker: () => false });
      const cpuSeconds = (() => {
        const u = process.cpuUsage(cpu);
        return (u.user + u.system) / 1e6;
      })();
      const batch = models.preprocessor.transform(fold.test);
      const cells: string[] = [];
      for (const d of models.detectors) {
        const scores = await d.detector.score(batch);
        let tp = 0, fn = 0, fp = 0, tn = 0;
        for (let i = 0; i < fold.test.rows; i++) {
          const flagged = scores[i]! >= d.detector.threshold;
          if (fold.test.label[i] === 1) {
            if (flagged) tp++;
            else fn++;
          } else if (flagged) fp++;
          else tn++;
        }
        const far = fp / (fp + tn);
        cells.push(`${((100 * tp) / (tp + fn)).toFixed(1)}% / ${(100 * far).toFixed(1)}% (${fp} FP, thr ${d.detector.threshold.toFixed(3)})`);
        const key = `${candidate} ${d.name}`;
        const t = totals.get(key) ?? { fp: 0, benign: 0, fn: 0, attacks: 0, worstFar: 0 };
        t.fp += fp;
        t.benign += fp + tn;
        t.fn += fn;
        t.attacks += tp + fn;
        t.worstFar = Math.max(t.worstFar, far);
        totals.set(key, t);
        d.detector.dispose();
      }
      process.stdout.write(`${fold.name} | ${seed} | ${candidate} | ${cells.join(' | ')} | ${cpuSeconds.toFixed(1)}\n`);
    }
  }
}
process.stdout.write('\ncandidate detector | pooled DR | pooled FAR | worst fold FAR\n');
for (const [key, t] of totals)
  process.stdout.write(
    `${key} | ${((100 * (t.attacks - t.fn)) / t.attacks).toFixed(2)}% | ${((100 * t.fp) / t.benign).toFixed(2)}% (${t.fp}/${t.benign}) | ${(100 * t.worstFar).toFixed(1)}%\n`,
  );
