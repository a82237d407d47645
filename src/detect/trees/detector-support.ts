/**
 * Plumbing shared by the hand-written detectors (trees, SVM, ensemble): config checking, the
 * threshold rule, the "not trained yet" and schema guards, and building the artefact record.
 */
import type { FeatureBatch, FeatureSchema } from '../../records/index.js';
import {
  artifactMeta,
  type ModelArtifact,
  type WeightArray,
  packWeights,
} from '../artifact.js';
import type { TrainingData } from '../detector.js';
import { assertSameSchema } from '../model-store.js';
import { describeRule, fitThreshold, type ThresholdRule } from '../threshold.js';

export class DetectorConfigError extends Error {
  constructor(kind: string, detail: string) {
    super(`detector ${kind}: ${detail}`);
    this.name = 'DetectorConfigError';
  }
}

export class NotTrainedError extends Error {
  constructor(kind: string) {
    super(`detector ${kind} has not been trained or loaded yet`);
    this.name = 'NotTrainedError';
  }
}

/**
 * Merges `config` over numeric/boolean `defaults`, refusing unknown keys and wrong types, so a typo
 * in a config file is an error rather than a silently ignored setting. `threshold` is handled apart.
 */
export function mergeOptions<T extends object>(
  kind: string,
  defaults: T,
  config: Record<string, unknown> = {},
): T {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, v] of Object.entries(config)) {
    if (key === 'threshold') continue;
    if (!(key in defaults))
      throw new DetectorConfigError(
        kind,
        `unknown option '${key}'; known: ${Object.keys(defaults).join(', ')}, threshold`,
      );
    const want = typeof (defaults as Record<string, unknown>)[key];
    if (typeof v !== want || (typeof v === 'number' && !Number.isFinite(v))) {
      throw new DetectorConfigError(kind, `option '${key}' must be a ${want}, got ${JSON.stringify(v)}`);
    }
    out[key] = v;
  }
  return out as T;
}

/** `threshold` in a config: a ThresholdRule; default max-accuracy on the validation split. */
export function thresholdRuleOf(kind: string, config: Record<string, unknown> = {}): ThresholdRule {
  const t = config.threshold as ThresholdRule | undefined;
  if (t === undefined) return { kind: 'max-accuracy' };
  if (t.kind === 'max-accuracy') return t;
  if (
    (t.kind === 'fpr' && typeof t.fpr === 'number') ||
    (t.kind === 'normal-quantile' && typeof t.q === 'number')
  )
    return t;
  throw new DetectorConfigError(
    kind,
    `threshold must be {kind:'max-accuracy'}, {kind:'fpr',fpr} or {kind:'normal-quantile',q}; got ${JSON.stringify(t)}`,
  );
}

export function checkTrainingData(kind: string, data: TrainingData): void {
  const w = data.train.schema.columns.length;
  if (data.train.rows === 0) throw new DetectorConfigError(kind, 'no training rows');
  if (data.trainLabels.length !== data.train.rows)
    throw new DetectorConfigError(
      kind,
      `${data.train.rows} train rows but ${data.trainLabels.length} labels`,
    );
  if (data.validationLabels.length !== data.validation.rows) {
    throw new DetectorConfigError(
      kind,
      `${data.validation.rows} validation rows but ${data.validationLabels.length} labels`,
    );
  }
  assertSameSchema(data.train.schema, data.validation.schema, `detector ${kind} validation split`);
  if (w === 0) throw new DetectorConfigError(kind, 'feature schema has no columns');
}

/** The schema the batch must match; throws NotTrainedError or SchemaMismatchError. */
export function guardBatch(
  kind: string,
  trained: FeatureSchema | undefined,
  batch: FeatureBatch,
): FeatureSchema {
  if (!trained) throw new NotTrainedError(kind);
  assertSameSchema(trained, batch.schema, `detector ${kind}`);
  return trained;
}

export interface FittedThreshold {
  threshold: number;
  rule: string;
}

/** Fits the rule on validation scores; with no validation rows, on training scores (said in the rule text). */
export function fitOnValidation(
  rule: ThresholdRule,
  valScores: ArrayLike<number>,
  valLabels: ArrayLike<number>,
  trainScores: () => ArrayLike<number>,
  trainLabels: ArrayLike<number>,
): FittedThreshold {
  if (valScores.length > 0)
    return { threshold: fitThreshold(valScores, valLabels, rule), rule: describeRule(rule) };
  return {
    threshold: fitThreshold(trainScores(), trainLabels, rule),
    rule: `${describeRule(rule)} (no validation rows: fitted on train)`,
  };
}

export { trainedMeta, type ArtifactMeta, type TrainedMetaParts } from '../artifact.js';
import type { ArtifactMeta } from '../artifact.js';

export function metaOf(artifact: ModelArtifact, expectKind: string): ArtifactMeta {
  if (artifact.kind !== expectKind)
    throw new DetectorConfigError(expectKind, `artefact is a '${artifact.kind}' model`);
  return artifactMeta(artifact);
}

/** The artefact's `state` when `valid` accepts it; otherwise a clear error instead of a crash later. */
export function stateOf<T>(artifact: ModelArtifact, valid: (s: Record<string, unknown>) => boolean): T {
  const s = artifact.state;
  if (typeof s !== 'object' || s === null || !valid(s as Record<string, unknown>)) {
    throw new DetectorConfigError(
      artifact.kind,
      `artefact ${artifact.modelVersion}: model state is missing or damaged`,
    );
  }
  return s as T;
}

export function assembleArtifact(
  meta: ArtifactMeta,
  state: unknown,
  weights: { name: string; shape: number[]; values: WeightArray }[],
): ModelArtifact {
  const packed = packWeights(weights);
  return { ...meta, state, weightSpecs: packed.weightSpecs, weights: packed.weights };
}

/** Accuracy of `score >= threshold` against labels, for the training summary. */
export function accuracyAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): number {
  if (scores.length === 0) return NaN;
  let ok = 0;
  for (let i = 0; i < scores.length; i++) ok += (scores[i]! >= threshold ? 1 : 0) === labels[i] ? 1 : 0;
  return ok / scores.length;
}
