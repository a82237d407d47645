/**
 * Which part of the lab detectors' inputs matters: trains random-forest, gbdt and ensemble on
 * samples/lab-train with kdd41 alone, kdd41 + src-window's 2-s columns, and kdd41 + all of
 * src-window, for several seeds, and prints DR/FAR on each test capture. The protocol is
 * `vigil eval`'s (validation split from train only, each detector's default threshold rule).
 *
 *   npx tsx lab/scripts/feature-ablation.ts [--seeds 0,1,2] [--test samples/lab-sample,samples/lab-heldout]
 *
 * Both shipped test captures have been looked at (see samples/README.md), so this is a
 * development tool, not a blind result. It needs the edge of commit 4dcdb11 (kdd41 + src-window);
 * since the design selection the edge is kdd41 alone (`git archive 4dcdb11` to re-run it).
 */
import { parseArgs } from 'node:util';
import { readLabRun } from '../../src/datasets/lab/index.js';
import type { LabeledTable } from '../../src/datasets/table.js';
import { trainPipelineModels } from '../../src/pipeline/train.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '0,1,2' },
    train: { type: 'string', default: 'samples/lab-train' },
    test: { type: 'string', default: 'samples/lab-sample,samples/lab-heldout' },
  },
});
const DETECTORS = ['random-forest', 'gbdt', 'ensemble'];
const testDirs = values.test.split(',');
const train = await readLabRun(values.train);
const tests = await Promise.all(testDirs.map((d) => readLabRun(d)));
if (train.schema.columns.length < 51) throw new RangeError('this ablation needs the edge with src-window (commit 4dcdb11)');

/** The table with only the columns at `keep` (the schema renamed, so no preprocessor mixes them up). */
function columnsOf(keep: readonly number[], name: string): (t: LabeledTable) => LabeledTable {
  return (t) => ({
    ...t,
    schema: { ...t.schema, name: `${t.schema.name}/${name}`, columns: keep.map((i) => t.schema.columns[i]!) },
    columns: keep.map((i) => t.columns[i]!),
  });
}
const KDD41 = [...Array(41).keys()];
const VARIANTS: [string, (t: LabeledTable) => LabeledTable][] = [
  ['kdd41', columnsOf(KDD41, 'kdd41')],
  ['kdd41+src-2s', columnsOf([...KDD41, 41, 42, 43, 44, 45], 'src-2s')],
  ['kdd41+src-window', columnsOf([...Array(51).keys()], 'all')],
];

const header = ['seed', 'features', ...DETECTORS.flatMap((d) => testDirs.map((t) => `${d} ${t.split('/').pop()}`))];
process.stdout.write(`${header.join(' | ')}\n`);
for (const seed of values.seeds.split(',').map(Number)) {
  for (const [name, view] of VARIANTS) {
    const models = await trainPipelineModels(view(train), { detectors: DETECTORS, seed, authEvents: [], isAttacker: () => false });
    const cells: string[] = [];
    for (const d of models.detectors) {
      for (const test of tests) {
        const scores = await d.detector.score(models.preprocessor.transform(view(test)));
        let tp = 0, fn = 0, fp = 0, tn = 0;
        for (let i = 0; i < test.rows; i++) {
          const flagged = scores[i]! >= d.detector.threshold;
          if (test.label[i] === 1) {
            if (flagged) tp++;
            else fn++;
          } else if (flagged) fp++;
          else tn++;
        }
        cells.push(`${((100 * tp) / (tp + fn)).toFixed(1)}% / ${((100 * fp) / (fp + tn)).toFixed(1)}% (${fp} FP)`);
      }
    }
    process.stdout.write(`${[seed, name, ...cells].join(' | ')}\n`);
  }
}
