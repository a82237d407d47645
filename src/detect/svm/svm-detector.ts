/**
 * SVM detectors behind the Detector contract. 'svm-linear': the hinge-loss solver on standardised
 * features. 'svm-rbf': the same solver on seeded random Fourier features (an RBF-kernel
 * approximation). Score = the SVM decision value w.z + b; the threshold is fitted on validation.
 */
import type { FeatureBatch, FeatureSchema } from '../../records/index.js';
import { subSeed } from '../../util/random.js';
import { readWeight, type ModelArtifact } from '../artifact.js';
import type { Detector, TrainingData, TrainOptions, TrainSummary } from '../detector.js';
import {
  accuracyAt,
  assembleArtifact,
  checkTrainingData,
  DetectorConfigError,
  fitOnValidation,
  guardBatch,
  mergeOptions,
  metaOf,
  NotTrainedError,
  stateOf,
  thresholdRuleOf,
  trainedMeta,
  type ArtifactMeta,
} from '../trees/detector-support.js';
import {
  applyFourierMap,
  fitStandardiser,
  makeFourierMap,
  standardise,
  type FourierMap,
} from './feature-maps.js';
import { trainHinge } from './hinge-sgd.js';

export type SvmKind = 'svm-linear' | 'svm-rbf';

export const SVM_DEFAULTS = {
  /** L2 strength; about 1/(C n) with LinearSVC's C = 1 on 113k rows. */
  lambda: 1e-5,
  epochs: 8,
  balanced: true,
  /** svm-rbf: number of random Fourier features. */
  dims: 512,
  /** svm-rbf: kernel width; 0 = 1/width (scikit-learn's gamma='scale' on standardised columns). */
  gamma: 0,
};

export type SvmOptions = typeof SVM_DEFAULTS;

export class SvmDetector implements Detector {
  private meta: ArtifactMeta | undefined;
  /** Linear weights on the raw input (svm-linear) or on the Fourier features (svm-rbf). */
  private weights: Float32Array | undefined;
  private bias = 0;
  private map: FourierMap | undefined;
  private readonly options: SvmOptions;

  constructor(
    readonly kind: SvmKind,
    private readonly config: Record<string, unknown> = {},
  ) {
    this.options = mergeOptions(kind, SVM_DEFAULTS, config);
    if (
      this.options.dims < 1 ||
      this.options.epochs < 1 ||
      this.options.lambda <= 0 ||
      this.options.gamma < 0
    ) {
      throw new DetectorConfigError(kind, 'dims and epochs must be >= 1, lambda > 0, gamma >= 0');
    }
  }

  get featureSchema(): FeatureSchema | undefined {
    return this.meta?.featureSchema;
  }

  get threshold(): number {
    return this.meta?.threshold ?? NaN;
  }

  async train(data: TrainingData, opts: TrainOptions): Promise<TrainSummary> {
    checkTrainingData(this.kind, data);
    const started = performance.now();
    const width = data.train.schema.columns.length;
    const rows = data.train.rows;
    const o = this.options;
    const std = fitStandardiser(data.train.data, rows, width);
    let solverInput: Float32Array;
    let solverWidth: number;
    if (this.kind === 'svm-rbf') {
      const gamma = o.gamma > 0 ? o.gamma : 1 / width;
      this.map = makeFourierMap(std, o.dims, gamma, subSeed(opts.seed, 0));
      opts.onProgress?.({
        detector: this.kind,
        stage: 'features',
        note: `${o.dims} random Fourier features, gamma ${gamma.toPrecision(3)}`,
      });
      solverInput = applyFourierMap(this.map, data.train.data, rows);
      solverWidth = o.dims;
    } else {
      solverInput = standardise(std, data.train.data, rows, width);
      solverWidth = width;
    }
    const model = trainHinge(
      solverInput,
      rows,
      solverWidth,
      data.trainLabels,
      { lambda: o.lambda, epochs: o.epochs, balanced: o.balanced, seed: subSeed(opts.seed, 1) },
      (e) =>
        opts.onProgress?.({
          detector: this.kind,
          stage: 'epoch',
          step: e.epoch,
          steps: o.epochs,
          loss: e.loss,
        }),
    );
    if (this.kind === 'svm-rbf') {
      this.weights = Float32Array.from(model.w);
      this.bias = model.b;
    } else {
      // Fold the standardiser in: w.((x - m) * invStd) + b = (w * invStd).x + (b - sum w m invStd).
      const w = new Float32Array(width);
      let b = model.b;
      for (let j = 0; j < width; j++) {
        w[j] = model.w[j]! * std.invStd[j]!;
        b -= model.w[j]! * std.invStd[j]! * std.mean[j]!;
      }
      this.weights = w;
      this.bias = b;
    }
    const valScores = this.scoreRows(data.validation);
    const fitted = fitOnValidation(
      thresholdRuleOf(this.kind, this.config),
      valScores,
      data.validationLabels,
      () => this.scoreRows(data.train),
      data.trainLabels,
    );
    const metrics = { validationAccuracy: accuracyAt(valScores, data.validationLabels, fitted.threshold) };
    const seconds = (performance.now() - started) / 1000;
    this.meta = trainedMeta({
      kind: this.kind,
      config: this.config,
      threshold: fitted,
      data,
      seed: opts.seed,
      seconds,
      metrics,
    });
    return { seconds, epochs: o.epochs, secondsPerEpoch: seconds / o.epochs, validation: metrics };
  }

  async score(batch: FeatureBatch): Promise<Float32Array> {
    guardBatch(this.kind, this.meta?.featureSchema, batch);
    return this.scoreRows(batch);
  }

  private scoreRows(batch: FeatureBatch): Float32Array {
    const w = this.weights!;
    const input = this.map ? applyFourierMap(this.map, batch.data, batch.rows) : batch.data;
    const width = w.length;
    const out = new Float32Array(batch.rows);
    for (let r = 0; r < batch.rows; r++) {
      let s = this.bias;
      for (let j = 0; j < width; j++) s += w[j]! * input[r * width + j]!;
      out[r] = s;
    }
    return out;
  }

  toArtifact(): ModelArtifact {
    if (!this.meta || !this.weights) throw new NotTrainedError(this.kind);
    const weights = [{ name: 'svm.w', shape: [this.weights.length], values: this.weights }];
    if (this.map) {
      weights.push({ name: 'svm.proj', shape: [this.map.dims, this.map.width], values: this.map.proj });
      weights.push({ name: 'svm.phase', shape: [this.map.dims], values: this.map.phase });
    }
    return assembleArtifact(this.meta, { bias: this.bias }, weights);
  }

  static fromArtifact(artifact: ModelArtifact, kind: SvmKind): SvmDetector {
    const meta = metaOf(artifact, kind);
    const d = new SvmDetector(kind, meta.config);
    const width = meta.featureSchema.columns.length;
    const w = readWeight(artifact, 'svm.w') as Float32Array;
    if (kind === 'svm-rbf') {
      const proj = readWeight(artifact, 'svm.proj') as Float32Array;
      const phase = readWeight(artifact, 'svm.phase') as Float32Array;
      if (proj.length !== phase.length * width || w.length !== phase.length) {
        throw new DetectorConfigError(
          kind,
          `artefact ${meta.modelVersion}: Fourier map shapes do not match ${width} columns`,
        );
      }
      d.map = { dims: phase.length, width, proj, phase };
    } else if (w.length !== width) {
      throw new DetectorConfigError(
        kind,
        `artefact ${meta.modelVersion}: ${w.length} weights for ${width} columns`,
      );
    }
    d.weights = w;
    d.bias = stateOf<{ bias: number }>(artifact, (s) => typeof s.bias === 'number').bias;
    d.meta = meta;
    return d;
  }

  dispose(): void {
    // Plain typed arrays: nothing native to free.
  }
}
