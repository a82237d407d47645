/**
 * Every detector side by side on NSL-KDD: training seconds per epoch (or round, tree, member) and
 * scoring throughput and single-flow latency, with ratios to the fastest. Same honest protocol as
 * `vigil eval` (it runs the eval runner): preprocessing, models and thresholds fitted on KDDTrain+
 * only; scoring timed on KDDTest+.
 *
 *   npm run bench:detect -- [--detectors a,b] [--seed 0] [--epochs 3] [--full] [--latency-calls 5000]
 *
 * By default training is cut short (a few epochs, rounds or trees; see SHORT) so the per-step times
 * come out in a few minutes; `--full` trains with every detector's own defaults, as `vigil eval` does.
 * The accuracy column is printed to show the models are real, not as the detectors' quality: with
 * short training it is below what `vigil eval` reports.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readDataset, sharedDatasetsDir } from '../src/datasets/index.js';
import { detectorCatalog } from '../src/detect/catalog.js';
import type { TrainProgress } from '../src/detect/detector.js';
import { defaultPrepare } from '../src/eval/prepare.js';
import { fixed, micros, pct, rate } from '../src/eval/format.js';
import type { DetectorResult } from '../src/eval/result.js';
import { runEval } from '../src/eval/run.js';
import { renderText } from '../src/eval/table.js';

const { values: args } = parseArgs({
  options: {
    detectors: { type: 'string' },
    seed: { type: 'string', default: '0' },
    epochs: { type: 'string', default: '3' },
    full: { type: 'boolean', default: false },
    'latency-calls': { type: 'string', default: '5000' },
  },
});

/** Short training per detector kind for the default (not --full) run; kinds not named train with their defaults. */
function shortConfigs(epochs: number): Record<string, Record<string, unknown>> {
  return {
    gbdt: { rounds: 10 * epochs },
    'random-forest': { trees: 3 * epochs },
    fusion: {
      members: [
        { kind: 'gbdt', config: { rounds: 10 * epochs } },
        { kind: 'autoencoder', config: { epochs } },
      ],
    },
  };
}

interface StepClock {
  stage: string;
  first?: { step: number; t: number };
  last?: { step: number; t: number };
  count: number;
}

/** Seconds per step of the stage that reported most steps (epochs, rounds, trees or members). */
function secondsPerStep(
  clocks: Map<string, StepClock>,
): { unit: string; steps: number; seconds: number } | undefined {
  const main = [...clocks.values()].sort((a, b) => b.count - a.count)[0];
  if (!main?.first || !main.last || main.last.step === main.first.step) return undefined;
  return {
    unit: main.stage,
    steps: main.last.step,
    seconds: (main.last.t - main.first.t) / (main.last.step - main.first.step),
  };
}

function ratio(x: number, best: number, higherIsBetter: boolean): string {
  if (!Number.isFinite(x) || !Number.isFinite(best) || best === 0 || x === 0) return 'n/a';
  return `${(higherIsBetter ? best / x : x / best).toFixed(1)}x`;
}

async function main(): Promise<void> {
  const dir = sharedDatasetsDir();
  if (!dir) {
    console.log(
      'bench:detect skipped: shared datasets folder not found (../shared/datasets, or set VIGIL_DATASETS)',
    );
    return;
  }
  const seed = Number(args.seed);
  const epochs = Number(args.epochs);
  const detectors = args.detectors
    ? args.detectors.split(',').map((s) => s.trim())
    : Object.keys(detectorCatalog);
  const unknown = detectors.filter((d) => !(d in detectorCatalog));
  if (unknown.length > 0)
    throw new Error(
      `unknown detector(s) ${unknown.join(', ')}; known: ${Object.keys(detectorCatalog).join(', ')}`,
    );

  const nsl = join(dir, 'nsl-kdd');
  const train = await readDataset('nsl-kdd', join(nsl, 'KDDTrain+.txt.gz'));
  const test = await readDataset('nsl-kdd', join(nsl, 'KDDTest+.txt.gz'));
  console.log(
    `bench:detect on ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at start; ` +
      (args.full ? 'full training' : `short training (--epochs ${epochs})`),
  );

  const clocks = new Map<string, Map<string, StepClock>>();
  const onTrain = (p: TrainProgress): void => {
    if (p.step === undefined) return;
    let byStage = clocks.get(p.detector);
    if (!byStage) clocks.set(p.detector, (byStage = new Map()));
    let c = byStage.get(p.stage);
    if (!c) byStage.set(p.stage, (c = { stage: p.stage, count: 0 }));
    const at = { step: p.step, t: performance.now() / 1000 };
    c.first ??= at;
    c.last = at;
    c.count++;
  };

  const run = await runEval({
    dataset: 'nsl-kdd',
    train: { name: 'KDDTrain+', source: 'KDDTrain+.txt.gz', table: train },
    tests: [{ name: 'KDDTest+', source: 'KDDTest+.txt.gz', table: test }],
    detectors,
    seed,
    prepare: defaultPrepare,
    ...(args.full ? {} : { epochs, detectorConfig: shortConfigs(epochs) }),
    timing: { minSeconds: 2, latencyCalls: Number(args['latency-calls']), latencyMaxSeconds: 10 },
    onProgress: (e) => {
      if (e.kind === 'train') onTrain(e.progress);
      else if (e.kind === 'stage') process.stderr.write(`${e.message}\n`);
      else
        process.stderr.write(
          `${e.result.detector}: ${e.result.error ? `FAILED: ${e.result.error}` : 'done'}\n`,
        );
    },
  });

  const ok = run.report.detectors.filter((d) => !d.error);
  const perStep = (d: DetectorResult) => {
    // A detector's own per-epoch figure beats one read off progress events.
    const fromEvents = secondsPerStep(clocks.get(d.detector) ?? new Map());
    if (d.secondsPerEpoch !== undefined && d.epochs !== undefined) {
      return { unit: fromEvents?.unit ?? 'epoch', steps: d.epochs, seconds: d.secondsPerEpoch };
    }
    return fromEvents;
  };
  const best = {
    step: Math.min(...ok.map((d) => perStep(d)?.seconds ?? Infinity)),
    flows: Math.max(...ok.map((d) => d.timing.flowsPerSecond)),
    p50: Math.min(...ok.map((d) => d.timing.latencyP50Us)),
    p99: Math.min(...ok.map((d) => d.timing.latencyP99Us)),
  };
  const rows = run.report.detectors.map((d) => {
    if (d.error) return [d.detector, 'FAILED', d.error.slice(0, 60), '', '', '', '', '', '', '', '', '', ''];
    const s = perStep(d);
    const r = d.results[0]!;
    return [
      d.detector,
      s ? s.unit : 'n/a',
      s ? String(s.steps) : 'n/a',
      s ? `${s.seconds.toFixed(3)}s` : 'n/a',
      ratio(s?.seconds ?? NaN, best.step, false),
      `${fixed(d.trainSeconds, 1)}s`,
      rate(d.timing.flowsPerSecond),
      ratio(d.timing.flowsPerSecond, best.flows, true),
      micros(d.timing.latencyP50Us),
      ratio(d.timing.latencyP50Us, best.p50, false),
      micros(d.timing.latencyP99Us),
      ratio(d.timing.latencyP99Us, best.p99, false),
      pct(r.metrics.accuracy),
    ];
  });
  console.log();
  console.log(
    renderText({
      title: `training on ${run.report.train.fitRows} rows x ${run.report.features.columns} features; scoring ${test.rows} KDDTest+ rows`,
      header: [
        'detector',
        'step',
        'steps',
        's/step',
        'x',
        'train',
        'flows/s',
        'x',
        'p50',
        'x',
        'p99',
        'x',
        'acc KDDTest+',
      ],
      rows,
    }),
  );
  console.log(
    '\nflows/s: batched scoring (batches of up to 65536 rows, repeated for >= 2 s); p50/p99: one-row score() calls ' +
      `(${ok[0]?.timing.latencySamples ?? 0} timed). x = ratio to the fastest in the column (1.0x is the fastest).`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench:detect: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
