/**
 * `npm run bench:datasets`: read times, row and category counts of the shared real datasets, the
 * preprocessor's fit and transform speed, and UNSW-NB15's share of test rows that repeat a training
 * row under a stratified 70/30 split. Needs ../shared/datasets (or $VIGIL_DATASETS).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  countBy,
  markSeenRows,
  readDataset,
  sharedDatasetsDir,
  type DatasetKind,
} from '../src/datasets/index.js';
import type { LabeledTable } from '../src/datasets/table.js';
import { Preprocessor, splitTable } from '../src/preprocess/index.js';

const FILES: [DatasetKind, string][] = [
  ['nsl-kdd', 'nsl-kdd/KDDTrain+.txt.gz'],
  ['nsl-kdd', 'nsl-kdd/KDDTest+.txt.gz'],
  ['nsl-kdd', 'nsl-kdd/KDDTest-21.txt.gz'],
  ['kddcup99', 'kddcup99/kddcup.data_10_percent.gz'],
  ['unsw-nb15', 'unsw-nb15/UNSW_NB15_training-set.csv.gz'],
];
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

async function timedRead(kind: DatasetKind, file: string): Promise<{ table: LabeledTable; best: number }> {
  let best = Infinity;
  let table: LabeledTable | undefined;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    table = await readDataset(kind, file);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { table: table!, best };
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, (performance.now() - t0) / 1000];
}

async function main(): Promise<void> {
  const dir = sharedDatasetsDir();
  if (!dir) {
    console.log('bench:datasets skipped: ../shared/datasets not found (set VIGIL_DATASETS)');
    return;
  }
  console.log(
    `datasets in ${dir}; best of ${REPEATS} reads; load average ${loadavg()[0]!.toFixed(1)} on this machine\n`,
  );
  const tables = new Map<string, LabeledTable>();
  for (const [kind, rel] of FILES) {
    const { table, best } = await timedRead(kind, join(dir, rel));
    tables.set(rel, table);
    const rate = Math.round(table.rows / best).toLocaleString('en');
    console.log(`${rel}: ${table.rows.toLocaleString('en')} rows in ${best.toFixed(2)} s (${rate} rows/s)`);
    console.log(`  categories ${JSON.stringify(countBy(table.category))}`);
    if (table.warnings?.length) console.log(`  warnings ${JSON.stringify(table.warnings)}`);
  }

  const train = tables.get('nsl-kdd/KDDTrain+.txt.gz')!;
  const test = tables.get('nsl-kdd/KDDTest+.txt.gz')!;
  const [prep, fitS] = timed(() => Preprocessor.fit(train));
  const [out, transformS] = timed(() => prep.transformWithStats(test));
  const logCols = prep.plans.filter((p) => p.kind === 'numeric' && p.keep && p.log).map((p) => p.name);
  const dropped = prep.plans.filter((p) => p.kind === 'numeric' && !p.keep).map((p) => p.name);
  console.log(
    `\npreprocess NSL-KDD: fit on KDDTrain+ ${fitS.toFixed(2)} s; transform KDDTest+ ${transformS.toFixed(3)} s`,
  );
  console.log(
    `  output ${prep.outputSchema.name}@${prep.outputSchema.version}: ${prep.outputSchema.columns.length} columns`,
  );
  console.log(
    `  log-scaled (auto): ${logCols.join(', ')}; dropped as constant: ${dropped.join(', ') || 'none'}`,
  );
  console.log(`  KDDTest+ values unseen in training: ${JSON.stringify(out.stats.unseenCategories)}`);

  const unsw = tables.get('unsw-nb15/UNSW_NB15_training-set.csv.gz')!;
  console.log('\nUNSW-NB15 stratified 70/30 split: test rows whose feature vector occurs in the train part');
  for (const seed of [0, 1, 2]) {
    const split = splitTable(unsw, 0.3, seed);
    const [seen, seenS] = timed(() => markSeenRows(split.train, split.test));
    const n = seen.reduce((a, b) => a + b, 0);
    const pct = ((100 * n) / split.test.rows).toFixed(1);
    console.log(`  seed ${seed}: ${n} of ${split.test.rows} (${pct}%), marked in ${seenS.toFixed(2)} s`);
  }
  const prepU = Preprocessor.fit(splitTable(unsw, 0.3, 0).train);
  console.log(`  preprocessed UNSW-NB15 width: ${prepU.outputSchema.columns.length} columns`);
}

await main();
