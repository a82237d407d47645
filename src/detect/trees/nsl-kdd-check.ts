/**
 * Honest NSL-KDD check for one detector, outside `vigil eval`: fit the preprocessor and the model on
 * KDDTrain+ only (a stratified 10% validation split carved from it for early stopping and the
 * threshold), then report on KDDTest+ and KDDTest-21. Nothing is tuned on the test files.
 *
 *   npx tsx src/detect/trees/nsl-kdd-check.ts gbdt
 *   npx tsx src/detect/trees/nsl-kdd-check.ts svm-linear '{"epochs":5}'
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { readDataset, sharedDatasetsDir, type LabeledTable } from '../../datasets/index.js';
import { Preprocessor, splitTable } from '../../preprocess/index.js';
import { loadDetectorFactory } from '../catalog.js';
import type { Detector } from '../detector.js';
import { measureScoring } from '../../eval/timing.js';

interface Figures {
  accuracy: number;
  detectionRate: number;
  falseAlarmRate: number;
  perCategory: Record<string, number>;
}

function figures(scores: Float32Array, table: LabeledTable, threshold: number): Figures {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  const hit: Record<string, [number, number]> = {};
  for (let i = 0; i < scores.length; i++) {
    const said = scores[i]! >= threshold;
    const attack = table.label[i] === 1;
    if (attack && said) tp++;
    else if (attack) fn++;
    else if (said) fp++;
    else tn++;
    if (attack) {
      const c = table.category[i]!;
      const h = (hit[c] ??= [0, 0]);
      h[0] += said ? 1 : 0;
      h[1] += 1;
    }
  }
  const perCategory: Record<string, number> = {};
  for (const [c, [d, n]] of Object.entries(hit)) perCategory[c] = d / n;
  return {
    accuracy: (tp + tn) / scores.length,
    detectionRate: tp / (tp + fn),
    falseAlarmRate: fp / (fp + tn),
    perCategory,
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function line(name: string, f: Figures): string {
  const cats = Object.entries(f.perCategory)
    .sort()
    .map(([c, v]) => `${c} ${pct(v)}`)
    .join(', ');
  return `${name}: accuracy ${pct(f.accuracy)}  DR ${pct(f.detectionRate)}  FAR ${pct(f.falseAlarmRate)}  (DR by category: ${cats})`;
}

async function main(): Promise<void> {
  const kind = process.argv[2] ?? 'gbdt';
  const config = process.argv[3] ? (JSON.parse(process.argv[3]) as Record<string, unknown>) : {};
  const seed = Number(process.env.SEED ?? 0);
  const dir = sharedDatasetsDir();
  if (!dir) throw new Error('shared datasets folder not found (set VIGIL_DATASETS)');
  const nsl = join(dir, 'nsl-kdd');
  const full = await readDataset('nsl-kdd', join(nsl, 'KDDTrain+.txt'));
  const split = splitTable(full, 0.1, seed);
  const prep = Preprocessor.fit(split.train);
  const train = prep.transform(split.train);
  const validation = prep.transform(split.test);
  const factory = await loadDetectorFactory(kind);
  const detector: Detector = factory.create(config);
  let lastNote = 0;
  const cpuBefore = process.cpuUsage();
  const summary = await detector.train(
    {
      train,
      trainLabels: split.train.label,
      validation,
      validationLabels: split.test.label,
      provenance: { dataset: 'nsl-kdd', source: 'KDDTrain+', split: split.description, seed },
    },
    {
      seed,
      onProgress: (p) => {
        if (performance.now() - lastNote > 5000) {
          lastNote = performance.now();
          console.error(
            `  ${p.stage} ${p.step ?? ''}/${p.steps ?? ''} ${p.valLoss !== undefined ? `val loss ${p.valLoss.toFixed(4)}` : ''} ${p.note ?? ''}`,
          );
        }
      },
    },
  );
  const cpuSeconds = process.cpuUsage(cpuBefore).user / 1e6;
  console.log(
    `${kind} ${JSON.stringify(config)} seed ${seed}: ${train.rows} train rows x ${train.schema.columns.length} features, ` +
      `trained in ${summary.seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (load average ${loadavg()[0]!.toFixed(1)} on this machine)`,
  );
  console.log(
    `  validation: ${JSON.stringify(summary.validation)}  threshold ${detector.threshold} (${detector.toArtifact().thresholdRule})`,
  );
  for (const file of ['KDDTest+.txt', 'KDDTest-21.txt']) {
    const table = await readDataset('nsl-kdd', join(nsl, file));
    const batch = prep.transform(table);
    const scores = await detector.score(batch);
    console.log(`  ${line(file, figures(scores, table, detector.threshold))}`);
    if (file !== 'KDDTest+.txt') continue;
    const t = await measureScoring(detector, batch, { latencyCalls: 2000 });
    console.log(
      `  scoring (src/eval/timing.ts measureScoring on ${file}): ${Math.round(t.flowsPerSecond).toLocaleString('en')} flows/s batched ` +
        `(${t.batchRows} rows a call), single flow p50 ${t.latencyP50Us.toFixed(1)} us, p99 ${t.latencyP99Us.toFixed(1)} us`,
    );
    // Wall-clock figures above suffer when other processes share the 2 cores; rows per CPU-second less so.
    const cpu0 = process.cpuUsage();
    for (let k = 0; k < 5; k++) await detector.score(batch);
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `  batched rows per CPU-second: ${Math.round((5 * batch.rows) / ((cpu.user + cpu.system) / 1e6)).toLocaleString('en')}`,
    );
  }
  detector.dispose();
}

await main();
