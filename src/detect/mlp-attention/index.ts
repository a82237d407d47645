/**
 * `mlp-attention`: an MLP with a learned per-row softmax weighting of the input features
 * (network.ts), trained with tfjs-wasm on seeded mini-batches with early stopping on the
 * validation split, served through onnxruntime (serving/). The score is the logit.
 */
import type { ModelArtifact } from '../artifact.js';
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION } from '../artifact.js';
import type { Detector, DetectorFactory, TrainingData, TrainOptions, TrainSummary } from '../detector.js';
import type { FeatureBatch, FeatureSchema } from '../../records/index.js';
import { NotTrainedError, ServedModel } from '../serving/served-model.js';
import { describeRule, fitThreshold } from '../threshold.js';
import { loadTf } from '../tf/backend.js';
import { fitDetector } from '../tf/fit.js';
import { parseConfig } from '../tf/options.js';
import { ParamSet } from '../tf/params.js';
import {
  assertArtifactKind,
  checkWeightShapes,
  packWeightMap,
  unpackWeightMap,
  type WeightMap,
} from '../tf/weights.js';
import { makeRng, subSeed } from '../../util/random.js';
import { mlpAttentionConfigSchema, type MlpAttentionConfig } from './config.js';
import { initialParams, logits, meanAttention, type Architecture } from './network.js';
import { exportOnnx } from './onnx-export.js';

const KIND = 'mlp-attention';

export interface FeatureWeight {
  feature: string;
  /** Mean softmax attention weight over the validation rows (all weights sum to 1). */
  weight: number;
}

interface Trained {
  schema: FeatureSchema;
  threshold: number;
  weights: WeightMap;
  served: ServedModel;
  attention: FeatureWeight[];
  meta: ModelArtifact['training'];
  modelVersion: string;
}

export class MlpAttentionDetector implements Detector {
  readonly kind = KIND;
  private trained: Trained | undefined;

  constructor(readonly config: MlpAttentionConfig) {}

  get featureSchema(): FeatureSchema | undefined {
    return this.trained?.schema;
  }

  get threshold(): number {
    return this.trained?.threshold ?? NaN;
  }

  /** Features ranked by mean attention weight on the validation split (most attended first). */
  topFeatures(k = 10): FeatureWeight[] {
    return (this.trained?.attention ?? []).slice(0, k);
  }

  async train(data: TrainingData, opts: TrainOptions): Promise<TrainSummary> {
    const started = performance.now();
    const tf = await loadTf();
    const schema = data.train.schema;
    const arch: Architecture = {
      inputs: schema.columns.length,
      attentionHidden: this.config.attentionHidden,
      hidden: this.config.hidden,
    };
    const params = new ParamSet(tf, initialParams(arch, makeRng(subSeed(opts.seed, 1))));
    try {
      const y = Float32Array.from(data.trainLabels);
      const vy = Float32Array.from(data.validationLabels);
      const fit = fitDetector(
        tf,
        KIND,
        this.config,
        subSeed(opts.seed, 2),
        { params, width: arch.inputs, loss: (x, t) => tf.losses.sigmoidCrossEntropy(t!, logits(tf, arch, params, x)), train: { x: data.train.data, rows: data.train.rows, y }, validation: { x: data.validation.data, rows: data.validation.rows, y: vy } },
        opts.onProgress,
      );
      const weights = params.snapshot();
      const att = meanAttention(tf, arch, params, data.validation.data, data.validation.rows);
      const attention = schema.columns
        .map((feature, i) => ({ feature, weight: att[i]! }))
        .sort((a, b) => b.weight - a.weight);
      this.release();
      const served = await ServedModel.create(KIND, schema, exportOnnx(arch, weights), {
        threads: this.config.servingThreads,
      });
      opts.onProgress?.({ detector: KIND, stage: 'threshold', note: describeRule(this.config.threshold) });
      const valScores = await served.score(data.validation);
      const threshold = fitThreshold(valScores, data.validationLabels, this.config.threshold);
      const valAccuracy = accuracyAt(valScores, data.validationLabels, threshold);
      const seconds = (performance.now() - started) / 1000;
      const trainedAt = new Date().toISOString();
      this.trained = {
        schema,
        threshold,
        weights,
        served,
        attention,
        modelVersion: `${trainedAt}-seed${opts.seed}`,
        meta: {
          ...data.provenance,
          seed: opts.seed,
          trainRows: data.train.rows,
          validationRows: data.validation.rows,
          trainedAt,
          seconds,
          metrics: {
            valLoss: fit.bestValLoss,
            valAccuracy,
            epochsRun: fit.epochsRun,
            bestEpoch: fit.bestEpoch,
            stoppedByTimeBudget: fit.stoppedBy === 'time-budget' ? 1 : 0,
          },
        },
      };
      return {
        seconds,
        epochs: fit.epochsRun,
        secondsPerEpoch: fit.secondsPerEpoch,
        validation: { loss: fit.bestValLoss, accuracy: valAccuracy, bestEpoch: fit.bestEpoch },
      };
    } finally {
      params.dispose();
    }
  }

  async score(batch: FeatureBatch): Promise<Float32Array> {
    if (!this.trained) throw new NotTrainedError(KIND);
    return this.trained.served.score(batch);
  }

  toArtifact(): ModelArtifact {
    const t = this.trained;
    if (!t) throw new NotTrainedError(KIND);
    return {
      format: ARTIFACT_FORMAT,
      formatVersion: ARTIFACT_FORMAT_VERSION,
      kind: KIND,
      modelVersion: t.modelVersion,
      featureSchema: t.schema,
      config: { ...this.config },
      threshold: t.threshold,
      thresholdRule: describeRule(this.config.threshold),
      training: t.meta,
      state: { attention: t.attention },
      ...packWeightMap(t.weights),
    };
  }

  /** Restores a trained model from an artefact (used by the factory). */
  async load(artifact: ModelArtifact): Promise<void> {
    const schema = artifact.featureSchema;
    const arch: Architecture = {
      inputs: schema.columns.length,
      attentionHidden: this.config.attentionHidden,
      hidden: this.config.hidden,
    };
    const weights = unpackWeightMap(artifact);
    checkWeightShapes(
      KIND,
      weights,
      initialParams(arch, () => 0).map(({ name, shape }) => ({ name, shape })),
    );
    const served = await ServedModel.create(KIND, schema, exportOnnx(arch, weights), {
      threads: this.config.servingThreads,
    });
    this.release();
    const state = (artifact.state ?? {}) as { attention?: FeatureWeight[] };
    this.trained = {
      schema,
      threshold: artifact.threshold,
      weights,
      served,
      attention: state.attention ?? [],
      meta: artifact.training,
      modelVersion: artifact.modelVersion,
    };
  }

  private release(): void {
    this.trained?.served.dispose();
    this.trained = undefined;
  }

  dispose(): void {
    this.release();
  }
}

function accuracyAt(scores: Float32Array, labels: Uint8Array, threshold: number): number {
  let ok = 0;
  for (let i = 0; i < scores.length; i++) ok += (scores[i]! >= threshold ? 1 : 0) === labels[i] ? 1 : 0;
  return ok / Math.max(1, scores.length);
}

export const factory: DetectorFactory = {
  kind: KIND,
  description: 'MLP with learned softmax feature attention (tfjs-wasm training, onnxruntime serving)',
  create: (config) => new MlpAttentionDetector(parseConfig(KIND, mlpAttentionConfigSchema, config)),
  fromArtifact: async (artifact) => {
    assertArtifactKind(artifact, KIND);
    const d = new MlpAttentionDetector(parseConfig(KIND, mlpAttentionConfigSchema, artifact.config));
    await d.load(artifact);
    return d;
  },
};
