/**
 * 'ensemble': ten voters, each trained on a resample that is both a bootstrap bag and boosted
 * toward earlier mistakes, with vote weights learned on the validation split (boosted-bagging.ts).
 * Score = vote-weighted average attack probability; threshold fitted on validation.
 */
import type { FeatureBatch, FeatureSchema } from '../../records/index.js';
import { makeRng, subSeed } from '../../util/random.js';
import { readWeight, type ModelArtifact, type WeightArray } from '../artifact.js';
import type { Detector, TrainingData, TrainOptions, TrainSummary } from '../detector.js';
import { binMatrix } from '../trees/binned-matrix.js';
import { MAX_BINS, QuantileBinner } from '../trees/binning.js';
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
import { FlatForest } from '../trees/flat-forest.js';
import { ObliviousForest } from '../trees/oblivious-forest.js';
import type { TreeEnsemble } from '../trees/tree-ensemble.js';
import { ensembleScores, trainBoostedBagging, type EnsembleParams } from './boosted-bagging.js';
import { MEMBER_KINDS, type Member, type MemberKind } from './members.js';

export const ENSEMBLE_DEFAULTS = {
  voters: 10,
  boostMix: 0.5,
  member: 'tree' as string,
  maxLeaves: 256,
  maxDepth: 20,
  minLeafRows: 2,
  featureFraction: 0.5,
  rounds: 20,
  learningRate: 0.3,
  maxBins: MAX_BINS,
};

interface EnsembleState {
  voteWeights: number[];
  members: { bias: number; link: Member['link']; layout?: 'flat' | 'oblivious'; depth?: number }[];
}

export class EnsembleDetector implements Detector {
  readonly kind = 'ensemble';
  private meta: ArtifactMeta | undefined;
  private members: Member[] = [];
  private voteWeights: Float64Array = new Float64Array(0);
  private readonly params: EnsembleParams & { maxBins: number };

  constructor(private readonly config: Record<string, unknown> = {}) {
    const o = mergeOptions(this.kind, ENSEMBLE_DEFAULTS, config);
    if (!(MEMBER_KINDS as readonly string[]).includes(o.member)) {
      throw new DetectorConfigError(
        this.kind,
        `member must be one of ${MEMBER_KINDS.join(', ')}, got '${o.member}'`,
      );
    }
    if (o.voters < 1 || o.boostMix < 0 || o.boostMix > 1)
      throw new DetectorConfigError(this.kind, 'voters must be >= 1 and boostMix in [0, 1]');
    this.params = { ...o, member: o.member as MemberKind };
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
    const p = this.params;
    const binner = QuantileBinner.fit(data.train.data, data.train.rows, width, {
      maxBins: p.maxBins,
      seed: subSeed(opts.seed, 0),
    });
    const m = binMatrix(binner, data.train.data, data.train.rows);
    const val = { x: data.validation.data, rows: data.validation.rows, labels: data.validationLabels };
    const trained = trainBoostedBagging(
      m,
      data.train.data,
      data.trainLabels,
      val,
      p,
      makeRng(subSeed(opts.seed, 1)),
      (r) =>
        opts.onProgress?.({
          detector: this.kind,
          stage: 'member',
          step: r.voter,
          steps: p.voters,
          note: `weighted train error ${r.weightedTrainError.toFixed(4)}, validation error ${r.validationError.toFixed(4)}, vote ${r.voteWeight.toFixed(3)}`,
        }),
    );
    this.members = trained.members;
    this.voteWeights = trained.voteWeights;
    const valScores = this.scoreRows(data.validation);
    const fitted = fitOnValidation(
      thresholdRuleOf(this.kind, this.config),
      valScores,
      data.validationLabels,
      () => this.scoreRows(data.train),
      data.trainLabels,
    );
    const metrics: Record<string, number> = {
      validationAccuracy: accuracyAt(valScores, data.validationLabels, fitted.threshold),
    };
    trained.reports.forEach((r) => {
      metrics[`voter${r.voter}.vote`] = r.voteWeight;
      metrics[`voter${r.voter}.validationError`] = r.validationError;
    });
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
    return { seconds, epochs: p.voters, secondsPerEpoch: seconds / p.voters, validation: metrics };
  }

  async score(batch: FeatureBatch): Promise<Float32Array> {
    guardBatch(this.kind, this.meta?.featureSchema, batch);
    return this.scoreRows(batch);
  }

  private scoreRows(batch: FeatureBatch): Float32Array {
    return ensembleScores(
      { members: this.members, voteWeights: this.voteWeights },
      batch.data,
      batch.rows,
      batch.schema.columns.length,
    );
  }

  toArtifact(): ModelArtifact {
    if (!this.meta) throw new NotTrainedError(this.kind);
    const weights: { name: string; shape: number[]; values: WeightArray }[] = [];
    this.members.forEach((member, k) => weights.push(...member.forest.weights(`voter${k}.`)));
    const state: EnsembleState = {
      voteWeights: Array.from(this.voteWeights),
      members: this.members.map((mb) =>
        mb.forest instanceof ObliviousForest
          ? { bias: mb.bias, link: mb.link, layout: 'oblivious', depth: mb.forest.depth }
          : { bias: mb.bias, link: mb.link, layout: 'flat' },
      ),
    };
    return assembleArtifact(this.meta, state, weights);
  }

  static fromArtifact(artifact: ModelArtifact): EnsembleDetector {
    const meta = metaOf(artifact, 'ensemble');
    const state = stateOf<EnsembleState>(
      artifact,
      (s) =>
        Array.isArray(s.voteWeights) && Array.isArray(s.members) && s.members.length === s.voteWeights.length,
    );
    const d = new EnsembleDetector(meta.config);
    const width = meta.featureSchema.columns.length;
    d.members = state.members.map((mb, k) => {
      const read = (name: string): WeightArray => readWeight(artifact, name);
      const forest: TreeEnsemble =
        mb.layout === 'oblivious'
          ? ObliviousForest.fromWeights(read, `voter${k}.`, mb.depth ?? 0)
          : FlatForest.fromWeights(read, `voter${k}.`);
      forest.validate(width, `model ensemble ${meta.modelVersion} voter ${k + 1}`);
      return { forest, bias: mb.bias, link: mb.link };
    });
    d.voteWeights = Float64Array.from(state.voteWeights);
    d.meta = meta;
    return d;
  }

  dispose(): void {
    // Plain typed arrays: nothing native to free.
  }
}
