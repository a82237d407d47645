/**
 * Tree detectors behind the Detector contract: 'gbdt' (gradient-boosted trees, logistic loss) and
 * 'random-forest' (bagged trees; trees: 1 with bootstrap: false is a single decision tree).
 * Both bin the training rows, grow trees on bins, and score raw float32 rows with a FlatForest.
 * Score = attack probability.
 */
import type { FeatureBatch, FeatureSchema } from '../../records/index.js';
import { readWeight, type ModelArtifact, type WeightArray } from '../artifact.js';
import type { Detector, TrainingData, TrainOptions, TrainSummary } from '../detector.js';
import { makeRng, subSeed } from '../../util/random.js';
import { trainBaggedTrees, FOREST_DEFAULTS, type BaggingParams } from './bagging.js';
import { binMatrix } from './binned-matrix.js';
import { MAX_BINS, QuantileBinner } from './binning.js';
import {
  accuracyAt,
  assembleArtifact,
  checkTrainingData,
  fitOnValidation,
  guardBatch,
  mergeOptions,
  metaOf,
  thresholdRuleOf,
  trainedMeta,
  type ArtifactMeta,
  NotTrainedError,
  stateOf,
} from './detector-support.js';
import { FlatForest } from './flat-forest.js';
import { ObliviousForest } from './oblivious-forest.js';
import type { TreeEnsemble } from './tree-ensemble.js';
import { GBDT_DEFAULTS, sigmoid, trainGbdt, type GbdtParams } from './gbdt.js';

export type TreeMode = 'gbdt' | 'random-forest';

interface TreeState {
  mode: TreeMode;
  /** How the trees are stored: ordinary ('flat') or oblivious with `depth` levels. */
  layout?: 'flat' | 'oblivious';
  depth?: number;
  /** Added to the tree sum before the link (log-odds prior for gbdt, 0 for forests). */
  bias: number;
  trees: number;
}

export class TreeDetector implements Detector {
  private meta: ArtifactMeta | undefined;
  private forest: TreeEnsemble | undefined;
  private bias = 0;

  constructor(
    readonly kind: TreeMode,
    private readonly config: Record<string, unknown> = {},
  ) {
    this.params(); // fail fast on a bad config
  }

  get featureSchema(): FeatureSchema | undefined {
    return this.meta?.featureSchema;
  }

  get threshold(): number {
    return this.meta?.threshold ?? NaN;
  }

  /** The trained trees, for benchmarks and the ensemble. */
  get trees(): TreeEnsemble | undefined {
    return this.forest;
  }

  private params(): (GbdtParams | BaggingParams) & { maxBins: number } {
    return this.kind === 'gbdt'
      ? mergeOptions(this.kind, { ...GBDT_DEFAULTS, maxBins: MAX_BINS }, this.config)
      : mergeOptions(this.kind, { ...FOREST_DEFAULTS, maxBins: MAX_BINS }, this.config);
  }

  async train(data: TrainingData, opts: TrainOptions): Promise<TrainSummary> {
    checkTrainingData(this.kind, data);
    const started = performance.now();
    const width = data.train.schema.columns.length;
    const p = this.params();
    const binner = QuantileBinner.fit(data.train.data, data.train.rows, width, {
      maxBins: p.maxBins,
      seed: subSeed(opts.seed, 0),
    });
    const m = binMatrix(binner, data.train.data, data.train.rows);
    const rng = makeRng(subSeed(opts.seed, 1));
    let rounds: number;
    const metrics: Record<string, number> = {};
    if (this.kind === 'gbdt') {
      const gp = p as GbdtParams;
      const val = { x: data.validation.data, rows: data.validation.rows, labels: data.validationLabels };
      const model = trainGbdt(m, data.trainLabels, undefined, val, gp, rng, (r) =>
        opts.onProgress?.({
          detector: this.kind,
          stage: 'round',
          step: r.round,
          steps: gp.rounds,
          loss: r.trainLoss,
          valLoss: r.valLoss,
        }),
      );
      this.forest = model.forest;
      this.bias = model.bias;
      rounds = model.roundsRun;
      metrics.bestRound = model.bestRound;
      metrics.valLogLoss = model.valLoss;
    } else {
      const bp = p as BaggingParams;
      this.forest = trainBaggedTrees(m, data.trainLabels, undefined, bp, rng, (t) =>
        opts.onProgress?.({ detector: this.kind, stage: 'tree', step: t, steps: bp.trees }),
      );
      this.bias = 0;
      rounds = bp.trees;
    }
    metrics.nodes = this.forest.nodes;
    const valScores = this.scoreRows(data.validation);
    const fitted = fitOnValidation(
      thresholdRuleOf(this.kind, this.config),
      valScores,
      data.validationLabels,
      () => this.scoreRows(data.train),
      data.trainLabels,
    );
    metrics.validationAccuracy = accuracyAt(valScores, data.validationLabels, fitted.threshold);
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
    opts.onProgress?.({ detector: this.kind, stage: 'threshold', note: fitted.rule });
    return { seconds, epochs: rounds, secondsPerEpoch: seconds / Math.max(1, rounds), validation: metrics };
  }

  async score(batch: FeatureBatch): Promise<Float32Array> {
    guardBatch(this.kind, this.meta?.featureSchema, batch);
    return this.scoreRows(batch);
  }

  /** Synchronous scoring without the schema check (the guard is done by score()). */
  scoreRows(batch: FeatureBatch): Float32Array {
    const forest = this.forest!;
    const out = new Float32Array(batch.rows);
    forest.predictSum(batch.data, batch.rows, batch.schema.columns.length, this.bias, out);
    if (this.kind === 'gbdt') for (let i = 0; i < out.length; i++) out[i] = sigmoid(out[i]!);
    return out;
  }

  toArtifact(): ModelArtifact {
    if (!this.meta || !this.forest) throw new NotTrainedError(this.kind);
    const state: TreeState = { mode: this.kind, bias: this.bias, trees: this.forest.trees, layout: 'flat' };
    if (this.forest instanceof ObliviousForest)
      Object.assign(state, { layout: 'oblivious', depth: this.forest.depth });
    return assembleArtifact(this.meta, state, this.forest.weights('forest.'));
  }

  static fromArtifact(artifact: ModelArtifact, kind: TreeMode): TreeDetector {
    const meta = metaOf(artifact, kind);
    const state = stateOf<TreeState>(artifact, (s) => typeof s.bias === 'number');
    const d = new TreeDetector(kind, meta.config);
    const read = (name: string): WeightArray => readWeight(artifact, name);
    const forest: TreeEnsemble =
      state.layout === 'oblivious'
        ? ObliviousForest.fromWeights(read, 'forest.', state.depth ?? 0)
        : FlatForest.fromWeights(read, 'forest.');
    forest.validate(meta.featureSchema.columns.length, `model ${kind} ${meta.modelVersion}`);
    d.forest = forest;
    d.bias = state.bias;
    d.meta = meta;
    return d;
  }

  dispose(): void {
    // Plain typed arrays: nothing native to free.
  }
}
