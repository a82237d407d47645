/**
 * The evaluation runner, pure of the CLI: tables in, EvalReport out.
 *
 * The order is the honest protocol, written once here:
 *   1. (one-file datasets) carve the test set from the training file, stratified by category;
 *   2. carve the validation split from the TRAINING part only, stratified, seeded;
 *   3. fit the preprocessor on the fit part only (never validation, never test);
 *   4. train each detector; it fits its threshold on the validation split;
 *   5. score each test set, compute the metrics, time the scoring.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { markSeenRows, subsetTable, type LabeledTable } from '../datasets/index.js';
import { loadDetectorFactory } from '../detect/catalog.js';
import { stratifiedSplit } from '../preprocess/index.js';
import type { Detector, DetectorFactory, TrainingData, TrainProgress } from '../detect/detector.js';
import { saveArtifact } from '../detect/model-store.js';
import { schemaId, type FeatureBatch } from '../records/index.js';
import { subSeed } from '../util/random.js';
import {
  binaryMetrics,
  confusionMatrix,
  perCategoryDetection,
  rocAuc,
  rocCurve,
  thinCurve,
} from './metrics.js';
import {
  EVAL_REPORT_FORMAT,
  EVAL_REPORT_VERSION,
  type DetectorResult,
  type EvalReport,
  type TestSetInfo,
  type TestSetResult,
} from './result.js';
import { measureScoring, type TimingOptions } from './timing.js';

/** A fitted preprocessor as the runner needs it: tables in, feature batches out. */
export interface FittedPreparation {
  transform(table: LabeledTable): FeatureBatch;
  /** Saved next to the models with --save-models, so they can be served. */
  toJSON?(): unknown;
}

/** Fits preprocessing on a table. The runner only ever passes it the fit part of the training data. */
export type PrepareFn = (fit: LabeledTable) => FittedPreparation;

export interface NamedTable {
  name: string;
  source: string;
  table: LabeledTable;
}

export type EvalProgress =
  | { kind: 'stage'; message: string }
  | { kind: 'train'; progress: TrainProgress }
  | { kind: 'detector-done'; result: DetectorResult };

export interface EvalRunOptions {
  dataset: string;
  train: NamedTable;
  tests: NamedTable[];
  /** Fraction of `train` held out as a test set, stratified by category. */
  split?: number;
  detectors: string[];
  seed: number;
  prepare: PrepareFn;
  /** Fraction of the training part used for validation (thresholds, early stopping). @default 0.1 */
  validationFraction?: number;
  /** Passed to every detector's config as `epochs` when given. */
  epochs?: number;
  /** Extra config per detector kind. */
  detectorConfig?: Record<string, Record<string, unknown>>;
  saveModelsDir?: string;
  timing?: TimingOptions;
  onProgress?: (e: EvalProgress) => void;
}

export interface EvalRun {
  report: EvalReport;
  /** Row indices of `train.table` the preprocessor and models were fitted on (for audits and tests). */
  fitIndices: Uint32Array;
  validationIndices: Uint32Array;
  /** Row indices of `train.table` held out as the 'test' set by `split` (empty without a split). */
  heldOutIndices: Uint32Array;
}

export interface PreparedTestSet {
  info: TestSetInfo;
  batch: FeatureBatch;
  labels: Uint8Array;
  categories: string[];
}

function pick(indices: Uint32Array, positions: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = indices[positions[i]!]!;
  return out;
}

function countAttacks(labels: Uint8Array): number {
  let n = 0;
  for (const l of labels) n += l;
  return n;
}

function shareText(f: number): string {
  return `${Math.round(f * 1000) / 10}%`;
}

/**
 * Carves a stratified test set out of the training file, and parts it into the rows whose feature
 * vectors also occur in the remaining training rows (test-seen) and the rest (test-unseen).
 */
function holdOut(
  train: NamedTable,
  fraction: number,
  seed: number,
): { trainPart: Uint32Array; heldOut: NamedTable[]; heldOutIndices: Uint32Array; description: string } {
  const source = train.table;
  const s = stratifiedSplit(source.category, fraction, seed);
  const testTable = subsetTable(source, s.test);
  const seen = markSeenRows(subsetTable(source, s.train), testTable);
  const seenIdx: number[] = [];
  const unseenIdx: number[] = [];
  seen.forEach((v, i) => (v ? seenIdx : unseenIdx).push(i));
  const src = `${train.source} ${shareText(fraction)} stratified by category, seed ${seed}`;
  const heldOut: NamedTable[] = [{ name: 'test', source: src, table: testTable }];
  if (seenIdx.length > 0) {
    heldOut.push({
      name: 'test-seen',
      source: `${src}; rows whose features occur in train`,
      table: subsetTable(testTable, seenIdx),
    });
  }
  if (unseenIdx.length > 0) {
    heldOut.push({
      name: 'test-unseen',
      source: `${src}; rows whose features do not occur in train`,
      table: subsetTable(testTable, unseenIdx),
    });
  }
  const description =
    `test: ${s.test.length} rows (${shareText(fraction)}) held out of ${train.source}, stratified by category, seed ${seed}; ` +
    `${seenIdx.length} of them repeat a training row's features (test-seen), ${unseenIdx.length} do not (test-unseen)`;
  return {
    trainPart: Uint32Array.from(s.train),
    heldOut,
    heldOutIndices: Uint32Array.from(s.test),
    description,
  };
}

/** Splits, preprocessing and feature batches: everything before the first detector trains. */
export interface PreparedEval {
  data: TrainingData;
  testSets: PreparedTestSet[];
  /** The report without its detectors and run time. */
  skeleton: Omit<EvalReport, 'detectors' | 'seconds'>;
  fitIndices: Uint32Array;
  validationIndices: Uint32Array;
  heldOutIndices: Uint32Array;
  /** The fitted preprocessing, saved next to the models with --save-models. */
  prep: FittedPreparation;
}

/** Writes the fitted preprocessing as DIR/preprocessor.json, where served models find it. */
export async function savePreparation(dir: string, prep: FittedPreparation): Promise<void> {
  if (!prep.toJSON) return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'preprocessor.json'), JSON.stringify(prep.toJSON(), null, 2) + '\n');
}

export async function runEval(opts: EvalRunOptions): Promise<EvalRun> {
  const started = performance.now();
  const prepared = await prepareEval(opts);
  if (opts.saveModelsDir) await savePreparation(opts.saveModelsDir, prepared.prep);
  const fitBatch = prepared.data.train;
  const detectors: DetectorResult[] = [];
  // Trained default-config detectors stay alive so a composite (fusion) can borrow them.
  const pool = new Map<string, Detector>();
  try {
    for (const [k, kind] of opts.detectors.entries()) {
      opts.onProgress?.({
        kind: 'stage',
        message: `training ${kind} (${k + 1}/${opts.detectors.length}) on ${fitBatch.rows} rows x ${fitBatch.schema.columns.length} features`,
      });
      const result = await evaluateDetectorSafely(kind, prepared, opts, pool);
      detectors.push(result);
      opts.onProgress?.({ kind: 'detector-done', result });
    }
  } finally {
    for (const d of pool.values()) d.dispose();
  }
  return {
    report: finishReport(prepared.skeleton, detectors, (performance.now() - started) / 1000),
    fitIndices: prepared.fitIndices,
    validationIndices: prepared.validationIndices,
    heldOutIndices: prepared.heldOutIndices,
  };
}

export function finishReport(
  skeleton: PreparedEval['skeleton'],
  detectors: DetectorResult[],
  seconds: number,
): EvalReport {
  return { ...skeleton, seconds, detectors };
}

export async function prepareEval(opts: Omit<EvalRunOptions, 'detectors'>): Promise<PreparedEval> {
  const startedAt = new Date().toISOString();
  const say = (message: string): void => opts.onProgress?.({ kind: 'stage', message });
  const validationFraction = opts.validationFraction ?? 0.1;
  const source = opts.train.table;
  const splits: string[] = [];

  // 1. the training part (all of the file, or what a --split leaves)
  let trainPart: Uint32Array = Uint32Array.from({ length: source.rows }, (_, i) => i);
  let heldOut: NamedTable[] = [];
  let heldOutIndices: Uint32Array = new Uint32Array(0);
  if (opts.split !== undefined) {
    const h = holdOut(opts.train, opts.split, opts.seed);
    ({ trainPart, heldOut, heldOutIndices } = h);
    splits.push(h.description);
  }

  // 2. validation from the training part only
  const valSeed = subSeed(opts.seed, 1);
  const partCategories = Array.from(trainPart, (i) => source.category[i]!);
  const v = stratifiedSplit(partCategories, validationFraction, valSeed);
  const fitIndices = pick(trainPart, v.train);
  const validationIndices = pick(trainPart, v.test);
  splits.push(
    `validation: ${validationIndices.length} rows (${shareText(validationFraction)}) of the training part, stratified by category, ` +
      `seed ${valSeed} (derived from ${opts.seed}); used for thresholds and early stopping only`,
  );

  // 3. preprocessing fitted on the fit part only
  say(`fitting preprocessing on ${fitIndices.length} training rows`);
  const fitTable = subsetTable(source, fitIndices);
  const validationTable = subsetTable(source, validationIndices);
  const prep = opts.prepare(fitTable);
  const fitBatch = prep.transform(fitTable);
  const validationBatch = prep.transform(validationTable);
  const testSets: PreparedTestSet[] = [...opts.tests, ...heldOut].map((t) => ({
    info: { name: t.name, source: t.source, rows: t.table.rows, attackRows: countAttacks(t.table.label) },
    batch: prep.transform(t.table),
    labels: t.table.label,
    categories: t.table.category,
  }));
  if (testSets.length === 0) throw new RangeError('runEval: no test set (give test tables or a split)');

  const data: TrainingData = {
    train: fitBatch,
    trainLabels: fitTable.label,
    validation: validationBatch,
    validationLabels: validationTable.label,
    provenance: {
      dataset: opts.dataset,
      source: opts.train.source,
      split: splits.join('; '),
      seed: opts.seed,
    },
  };

  return {
    data,
    testSets,
    skeleton: {
      format: EVAL_REPORT_FORMAT,
      formatVersion: EVAL_REPORT_VERSION,
      dataset: opts.dataset,
      seed: opts.seed,
      startedAt,
      train: {
        source: opts.train.source,
        rows: trainPart.length,
        fitRows: fitIndices.length,
        validationRows: validationIndices.length,
      },
      splits,
      features: { id: schemaId(fitBatch.schema), columns: fitBatch.schema.columns.length },
      testSets: testSets.map((t) => t.info),
      ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}),
    },
    fitIndices,
    validationIndices,
    heldOutIndices,
    prep,
  };
}

/** Trains, scores and times one detector; a failure becomes a failed result, never a throw. */
export async function evaluateDetectorSafely(
  kind: string,
  prepared: Pick<PreparedEval, 'data' | 'testSets'>,
  opts: Omit<EvalRunOptions, 'detectors'>,
  pool?: Map<string, Detector>,
): Promise<DetectorResult> {
  try {
    return await evaluateDetector(kind, prepared.data, prepared.testSets, opts, pool);
  } catch (err) {
    // One broken detector must not throw away the minutes spent on the others.
    return failedResult(kind, err);
  }
}

/**
 * A detector with its config, plus `epochs` when given. Detectors that do not train by epochs (rules,
 * trees) may refuse the key; they are then made without it, and the caller is told.
 */
export function createDetector(
  factory: DetectorFactory,
  config: Record<string, unknown> | undefined,
  epochs: number | undefined,
  note: (message: string) => void,
): Detector {
  const base = config ?? {};
  if (epochs !== undefined) {
    try {
      return factory.create({ ...base, epochs });
    } catch {
      note(`${factory.kind} has no epochs setting; --epochs ignored for it`);
    }
  }
  return factory.create(Object.keys(base).length > 0 ? base : undefined);
}

export function failedResult(kind: string, err: unknown): DetectorResult {
  return {
    detector: kind,
    description: '',
    thresholdRule: 'n/a',
    threshold: NaN,
    trainSeconds: NaN,
    validation: {},
    timing: { flowsPerSecond: NaN, batchRows: 0, latencyP50Us: NaN, latencyP99Us: NaN, latencySamples: 0 },
    results: [],
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
  };
}

function testSetResult(t: PreparedTestSet, scores: Float32Array, threshold: number): TestSetResult {
  const confusion = confusionMatrix(scores, t.labels, threshold);
  return {
    testSet: t.info.name,
    rows: t.info.rows,
    confusion,
    metrics: { ...binaryMetrics(confusion), rocAuc: rocAuc(scores, t.labels) },
    perCategory: perCategoryDetection(scores, t.categories, threshold),
    roc: thinCurve(rocCurve(scores, t.labels)).map((p) => [p.fpr, p.tpr]),
  };
}

async function evaluateDetector(
  kind: string,
  data: TrainingData,
  testSets: PreparedTestSet[],
  opts: Omit<EvalRunOptions, 'detectors'>,
  pool?: Map<string, Detector>,
): Promise<DetectorResult> {
  const factory = await loadDetectorFactory(kind);
  let detector: Detector | undefined;
  let pooled = false;
  try {
    detector = createDetector(factory, opts.detectorConfig?.[kind], opts.epochs, (message) =>
      opts.onProgress?.({ kind: 'stage', message }),
    );
    const summary = await detector.train(data, {
      seed: subSeed(opts.seed, 100),
      onProgress: (p) => opts.onProgress?.({ kind: 'train', progress: p }),
      ...(pool ? { pretrained: pool } : {}),
    });
    opts.onProgress?.({
      kind: 'stage',
      message: `scoring ${kind} on ${testSets.map((t) => t.info.name).join(', ')}`,
    });
    const results: TestSetResult[] = [];
    for (const t of testSets)
      results.push(testSetResult(t, await detector.score(t.batch), detector.threshold));
    const timing = await measureScoring(detector, testSets[0]!.batch, opts.timing);
    const artifact = detector.toArtifact();
    const result: DetectorResult = {
      detector: kind,
      description: factory.description,
      thresholdRule: artifact.thresholdRule,
      threshold: detector.threshold,
      trainSeconds: summary.seconds,
      validation: summary.validation,
      timing,
      results,
    };
    if (summary.epochs !== undefined) result.epochs = summary.epochs;
    if (summary.secondsPerEpoch !== undefined) result.secondsPerEpoch = summary.secondsPerEpoch;
    if (opts.saveModelsDir) {
      const dir = join(opts.saveModelsDir, kind);
      await saveArtifact(dir, artifact);
      result.savedTo = dir;
    }
    if (pool && opts.detectorConfig?.[kind] === undefined && opts.epochs === undefined) {
      pool.set(kind, detector);
      pooled = true;
    }
    return result;
  } finally {
    if (!pooled) detector?.dispose();
  }
}
