/**
 * Live kdd41 rows as a LabeledTable with the NSL-KDD reader's schema, so a Preprocessor fitted on
 * KDDTrain+ (src/preprocess) transforms live flows exactly as it transforms the dataset: categorical
 * columns go back to their strings. Live flows have no label: label 0, attack and category 'unknown'.
 */
import type { FeatureBatch } from '../../records/feature-batch.js';
import { schemaId } from '../../records/feature-batch.js';
import { KDD41_SCHEMA as DATASET_KDD41_SCHEMA } from '../../datasets/kdd-schema.js';
import type { LabeledTable } from '../../datasets/table.js';
import { KDD41_SCHEMA } from './columns.js';

export class NotKdd41BatchError extends Error {
  constructor(got: string) {
    super(`expected a ${schemaId(KDD41_SCHEMA)} feature batch, got ${got}`);
    this.name = 'NotKdd41BatchError';
  }
}

export function kdd41AsTable(batch: FeatureBatch, source: string): LabeledTable {
  if (batch.schema.name !== KDD41_SCHEMA.name || batch.schema.version !== KDD41_SCHEMA.version) {
    throw new NotKdd41BatchError(schemaId(batch.schema));
  }
  const width = KDD41_SCHEMA.columns.length;
  const rows = batch.rows;
  const columns = KDD41_SCHEMA.columns.map((name, c): Float64Array | string[] => {
    const vocab = KDD41_SCHEMA.categories?.[name];
    if (vocab !== undefined) return Array.from({ length: rows }, (_, r) => vocab[batch.data[r * width + c]!] ?? 'other');
    const values = new Float64Array(rows);
    for (let r = 0; r < rows; r++) values[r] = batch.data[r * width + c]!;
    return values;
  });
  return {
    dataset: 'live',
    source,
    schema: DATASET_KDD41_SCHEMA,
    rows,
    columns,
    label: new Uint8Array(rows),
    attack: new Array<string>(rows).fill('unknown'),
    category: new Array<string>(rows).fill('unknown'),
  };
}
