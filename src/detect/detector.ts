/**
 * The Detector contract. Every model (rules, SVM, MLP with attention, ensemble, autoencoder,
 * LSTM, GNN) implements it, is registered by name in registry.ts, and passes the shared
 * conformance suite in detector.case.ts.
 *
 * Detectors read FeatureBatches that a fitted Preprocessor made; they never see raw records.
 * Scores are "higher means more attack-like"; `threshold` turns a score into a verdict and is
 * fitted on the validation split carved from the training data, never on test data.
 */
import type { FeatureBatch, FeatureSchema } from '../records/index.js';
import type { ModelArtifact } from './artifact.js';

export interface TrainingData {
  train: FeatureBatch;
  /** 1 = attack, 0 = normal, one per train row. */
  trainLabels: Uint8Array;
  /** Held-out part of the *training* data: early stopping and thresholds only. */
  validation: FeatureBatch;
  validationLabels: Uint8Array;
  /** Where the data came from, recorded in the artefact. */
  provenance: TrainingProvenance;
}

export interface TrainingProvenance {
  dataset: string;
  source: string;
  /** How train/validation were made, e.g. 'KDDTrain+ stratified 90/10 seed 0'. */
  split: string;
  seed: number;
}

export interface TrainProgress {
  detector: string;
  /** What is happening: 'epoch', 'member', 'threshold', ... */
  stage: string;
  /** Position in the current stage, e.g. epoch 3 of 100. */
  step?: number;
  steps?: number;
  loss?: number;
  valLoss?: number;
  note?: string;
}

export interface TrainOptions {
  seed: number;
  onProgress?: (p: TrainProgress) => void;
  /**
   * Detectors already trained, with their default config, on this same TrainingData in this run
   * (by kind). A composite detector may borrow one instead of training its own copy; it must not
   * dispose what it borrowed. `vigil eval` uses this so `fusion` does not retrain its members.
   */
  pretrained?: ReadonlyMap<string, Detector>;
}

export interface TrainSummary {
  seconds: number;
  /** Epochs actually run, where that applies (early stopping may cut them short). */
  epochs?: number;
  /** Seconds per epoch, for the benchmark. */
  secondsPerEpoch?: number;
  /** Figures on the validation split (accuracy, loss, ...). */
  validation: Record<string, number>;
}

export interface Detector {
  /** Registry name, e.g. 'svm-linear'. */
  readonly kind: string;
  /** Schema the detector was trained on; undefined before training. */
  readonly featureSchema: FeatureSchema | undefined;
  /** Score at or above which a row is called an attack. */
  readonly threshold: number;
  train(data: TrainingData, opts: TrainOptions): Promise<TrainSummary>;
  /** One score per row; throws SchemaMismatchError if the batch schema differs from training. */
  score(batch: FeatureBatch): Promise<Float32Array>;
  toArtifact(): ModelArtifact;
  /** Frees native or GPU memory (tfjs tensors, ORT sessions). Safe to call twice. */
  dispose(): void;
}

export interface DetectorFactory {
  kind: string;
  /** One line for `vigil eval --help` and the README. */
  description: string;
  create(config?: Record<string, unknown>): Detector;
  fromArtifact(artifact: ModelArtifact): Promise<Detector>;
}

export class SchemaMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
    context: string,
  ) {
    super(
      `${context}: model was trained on feature definition ${expected} but was given ${actual}; ` +
        `retrain the model or extract features with ${expected}`,
    );
    this.name = 'SchemaMismatchError';
  }
}
