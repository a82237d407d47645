/**
 * A small EvalReport built from real metric computations on hand-made scores, for the rendering
 * tests (table, markdown, SVG). Not a mock of a run: every figure comes from metrics.ts.
 */
import {
  binaryMetrics,
  confusionMatrix,
  perCategoryDetection,
  rocAuc,
  rocCurve,
  thinCurve,
} from './metrics.js';
import { EVAL_REPORT_FORMAT, EVAL_REPORT_VERSION, type DetectorResult, type EvalReport } from './result.js';

const labels = [1, 1, 0, 1, 0, 0, 1, 0];
const categories = ['dos', 'probe', 'normal', 'r2l', 'normal', 'normal', 'dos', 'normal'];

function detector(name: string, scores: number[], threshold: number): DetectorResult {
  const confusion = confusionMatrix(scores, labels, threshold);
  return {
    detector: name,
    description: `${name} for tests`,
    thresholdRule: 'max-accuracy on validation split',
    threshold,
    trainSeconds: 1.25,
    validation: {},
    timing: {
      flowsPerSecond: 1_234_567,
      batchRows: 8,
      latencyP50Us: 12.3,
      latencyP99Us: 1500,
      latencySamples: 8,
    },
    results: [
      {
        testSet: 'Test<&>+',
        rows: scores.length,
        confusion,
        metrics: { ...binaryMetrics(confusion), rocAuc: rocAuc(scores, labels) },
        perCategory: perCategoryDetection(scores, categories, threshold),
        roc: thinCurve(rocCurve(scores, labels)).map((p) => [p.fpr, p.tpr] as [number, number]),
      },
    ],
  };
}

export function sampleReport(): EvalReport {
  return {
    format: EVAL_REPORT_FORMAT,
    formatVersion: EVAL_REPORT_VERSION,
    dataset: 'nsl-kdd',
    seed: 3,
    startedAt: '2026-11-26T10:00:00.000Z',
    seconds: 4.5,
    train: { source: 'train.txt', rows: 100, fitRows: 90, validationRows: 10 },
    splits: ['validation: 10% of train, stratified by category, seed 3'],
    features: { id: 'kdd41+prep@1', columns: 122 },
    testSets: [{ name: 'Test<&>+', source: 'test.txt', rows: labels.length, attackRows: 4 }],
    detectors: [
      detector('good', [0.9, 0.8, 0.1, 0.7, 0.2, 0.3, 0.95, 0.4], 0.5),
      detector('tied', [1, 1, 1, 0, 0, 1, 1, 0], 1),
    ],
  };
}
