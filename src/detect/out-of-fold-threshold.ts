/**
 * Out-of-fold thresholds, an opt-in for any supervised detector: config `thresholdFolds: k`.
 *
 * Why: a detector normally fits its threshold on the validation split alone (10% of the training
 * rows). On the lab's captures that split holds about 80 benign flows, so which few borderline benign
 * flows land in it, and where `max-accuracy` puts its cut in a wide tied interval, moves the threshold
 * a lot with the seed. With `thresholdFolds: k` every training row (fit part and validation split)
 * gets a score from a model that did not learn from it (k models, each trained on the other folds),
 * and the threshold is fitted on all of those scores with the detector's own rule. The model that is
 * kept is trained as usual on the whole training data; only its threshold is replaced.
 *
 * Without the key the factory is the detector's own, unchanged (NSL-KDD and UNSW use that).
 */
import type { FeatureBatch } from '../records/index.js';
import { takeRows } from '../records/feature-batch.js';
import { makeRng, subSeed } from '../util/random.js';
import type { ModelArtifact } from './artifact.js';
import type { Detector, DetectorFactory, TrainingData, TrainOptions, TrainSummary } from './detector.js';
import { describeRule, fitThreshold, type ThresholdRule } from './threshold.js';
import { DetectorConfigError, thresholdRuleOf } from './trees/detector-support.js';

export const THRESHOLD_FOLDS_KEY = 'thresholdFolds';

/** The factory, taught `thresholdFolds`; configs without it go straight to the detector's own create. */
export function withOutOfFoldThreshold(factory: DetectorFactory): DetectorFactory {
  return {
    kind: factory.kind,
    description: factory.description,
    create(config?: Record<string, unknown>): Detector {
      const folds = config?.[THRESHOLD_FOLDS_KEY];
      if (config === undefined || folds === undefined) return factory.create(config);
      if (typeof folds !== 'number' || !Number.isInteger(folds) || folds < 2)
        throw new DetectorConfigError(factory.kind, `${THRESHOLD_FOLDS_KEY} must be an integer >= 2, got ${JSON.stringify(folds)}`);
      const inner: Record<string, unknown> = { ...config };
      delete inner[THRESHOLD_FOLDS_KEY];
      const innerConfig = Object.keys(inner).length > 0 ? inner : undefined;
      const make = (): Detector => factory.create(innerConfig);
      make().dispose(); // fail fast on a bad inner config
      return new OutOfFoldThresholdDetector(factory.kind, make, folds, thresholdRuleOf(factory.kind, inner));
    },
    // The saved artefact is the inner detector's with the out-of-fold threshold written in.
    fromArtifact: (artifact) => factory.fromArtifact(artifact),
  };
}

/** Fold of each row, stratified by label (each fold gets its share of attacks and of normals). */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, seed: number): Uint8Array {
  const rng = makeRng(seed);
  const out = new Uint8Array(labels.length);
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === cls) idx.push(i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((row, k) => (out[row] = k % folds));
  }
  return out;
}

function rowsOf(batch: FeatureBatch, keep: (i: number) => boolean): { batch: FeatureBatch; index: number[] } {
  const index: number[] = [];
  for (let i = 0; i < batch.rows; i++) if (keep(i)) index.push(i);
  return { batch: takeRows(batch, index), index };
}

class OutOfFoldThresholdDetector implements Detector {
  private model: Detector | undefined;
  private fitted: { threshold: number; rule: string } | undefined;

  constructor(
    readonly kind: string,
    private readonly make: () => Detector,
    private readonly folds: number,
    private readonly rule: ThresholdRule,
  ) {}

  get featureSchema(): Detector['featureSchema'] {
    return this.model?.featureSchema;
  }

  get threshold(): number {
    return this.fitted?.threshold ?? NaN;
  }

  async train(data: TrainingData, opts: TrainOptions): Promise<TrainSummary> {
    const started = performance.now();
    const nTrain = data.train.rows;
    const labels = new Uint8Array(nTrain + data.validation.rows);
    labels.set(data.trainLabels, 0);
    labels.set(data.validationLabels, nTrain);
    const fold = stratifiedFolds(labels, this.folds, subSeed(opts.seed, 7));
    const oof = new Float32Array(labels.length);
    for (let f = 0; f < this.folds; f++) {
      const inTrain = rowsOf(data.train, (i) => fold[i] !== f);
      const inVal = rowsOf(data.validation, (i) => fold[nTrain + i] !== f);
      const outTrain = rowsOf(data.train, (i) => fold[i] === f);
      const outVal = rowsOf(data.validation, (i) => fold[nTrain + i] === f);
      const part = this.make();
      try {
        await part.train(
          {
            train: inTrain.batch,
            trainLabels: Uint8Array.from(inTrain.index, (i) => data.trainLabels[i]!),
            validation: inVal.batch,
            validationLabels: Uint8Array.from(inVal.index, (i) => data.validationLabels[i]!),
            provenance: { ...data.provenance, split: `${data.provenance.split}; out-of-fold model ${f + 1}/${this.folds}` },
          },
          { seed: subSeed(opts.seed, 300 + f) },
        );
        const a = await part.score(outTrain.batch);
        outTrain.index.forEach((row, k) => (oof[row] = a[k]!));
        const b = await part.score(outVal.batch);
        outVal.index.forEach((row, k) => (oof[nTrain + row] = b[k]!));
      } finally {
        part.dispose();
      }
      opts.onProgress?.({ detector: this.kind, stage: 'out-of-fold', step: f + 1, steps: this.folds });
    }
    this.model?.dispose();
    this.model = this.make();
    const summary = await this.model.train(data, opts);
    this.fitted = {
      threshold: fitThreshold(oof, labels, this.rule),
      rule: `${describeRule(this.rule).replace(/validation (split|normals)/, 'out-of-fold scores')} of all ${labels.length} training rows (${this.folds} folds)`,
    };
    opts.onProgress?.({ detector: this.kind, stage: 'threshold', note: this.fitted.rule });
    return {
      ...summary,
      seconds: (performance.now() - started) / 1000,
      validation: { ...summary.validation, outOfFoldThreshold: this.fitted.threshold, validationThreshold: this.model.threshold },
    };
  }

  async score(batch: FeatureBatch): Promise<Float32Array> {
    if (this.model === undefined) throw new RangeError(`${this.kind}: score() before train()`);
    return this.model.score(batch);
  }

  toArtifact(): ModelArtifact {
    if (this.model === undefined || this.fitted === undefined) throw new RangeError(`${this.kind}: toArtifact() before train()`);
    return { ...this.model.toArtifact(), threshold: this.fitted.threshold, thresholdRule: this.fitted.rule };
  }

  dispose(): void {
    this.model?.dispose();
  }
}
