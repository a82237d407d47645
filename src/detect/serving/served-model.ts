/**
 * A trained network ready to score: its feature schema, and an ONNX graph run by onnxruntime.
 * Both the freshly trained detector and the one loaded from an artefact build this from the same
 * Float32 weights, so their scores are bit-identical (one kernel before and after save).
 */
import { type FeatureBatch, type FeatureSchema } from '../../records/index.js';
import { assertSameSchema } from '../model-store.js';
import { OnnxScorer, type OnnxScorerOptions } from './onnx/session.js';

export class NotTrainedError extends Error {
  constructor(kind: string) {
    super(`detector ${kind}: train it or load an artefact before scoring`);
    this.name = 'NotTrainedError';
  }
}

export class ServedModel {
  private checkedSchema: FeatureSchema | undefined;

  private constructor(
    readonly kind: string,
    readonly schema: FeatureSchema,
    private readonly scorer: OnnxScorer,
  ) {}

  static async create(
    kind: string,
    schema: FeatureSchema,
    onnx: Uint8Array,
    opts?: OnnxScorerOptions,
  ): Promise<ServedModel> {
    return new ServedModel(kind, schema, await OnnxScorer.create(onnx, opts));
  }

  /** One score per row; the graph's output must hold exactly one value per row. */
  async score(batch: FeatureBatch): Promise<Float32Array> {
    // Same schema object as last time: already checked (saves ~124 string compares per single-row call).
    if (batch.schema !== this.checkedSchema) {
      assertSameSchema(this.schema, batch.schema, `detector ${this.kind}`);
      this.checkedSchema = batch.schema;
    }
    const out = await this.scorer.run(batch.data, batch.rows, this.schema.columns.length);
    if (out.length !== batch.rows)
      throw new RangeError(`detector ${this.kind}: model gave ${out.length} values for ${batch.rows} rows`);
    return out;
  }

  dispose(): void {
    this.scorer.dispose();
  }
}
