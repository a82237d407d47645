/**
 * FeatureBatch: the only thing detectors read. Columns are named and the definition that made
 * them is versioned, so a model never scores columns it was not trained on.
 */
export interface FeatureSchema {
  /** Feature-definition name, e.g. 'nsl-kdd/kdd41' or 'kdd41+prep'. */
  name: string;
  /** Bumped whenever a column's meaning or order changes. */
  version: string;
  columns: readonly string[];
  /**
   * Categorical columns by name: their vocabulary. Such a column holds the index of its value in
   * the vocabulary (e.g. kdd41's `service`), so a batch stays numeric yet decodes to the dataset strings.
   */
  categories?: Readonly<Record<string, readonly string[]>>;
}

export interface FeatureBatch {
  schema: FeatureSchema;
  rows: number;
  /** Row-major values, rows * schema.columns.length. */
  data: Float32Array;
}

export function schemaId(schema: Pick<FeatureSchema, 'name' | 'version'>): string {
  return `${schema.name}@${schema.version}`;
}

export function makeBatch(schema: FeatureSchema, data: Float32Array): FeatureBatch {
  const width = schema.columns.length;
  if (width === 0 || data.length % width !== 0) {
    throw new RangeError(
      `feature batch for ${schemaId(schema)}: ${data.length} values is not a multiple of ${width} columns`,
    );
  }
  return { schema, rows: data.length / width, data };
}

/** Rows [start, end) as a batch sharing the same buffer (no copy). */
export function sliceBatch(batch: FeatureBatch, start: number, end: number): FeatureBatch {
  const w = batch.schema.columns.length;
  return { schema: batch.schema, rows: end - start, data: batch.data.subarray(start * w, end * w) };
}

/** The rows at `indices`, copied into a new batch. */
export function takeRows(batch: FeatureBatch, indices: ArrayLike<number>): FeatureBatch {
  const w = batch.schema.columns.length;
  const out = new Float32Array(indices.length * w);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out.set(batch.data.subarray(r * w, r * w + w), i * w);
  }
  return { schema: batch.schema, rows: indices.length, data: out };
}
