/**
 * `fusion`: a supervised detector and an anomaly detector, combined by OR. The supervised member
 * knows the attacks seen in training with few false alarms; the autoencoder, trained on normal
 * traffic only, flags what it cannot reconstruct, which is how attacks absent from training are
 * caught. Each member fits its own threshold on the validation split by its own rule; the fusion
 * adds no threshold of its own (its threshold is 0 on the margin scale, see margin.ts).
 */
import { packWeights, readWeight, trainedMeta, artifactMeta, type ArtifactMeta, type ModelArtifact } from '../artifact.js';
import { loadDetectorFactory } from '../catalog.js';
import type { Detector, DetectorFactory, TrainingData, TrainOptions, TrainSummary } from '../detector.js';
import { assertSameSchema } from '../model-store.js';
import { schemaId, type FeatureBatch, type FeatureSchema } from '../../records/index.js';
import { subSeed } from '../../util/random.js';
import { fitScale, maxMarginInto, type MemberScale } from './margin.js';

export interface FusionMemberConfig {
  kind: string;
  config?: Record<string, unknown>;
}

export interface FusionConfig {
  members: FusionMemberConfig[];
}

export const DEFAULT_FUSION: FusionConfig = {
  members: [{ kind: 'gbdt' }, { kind: 'autoencoder' }],
};

const THRESHOLD_RULE = 'OR of member verdicts (each member threshold fitted on the validation split by its own rule)';

interface Member {
  detector: Detector;
  scale: MemberScale;
  /** False when borrowed from TrainOptions.pretrained: its owner disposes it. */
  owned: boolean;
}

export class FusionDetector implements Detector {
  readonly kind = 'fusion';
  readonly threshold = 0;
  private members: Member[] = [];
  private schema: FeatureSchema | undefined;
  private meta: ArtifactMeta | undefined;

  constructor(readonly config: FusionConfig) {
    if (config.members.length === 0) throw new Error('fusion: config.members must name at least one detector');
    if (config.members.some((m) => m.kind === 'fusion')) throw new Error('fusion: a member cannot itself be a fusion');
  }

  get featureSchema(): FeatureSchema | undefined {
    return this.schema;
  }

  /** Each member's kind and threshold, for reports. */
  describeMembers(): { kind: string; threshold: number }[] {
    return this.members.map((m) => ({ kind: m.detector.kind, threshold: m.detector.threshold }));
  }

  async train(data: TrainingData, opts: TrainOptions): Promise<TrainSummary> {
    const started = performance.now();
    this.dispose();
    const validation: Record<string, number> = {};
    for (const [k, spec] of this.config.members.entries()) {
      opts.onProgress?.({ detector: 'fusion', stage: 'member', step: k + 1, steps: this.config.members.length, note: spec.kind });
      const borrowed = spec.config === undefined ? opts.pretrained?.get(spec.kind) : undefined;
      let detector: Detector;
      if (borrowed?.featureSchema && schemaId(borrowed.featureSchema) === schemaId(data.train.schema)) {
        detector = borrowed;
      } else {
        detector = (await loadDetectorFactory(spec.kind)).create(spec.config);
        const summary = await detector.train(data, { ...opts, pretrained: undefined, seed: subSeed(opts.seed, k) });
        for (const [name, v] of Object.entries(summary.validation)) validation[`${k}:${spec.kind}:${name}`] = v;
      }
      const scale = fitScale(detector.threshold, await detector.score(data.validation));
      this.members.push({ detector, scale, owned: detector !== borrowed });
    }
    this.schema = data.train.schema;
    const seconds = (performance.now() - started) / 1000;
    this.meta = trainedMeta({
      kind: this.kind,
      config: this.config as unknown as Record<string, unknown>,
      threshold: { threshold: this.threshold, rule: THRESHOLD_RULE },
      data,
      seed: opts.seed,
      seconds,
      metrics: validation,
    });
    return { seconds, validation };
  }

  async score(batch: FeatureBatch): Promise<Float32Array> {
    if (!this.schema) throw new Error('fusion: score() called before train()');
    assertSameSchema(this.schema, batch.schema, 'fusion');
    const out = new Float32Array(batch.rows).fill(-Infinity);
    for (const m of this.members) maxMarginInto(out, await m.detector.score(batch), m.scale);
    return out;
  }

  toArtifact(): ModelArtifact {
    if (!this.meta) throw new Error('fusion: toArtifact() called before train()');
    // Members travel whole: their metadata in state, their weight buffers as one blob each.
    const parts = this.members.map((m) => m.detector.toArtifact());
    const packed = packWeights(parts.map((p, k) => ({ name: `member${k}`, shape: [p.weights.byteLength], values: new Uint8Array(p.weights) })));
    return {
      ...this.meta,
      state: { members: parts.map(({ weights: _w, ...meta }, k) => ({ meta, scale: this.members[k]!.scale })) },
      ...packed,
    };
  }

  static async fromArtifact(a: ModelArtifact): Promise<FusionDetector> {
    const d = new FusionDetector(a.config as unknown as FusionConfig);
    const state = a.state as { members: { meta: Omit<ModelArtifact, 'weights'>; scale: MemberScale }[] };
    for (const [k, { meta, scale }] of state.members.entries()) {
      const bytes = readWeight(a, `member${k}`) as Uint8Array;
      const factory = await loadDetectorFactory(meta.kind);
      const detector = await factory.fromArtifact({ ...meta, weights: bytes.buffer as ArrayBuffer });
      d.members.push({ detector, scale, owned: true });
    }
    d.schema = a.featureSchema;
    d.meta = artifactMeta(a);
    return d;
  }

  dispose(): void {
    for (const m of this.members) if (m.owned) m.detector.dispose();
    this.members = [];
  }
}

export const factory: DetectorFactory = {
  kind: 'fusion',
  description: 'OR-fusion of a supervised detector (default gbdt) and an autoencoder for unseen attacks',
  create: (config) => new FusionDetector({ ...DEFAULT_FUSION, ...(config as Partial<FusionConfig>) }),
  fromArtifact: (a) => FusionDetector.fromArtifact(a),
};
