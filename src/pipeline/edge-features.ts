/**
 * The features an agent computes per flow and the lab detectors are trained on: kdd41's 41 columns
 * followed by src-window's (features/src-window/), one row per flow. kdd41's window columns are keyed
 * on the destination, which on a victim's agent is always the victim; src-window adds the same kind
 * of counts keyed on the flow's source, so a benign client's connection to a victim under attack
 * does not look like the attacker's (see src/pipeline/README.md, "Features").
 */
import { KDD41_SCHEMA } from '../features/kdd41/index.js';
import { SRC_WINDOW_SCHEMA } from '../features/src-window/index.js';
import type { FeatureBatch, FeatureSchema } from '../records/index.js';

export const EDGE_FEATURE_SCHEMA: FeatureSchema = {
  name: `${KDD41_SCHEMA.name}+${SRC_WINDOW_SCHEMA.name}`,
  version: `${KDD41_SCHEMA.version}.${SRC_WINDOW_SCHEMA.version}`,
  columns: [...KDD41_SCHEMA.columns, ...SRC_WINDOW_SCHEMA.columns],
  ...(KDD41_SCHEMA.categories ? { categories: KDD41_SCHEMA.categories } : {}),
};

/** Row i of the result is row i of `kdd41` followed by row i of `srcWindow`. */
export function joinEdgeBatches(kdd41: FeatureBatch, srcWindow: FeatureBatch): FeatureBatch {
  if (kdd41.rows !== srcWindow.rows) throw new RangeError(`joinEdgeBatches: ${kdd41.rows} kdd41 rows but ${srcWindow.rows} src-window rows`);
  const a = kdd41.schema.columns.length;
  const b = srcWindow.schema.columns.length;
  const out = new Float32Array(kdd41.rows * (a + b));
  for (let r = 0; r < kdd41.rows; r++) {
    out.set(kdd41.data.subarray(r * a, r * a + a), r * (a + b));
    out.set(srcWindow.data.subarray(r * b, r * b + b), r * (a + b) + a);
  }
  return { schema: EDGE_FEATURE_SCHEMA, rows: kdd41.rows, data: out };
}
