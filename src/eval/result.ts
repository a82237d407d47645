/**
 * EvalReport: everything one `vigil eval` run measured, as data. The text table, the JSON file and
 * the markdown report are all renderings of this one record.
 */
import type { BinaryMetrics, CategoryRate, ConfusionMatrix } from './metrics.js';
import type { ScoringTiming } from './timing.js';

export const EVAL_REPORT_FORMAT = 'vigil-eval';
export const EVAL_REPORT_VERSION = 1;

export interface TestSetInfo {
  /** Short name used as the table heading, e.g. 'KDDTest+' or 'test-unseen'. */
  name: string;
  /** Where the rows came from (file, or file plus the split that made them). */
  source: string;
  rows: number;
  attackRows: number;
}

export interface TestSetResult {
  testSet: string;
  rows: number;
  confusion: ConfusionMatrix;
  metrics: BinaryMetrics & { rocAuc: number };
  perCategory: CategoryRate[];
  /** ROC curve thinned for plotting, as [fpr, tpr] pairs from (0,0) to (1,1). */
  roc: [number, number][];
}

export interface DetectorResult {
  detector: string;
  description: string;
  /** The rule that fitted the threshold, as the detector's artefact records it. */
  thresholdRule: string;
  threshold: number;
  trainSeconds: number;
  epochs?: number;
  secondsPerEpoch?: number;
  /** Figures the detector reported on the validation split while training. */
  validation: Record<string, number>;
  timing: ScoringTiming;
  results: TestSetResult[];
  /** Where the trained model was saved (--save-models), if it was. */
  savedTo?: string;
  /** Set when training or scoring failed; the run goes on with the other detectors. */
  error?: string;
}

export interface EvalReport {
  format: typeof EVAL_REPORT_FORMAT;
  formatVersion: number;
  dataset: string;
  seed: number;
  startedAt: string;
  /** Wall-clock seconds for the whole run. */
  seconds: number;
  train: {
    source: string;
    /** Rows in the training file (or the training part of a split file). */
    rows: number;
    /** Rows the models were fitted on, after carving out validation. */
    fitRows: number;
    validationRows: number;
  };
  /** Every split made, in words: how train/validation (and, for one-file datasets, train/test) were carved. */
  splits: string[];
  /** Feature definition the preprocessor produced, name@version and width. */
  features: { id: string; columns: number };
  testSets: TestSetInfo[];
  detectors: DetectorResult[];
  /** The --epochs override given to detectors that train by epochs (absent: their own defaults). */
  epochs?: number;
  /** Detectors trained at once in separate processes (absent or 1: one after another). */
  jobs?: number;
}
