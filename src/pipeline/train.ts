/**
 * Training for the embedded pipeline, with the evaluation's honest protocol: the validation split
 * (thresholds, early stopping) is carved from the training table only, stratified by category; the
 * preprocessor and the category centroids are fitted on the fit part only. Test captures never
 * reach this file.
 */
import type { LabeledTable } from '../datasets/table.js';
import { subsetTable } from '../datasets/table-ops.js';
import { loadDetectorFactory } from '../detect/catalog.js';
import type { Detector } from '../detect/detector.js';
import { Preprocessor, stratifiedSplit } from '../preprocess/index.js';
import type { LogEvent } from '../records/index.js';
import { subSeed } from '../util/random.js';
import { fitAuthRule, type AuthRuleConfig } from './auth-rule.js';
import { fitCategoryModel, type CategoryModel } from './category-model.js';

export interface TrainedModels {
  preprocessor: Preprocessor;
  detectors: { name: string; detector: Detector; trainSeconds: number }[];
  categories: CategoryModel;
  authRule: AuthRuleConfig;
  /** Rows the models were fitted on and validated on. */
  fitRows: number;
  validationRows: number;
}

export interface TrainPipelineOptions {
  detectors: readonly string[];
  seed: number;
  /** @default 0.1 */
  validationFraction?: number;
  /** Config per detector kind (e.g. its threshold rule), given to the factory. */
  detectorConfig?: Readonly<Record<string, Record<string, unknown>>>;
  /** Auth events of the training capture, and which addresses attacked in it (for the auth rule). */
  authEvents: readonly LogEvent[];
  isAttacker: (ip: string) => boolean;
  log?: (line: string) => void;
}

export async function trainPipelineModels(table: LabeledTable, opts: TrainPipelineOptions): Promise<TrainedModels> {
  const split = stratifiedSplit(table.category, opts.validationFraction ?? 0.1, subSeed(opts.seed, 1));
  const fit = subsetTable(table, split.train);
  const validation = subsetTable(table, split.test);
  const preprocessor = Preprocessor.fit(fit);
  const fitBatch = preprocessor.transform(fit);
  const validationBatch = preprocessor.transform(validation);
  const detectors: TrainedModels['detectors'] = [];
  for (const name of opts.detectors) {
    const factory = await loadDetectorFactory(name);
    const config = opts.detectorConfig?.[name];
    const detector = config === undefined ? factory.create() : factory.create(config);
    const summary = await detector.train(
      {
        train: fitBatch,
        trainLabels: fit.label,
        validation: validationBatch,
        validationLabels: validation.label,
        provenance: { dataset: 'lab', source: table.source, split: `stratified ${split.test.length} validation rows`, seed: opts.seed },
      },
      { seed: subSeed(opts.seed, 100) },
    );
    opts.log?.(`trained ${name} in ${summary.seconds.toFixed(1)} s (threshold ${detector.threshold.toPrecision(4)})`);
    detectors.push({ name, detector, trainSeconds: summary.seconds });
  }
  return {
    preprocessor,
    detectors,
    categories: fitCategoryModel(fitBatch, fit.label, fit.category),
    authRule: fitAuthRule(opts.authEvents, opts.isAttacker),
    fitRows: fit.rows,
    validationRows: validation.rows,
  };
}
