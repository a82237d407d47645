/**
 * The bridge between the sensor's FeatureBatch (categorical columns as vocabulary indices) and the
 * LabeledTable the preprocessor is fitted on and transforms (categorical columns as strings), so
 * lab captures and live flows go through exactly the same preprocessing.
 *
 * The edge's batch is kdd41 (in NSL-KDD order); the table keeps that order, under EDGE_TABLE_SCHEMA,
 * whose name is the edge's: a preprocessor fitted on NSL-KDD's files refuses it by schema.
 */
import { KDD41_SCHEMA as KDD41_DATASET_SCHEMA } from '../datasets/kdd-schema.js';
import type { DatasetSchema, LabeledTable } from '../datasets/table.js';
import type { FeatureBatch } from '../records/index.js';
import { EDGE_FEATURE_SCHEMA } from './edge-features.js';

export interface RowLabels {
  label: Uint8Array;
  attack: string[];
  category: string[];
}

export class FeatureSchemaError extends Error {
  override readonly name = 'FeatureSchemaError';
}

/** kdd41's columns (3 categorical), under the edge's schema name. */
export const EDGE_TABLE_SCHEMA: DatasetSchema = {
  name: EDGE_FEATURE_SCHEMA.name,
  version: EDGE_FEATURE_SCHEMA.version,
  columns: [...KDD41_DATASET_SCHEMA.columns],
};

export function batchToTable(batch: FeatureBatch, labels: RowLabels | undefined, dataset: string, source: string): LabeledTable {
  const names = batch.schema.columns;
  const width = names.length;
  const wanted = EDGE_TABLE_SCHEMA.columns;
  if (width !== wanted.length || wanted.some((c, i) => c.name !== names[i])) {
    throw new FeatureSchemaError(`expected the edge's ${wanted.length} columns (kdd41), got ${batch.schema.name}@${batch.schema.version}`);
  }
  const columns = wanted.map((spec, c): Float64Array | string[] => {
    if (spec.kind === 'categorical') {
      const vocab = batch.schema.categories?.[spec.name];
      if (vocab === undefined) throw new FeatureSchemaError(`feature batch has no vocabulary for ${spec.name}`);
      const out = new Array<string>(batch.rows);
      for (let r = 0; r < batch.rows; r++) out[r] = vocab[batch.data[r * width + c]!] ?? 'other';
      return out;
    }
    const out = new Float64Array(batch.rows);
    for (let r = 0; r < batch.rows; r++) out[r] = batch.data[r * width + c]!;
    return out;
  });
  const rows = batch.rows;
  return {
    dataset,
    source,
    schema: EDGE_TABLE_SCHEMA,
    rows,
    columns,
    label: labels?.label ?? new Uint8Array(rows),
    attack: labels?.attack ?? new Array<string>(rows).fill('unlabelled'),
    category: labels?.category ?? new Array<string>(rows).fill('unlabelled'),
  };
}
