/**
 * The features an agent computes per flow and the lab detectors are trained on: kdd41's 41 columns,
 * one row per flow, under the edge's own schema name (so a preprocessor fitted on NSL-KDD's files,
 * or a lab bundle made with an older edge, is refused by the schema check).
 *
 * Until 2026-11-26 the edge also appended src-window's 10 columns (features/src-window/). Design
 * selection by leave-one-run-out cross-validation on the training captures (src/pipeline/README.md,
 * "Design selection") showed them hurting: a model trained on one run learnt its clients' history
 * values, and called half of the other run's healthy page loads attacks. kdd41 alone was best.
 */
import { KDD41_SCHEMA } from '../features/kdd41/index.js';
import type { FeatureBatch, FeatureSchema } from '../records/index.js';

export const EDGE_FEATURE_SCHEMA: FeatureSchema = {
  name: 'lab-edge',
  version: `2/kdd41-${KDD41_SCHEMA.version}`,
  columns: [...KDD41_SCHEMA.columns],
  ...(KDD41_SCHEMA.categories ? { categories: KDD41_SCHEMA.categories } : {}),
};

/** kdd41's batch as the edge's, copied (the collector may reuse its buffers). */
export function toEdgeBatch(kdd41: FeatureBatch): FeatureBatch {
  const width = EDGE_FEATURE_SCHEMA.columns.length;
  if (kdd41.schema.columns.length !== width) throw new RangeError(`toEdgeBatch: expected kdd41's ${width} columns, got ${kdd41.schema.columns.length}`);
  return { schema: EDGE_FEATURE_SCHEMA, rows: kdd41.rows, data: kdd41.data.slice(0, kdd41.rows * width) };
}
