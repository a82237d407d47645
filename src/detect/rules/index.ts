/**
 * `rules`: the signature-and-threshold baseline. Each fitted rule that fires contributes its training
 * precision; the row's score is the highest such precision (0 when no rule fires).
 */
import { packWeights, trainedMeta, artifactMeta, type ArtifactMeta, type ModelArtifact } from '../artifact.js';
import { type Detector, type DetectorFactory, type TrainingData, type TrainOptions, type TrainSummary } from '../detector.js';
import { assertSameSchema } from '../model-store.js';
import { describeRule, fitThreshold } from '../threshold.js';
import { schemaId, type FeatureBatch, type FeatureSchema } from '../../records/index.js';
import { fitRule, ruleFires, type RuleFitOptions } from './fit.js';
import { KDD_RULE_TEMPLATES, UNSW_RULE_TEMPLATES, type FittedRule, type RuleTemplate } from './rules.js';

export interface RulesConfig extends RuleFitOptions {
  templates: RuleTemplate[];
}

// Both sets by default: templates whose column the schema lacks are dropped at training time.
const DEFAULTS: RulesConfig = {
  templates: [...KDD_RULE_TEMPLATES, ...UNSW_RULE_TEMPLATES],
  minPrecision: 0.95,
  minSupport: 0.002,
};
const THRESHOLD_RULE = { kind: 'max-accuracy' } as const;

class RulesDetector implements Detector {
  readonly kind = 'rules';
  featureSchema: FeatureSchema | undefined;
  threshold = 0.5;
  rules: FittedRule[] = [];
  private columnIndex: number[] = [];
  private meta: ArtifactMeta | undefined;

  constructor(readonly config: RulesConfig) {}

  async train(data: TrainingData, _opts: TrainOptions): Promise<TrainSummary> {
    const started = performance.now();
    const schema = data.train.schema;
    const present = this.config.templates.filter((t) => schema.columns.includes(t.column));
    if (present.length === 0) {
      throw new Error(`rules: none of the rule columns occur in feature definition ${schemaId(schema)}`);
    }
    this.rules = [];
    for (const t of present) {
      const values = column(data.train, schema.columns.indexOf(t.column));
      const fitted = fitRule(t, values, data.trainLabels, this.config);
      if (fitted) this.rules.push(fitted);
    }
    this.featureSchema = schema;
    this.bindColumns();
    const valScores = await this.score(data.validation);
    this.threshold = fitThreshold(valScores, data.validationLabels, THRESHOLD_RULE);
    const seconds = (performance.now() - started) / 1000;
    const validation = { rules: this.rules.length };
    this.meta = trainedMeta({
      kind: this.kind,
      config: { ...this.config },
      threshold: { threshold: this.threshold, rule: describeRule(THRESHOLD_RULE) },
      data,
      seed: data.provenance.seed,
      seconds,
      metrics: validation,
    });
    return { seconds, validation };
  }

  async score(batch: FeatureBatch): Promise<Float32Array> {
    if (!this.featureSchema) throw new Error('rules: score() called before train()');
    if (batch.schema !== this.featureSchema) assertSameSchema(this.featureSchema, batch.schema, 'rules');
    const w = batch.schema.columns.length;
    const out = new Float32Array(batch.rows);
    for (let r = 0; r < batch.rows; r++) {
      let s = 0;
      for (let k = 0; k < this.rules.length; k++) {
        const rule = this.rules[k]!;
        if (rule.precision > s && ruleFires(rule, batch.data[r * w + this.columnIndex[k]!]!)) s = rule.precision;
      }
      out[r] = s;
    }
    return out;
  }

  /** Names of the rules that fire on one row, for alert evidence. */
  firing(row: Float32Array): string[] {
    return this.rules.filter((rule, k) => ruleFires(rule, row[this.columnIndex[k]!]!)).map((r) => r.name);
  }

  toArtifact(): ModelArtifact {
    if (!this.meta) throw new Error('rules: toArtifact() called before train()');
    return { ...this.meta, state: { rules: this.rules }, ...packWeights([]) };
  }

  static fromArtifact(a: ModelArtifact): RulesDetector {
    const d = new RulesDetector(a.config as unknown as RulesConfig);
    d.featureSchema = a.featureSchema;
    d.threshold = a.threshold;
    d.rules = (a.state as { rules: FittedRule[] }).rules;
    d.meta = artifactMeta(a);
    d.bindColumns();
    return d;
  }

  private bindColumns(): void {
    const cols = this.featureSchema!.columns;
    this.columnIndex = this.rules.map((r) => cols.indexOf(r.column));
  }

  dispose(): void {}
}

function column(batch: FeatureBatch, c: number): Float32Array {
  const w = batch.schema.columns.length;
  const out = new Float32Array(batch.rows);
  for (let r = 0; r < batch.rows; r++) out[r] = batch.data[r * w + c]!;
  return out;
}

export const factory: DetectorFactory = {
  kind: 'rules',
  description: 'signature/threshold rules over named features (baseline); thresholds fitted on training data',
  create: (config) => new RulesDetector({ ...DEFAULTS, ...(config as Partial<RulesConfig>) }),
  fromArtifact: async (a) => RulesDetector.fromArtifact(a),
};

