/**
 * `autoencoder`: an unsupervised detector for attacks never seen in training. It is trained on the
 * NORMAL rows of the training split only (labels are used just to pick them), scores a row by its
 * reconstruction error, and sets the threshold at a quantile of the validation split's normal-row
 * errors. Trained with tfjs-wasm, served through onnxruntime (serving/).
 */
import type { ModelArtifact } from '../artifact.js';
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION } from '../artifact.js';
import type { Detector, DetectorFactory, TrainingData, TrainOptions, TrainSummary } from '../detector.js';
import { takeRows, type FeatureBatch, type FeatureSchema } from '../../records/index.js';
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
import { autoencoderConfigSchema, type AutoencoderConfig } from './config.js';
import {
  initialParams,
  meanSquaredResiduals,
  reconstructionLoss,
  residualScale,
  type Architecture,
} from './network.js';
import { exportOnnx, RESIDUAL_SCALE } from './onnx-export.js';

const KIND = 'autoencoder';

export class NoNormalRowsError extends Error {
  constructor(split: string) {
    super(`detector ${KIND}: the ${split} split has no normal rows (label 0) to learn normal traffic from`);
    this.name = 'NoNormalRowsError';
  }
}

interface Trained {
  schema: FeatureSchema;
  threshold: number;
  weights: WeightMap;
  served: ServedModel;
  meta: ModelArtifact['training'];
  modelVersion: string;
}

function normalRows(batch: FeatureBatch, labels: Uint8Array, split: string): FeatureBatch {
  const idx: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === 0) idx.push(i);
  if (idx.length === 0) throw new NoNormalRowsError(split);
  return takeRows(batch, idx);
}

export class AutoencoderDetector implements Detector {
  readonly kind = KIND;
  private trained: Trained | undefined;

  constructor(readonly config: AutoencoderConfig) {}

  get featureSchema(): FeatureSchema | undefined {
    return this.trained?.schema;
  }

  get threshold(): number {
    return this.trained?.threshold ?? NaN;
  }

  private arch(schema: FeatureSchema): Architecture {
    return { inputs: schema.columns.length, encoder: this.config.encoder };
  }

  async train(data: TrainingData, opts: TrainOptions): Promise<TrainSummary> {
    const started = performance.now();
    const tf = await loadTf();
    const schema = data.train.schema;
    const arch = this.arch(schema);
    const trainNormal = normalRows(data.train, data.trainLabels, 'training');
    const valNormal = normalRows(data.validation, data.validationLabels, 'validation');
    const params = new ParamSet(tf, initialParams(arch, makeRng(subSeed(opts.seed, 1))));
    try {
      const fit = fitDetector(
        tf,
        KIND,
        this.config,
        subSeed(opts.seed, 2),
        { params, width: arch.inputs, loss: (x) => reconstructionLoss(tf, arch, params, x), train: { x: trainNormal.data, rows: trainNormal.rows }, validation: { x: valNormal.data, rows: valNormal.rows } },
        opts.onProgress,
      );
      const weights = params.snapshot();
      const msr = this.config.residualScaling
        ? meanSquaredResiduals(tf, arch, params, trainNormal.data, trainNormal.rows)
        : undefined;
      weights.set(RESIDUAL_SCALE, { shape: [arch.inputs], values: residualScale(msr, arch.inputs) });
      this.release();
      const served = await ServedModel.create(KIND, schema, exportOnnx(arch, weights), {
        threads: this.config.servingThreads,
      });
      opts.onProgress?.({ detector: KIND, stage: 'threshold', note: describeRule(this.config.threshold) });
      const valScores = await served.score(data.validation);
      const threshold = fitThreshold(valScores, data.validationLabels, this.config.threshold);
      const rates = ratesAt(valScores, data.validationLabels, threshold);
      const seconds = (performance.now() - started) / 1000;
      const trainedAt = new Date().toISOString();
      const metrics: Record<string, number> = {
        valLoss: fit.bestValLoss,
        epochsRun: fit.epochsRun,
        bestEpoch: fit.bestEpoch,
        stoppedByTimeBudget: fit.stoppedBy === 'time-budget' ? 1 : 0,
        normalTrainRows: trainNormal.rows,
        ...rates,
      };
      this.trained = {
        schema,
        threshold,
        weights,
        served,
        modelVersion: `${trainedAt}-seed${opts.seed}`,
        meta: {
          ...data.provenance,
          seed: opts.seed,
          trainRows: data.train.rows,
          validationRows: data.validation.rows,
          trainedAt,
          seconds,
          metrics,
        },
      };
      return {
        seconds,
        epochs: fit.epochsRun,
        secondsPerEpoch: fit.secondsPerEpoch,
        validation: { loss: fit.bestValLoss, bestEpoch: fit.bestEpoch, ...rates },
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
      ...packWeightMap(t.weights),
    };
  }

  async load(artifact: ModelArtifact): Promise<void> {
    const schema = artifact.featureSchema;
    const arch = this.arch(schema);
    const weights = unpackWeightMap(artifact);
    checkWeightShapes(KIND, weights, [
      ...initialParams(arch, () => 0).map(({ name, shape }) => ({ name, shape })),
      { name: RESIDUAL_SCALE, shape: [arch.inputs] },
    ]);
    const served = await ServedModel.create(KIND, schema, exportOnnx(arch, weights), {
      threads: this.config.servingThreads,
    });
    this.release();
    this.trained = {
      schema,
      threshold: artifact.threshold,
      weights,
      served,
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

/** Validation accuracy, detection rate and false-alarm rate at the fitted threshold. */
function ratesAt(scores: Float32Array, labels: Uint8Array, threshold: number): Record<string, number> {
  let tp = 0,
    fp = 0,
    pos = 0,
    neg = 0;
  for (let i = 0; i < scores.length; i++) {
    const alarm = scores[i]! >= threshold;
    if (labels[i] === 1) {
      pos++;
      if (alarm) tp++;
    } else {
      neg++;
      if (alarm) fp++;
    }
  }
  const out: Record<string, number> = {
    accuracy: (tp + neg - fp) / Math.max(1, pos + neg),
    falseAlarmRate: fp / Math.max(1, neg),
  };
  if (pos > 0) out.detectionRate = tp / pos;
  return out;
}

export const factory: DetectorFactory = {
  kind: KIND,
  description: 'Autoencoder trained on normal traffic only; reconstruction error flags unseen attacks',
  create: (config) => new AutoencoderDetector(parseConfig(KIND, autoencoderConfigSchema, config)),
  fromArtifact: async (artifact) => {
    assertArtifactKind(artifact, KIND);
    const d = new AutoencoderDetector(parseConfig(KIND, autoencoderConfigSchema, artifact.config));
    await d.load(artifact);
    return d;
  },
};
